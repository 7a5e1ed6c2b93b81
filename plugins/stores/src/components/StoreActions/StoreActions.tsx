import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import {
  canDelete,
  canResume,
  canRetry,
  canSuspend,
  Store,
  storeDeletePermission,
  storeRetryPermission,
  storeUpdatePermission,
} from '@storefleet/plugin-stores-common';
import { useState } from 'react';
import { storesApiRef } from '../../api/storesApiRef';
import { useStoreChange } from '../../hooks/useStoreChange';
import { DeleteStoreDialog } from './DeleteStoreDialog';

/**
 * Retry (failed stores), Suspend (ready stores), Resume (suspended stores) and Delete (with
 * typed confirmation), each shown only to people the permission policy allows.
 */
export function StoreActions(props: { store: Store; onChange?: () => void }) {
  const { store, onChange } = props;
  const storesApi = useApi(storesApiRef);
  const [confirming, setConfirming] = useState(false);
  const { allowed: mayDelete } = usePermission({
    permission: storeDeletePermission,
    resourceRef: store.id,
  });
  const { allowed: mayRetry } = usePermission({
    permission: storeRetryPermission,
    resourceRef: store.id,
  });
  const { allowed: mayUpdate } = usePermission({
    permission: storeUpdatePermission,
    resourceRef: store.id,
  });

  const change = useStoreChange(onChange);
  const act = (what: string, fn: () => Promise<unknown>) =>
    change(fn, {
      done: () => `${what} requested for ${store.name}`,
      failedAs: `${what} of ${store.name} failed`,
    });

  return (
    <>
      {mayRetry && canRetry(store.status) && (
        <Button
          size="small"
          color="primary"
          onClick={() => act('Retry', () => storesApi.retryStore(store.id))}
        >
          Retry
        </Button>
      )}
      {mayUpdate &&
        (store.status === 'ready' || store.status === 'degraded') && (
          <Button
            size="small"
            onClick={() => act('Check', () => storesApi.checkStore(store.id))}
          >
            Check now
          </Button>
        )}
      {mayUpdate && canSuspend(store.status) && (
        <Button
          size="small"
          onClick={() => act('Suspend', () => storesApi.suspendStore(store.id))}
        >
          Suspend
        </Button>
      )}
      {mayUpdate && canResume(store.status) && (
        <Button
          size="small"
          color="primary"
          onClick={() => act('Resume', () => storesApi.resumeStore(store.id))}
        >
          Resume
        </Button>
      )}
      {mayDelete && canDelete(store.status) && (
        <Button
          size="small"
          color="secondary"
          onClick={() => setConfirming(true)}
        >
          Delete
        </Button>
      )}
      <DeleteStoreDialog
        open={confirming}
        storeName={store.name}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          act('Delete', () => storesApi.deleteStore(store.id));
        }}
      />
    </>
  );
}
