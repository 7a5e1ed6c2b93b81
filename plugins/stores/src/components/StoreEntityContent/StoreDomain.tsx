import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Store, storeUpdatePermission } from '@storefleet/plugin-stores-common';
import { useState } from 'react';
import { storesApiRef } from '../../api/storesApiRef';
import { useStoreChange } from '../../hooks/useStoreChange';

const SETTLED = ['ready', 'degraded', 'failed', 'suspended'];

/** The store's own hostname, and for people who may change the store a dialog to set it. */
export function StoreDomain(props: { store: Store; onChange?: () => void }) {
  const { store, onChange } = props;
  const storesApi = useApi(storesApiRef);
  const change = useStoreChange(onChange);
  const [open, setOpen] = useState(false);
  const [hostname, setHostname] = useState(store.customHost ?? '');
  const { allowed } = usePermission({
    permission: storeUpdatePermission,
    resourceRef: store.id,
  });
  const save = (value: string | null) => {
    setOpen(false);
    return change(() => storesApi.setStoreDomain(store.id, value), {
      done: () =>
        value
          ? `${store.name} will be served on ${value}`
          : `${store.name} goes back to its Storefleet hostname`,
      failedAs: `Setting the domain of ${store.name} failed`,
    });
  };
  return (
    <Typography variant="body2" component="div">
      Domain: {store.customHost ?? 'Storefleet hostname'}
      {allowed && SETTLED.includes(store.status) && (
        <Button size="small" color="primary" onClick={() => setOpen(true)}>
          Custom domain
        </Button>
      )}
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        aria-labelledby="store-domain-title"
      >
        <DialogTitle id="store-domain-title">
          Custom domain for {store.name}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            Point the hostname's DNS at the cluster's ingress first; the store
            is Ready on it again after a test order.
          </DialogContentText>
          <TextField
            fullWidth
            id="store-domain-hostname"
            label="Hostname"
            placeholder="shop.example.com"
            value={hostname}
            onChange={e => setHostname(e.target.value.trim().toLowerCase())}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          {store.customHost && (
            <Button onClick={() => save(null)}>Remove</Button>
          )}
          <Button
            color="primary"
            variant="contained"
            disabled={!hostname || hostname === store.customHost}
            onClick={() => save(hostname)}
          >
            Save
          </Button>
        </DialogActions>
      </Dialog>
    </Typography>
  );
}
