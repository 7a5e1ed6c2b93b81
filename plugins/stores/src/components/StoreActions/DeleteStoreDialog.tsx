import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';

/** Asks the person to type the store's name before it is deleted. */
export function DeleteStoreDialog(props: {
  open: boolean;
  storeName: string;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const [typed, setTyped] = useState('');
  return (
    <Dialog
      open={props.open}
      onClose={props.onCancel}
      aria-labelledby="delete-store-title"
    >
      <DialogTitle id="delete-store-title">
        Delete store {props.storeName}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          Its namespace, database, uploads and orders are removed for good. Type{' '}
          <strong>{props.storeName}</strong> to confirm.
        </DialogContentText>
        <TextField
          fullWidth
          label="Store name"
          value={typed}
          onChange={e => setTyped(e.target.value)}
          inputProps={{ 'aria-label': 'Type the store name to confirm' }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          color="secondary"
          variant="contained"
          disabled={typed !== props.storeName}
          onClick={props.onConfirm}
        >
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}
