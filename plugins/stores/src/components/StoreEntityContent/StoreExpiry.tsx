import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Store, storeUpdatePermission } from '@storefleet/plugin-stores-common';
import { storesApiRef } from '../../api/storesApiRef';
import { useStoreChange } from '../../hooks/useStoreChange';

const EXTEND_HOURS = 24;

/** "in 2 d 3 h", "in 45 min", or "now" for what is due. */
export function timeLeft(expiresAt: string, now = Date.now()): string {
  const minutes = Math.floor((Date.parse(expiresAt) - now) / 60_000);
  if (minutes <= 0) return 'now';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days) return `in ${days} d ${hours} h`;
  if (hours) return `in ${hours} h ${minutes % 60} min`;
  return `in ${minutes} min`;
}

/** When an expiring store is deleted, and (for people who may change it) a button to extend it. */
export function StoreExpiry(props: { store: Store; onChange?: () => void }) {
  const { store, onChange } = props;
  const storesApi = useApi(storesApiRef);
  const change = useStoreChange(onChange);
  const { allowed } = usePermission({
    permission: storeUpdatePermission,
    resourceRef: store.id,
  });
  if (!store.expiresAt) return null;
  const extend = () =>
    change(() => storesApi.extendStore(store.id, EXTEND_HOURS), {
      done: extended =>
        `${store.name} now expires ${new Date(
          extended.expiresAt!,
        ).toLocaleString()}`,
      failedAs: `Extending ${store.name} failed`,
    });
  const live = store.status !== 'deleting' && store.status !== 'deleted';
  return (
    <Typography variant="body2">
      Expires: {timeLeft(store.expiresAt)} (
      {new Date(store.expiresAt).toLocaleString()})
      {allowed && live && (
        <Button size="small" color="primary" onClick={extend}>
          Extend {EXTEND_HOURS} h
        </Button>
      )}
    </Typography>
  );
}
