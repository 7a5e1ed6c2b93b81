import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { StoreActivity } from '@storefleet/plugin-stores-common';
import { useState } from 'react';

/** How many of the latest activity lines show before the earlier ones are folded. */
export const LATEST_ACTIVITY_LINES = 8;

/**
 * The store's activity in time order; when it grows past {@link LATEST_ACTIVITY_LINES}, the
 * earlier lines fold behind their count so the latest steps read first.
 */
export function StoreActivityCard(props: {
  items: StoreActivity[];
  error?: string;
}) {
  const [showEarlier, setShowEarlier] = useState(false);
  const earlier = Math.max(0, props.items.length - LATEST_ACTIVITY_LINES);
  const shown = showEarlier ? props.items : props.items.slice(earlier);
  return (
    <InfoCard title="Activity">
      {props.error && (
        <Typography color="error" variant="body2">
          The activity cannot be read right now: {props.error}
        </Typography>
      )}
      {earlier > 0 && (
        <Button size="small" onClick={() => setShowEarlier(!showEarlier)}>
          {showEarlier
            ? 'Hide earlier lines'
            : `Show ${earlier} earlier line${earlier === 1 ? '' : 's'}`}
        </Button>
      )}
      <List dense aria-label="Activity">
        {shown.map((a, i) => (
          <ListItem key={i}>
            <ListItemText
              primary={a.message}
              secondary={`${new Date(a.at).toLocaleString()} · ${a.kind}${
                a.actor ? ` · ${a.actor}` : ''
              }`}
            />
          </ListItem>
        ))}
      </List>
    </InfoCard>
  );
}
