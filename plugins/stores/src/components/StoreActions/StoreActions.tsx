import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import {
  canDelete,
  canRetry,
  Store,
  storeDeletePermission,
  storeRetryPermission,
} from '@storefleet/plugin-stores-common';
import { useState } from 'react';
import { storesApiRef } from '../../api/storesApiRef';
import { DeleteStoreDialog } from './DeleteStoreDialog';

/** Retry (failed stores only) and Delete (with typed confirmation), shown only to permitted people. */
export function StoreActions(props: { store: Store; onChange?: () => void }) {
  const { store, onChange } = props;
  const storesApi = useApi(storesApiRef);
  const alertApi = useApi(alertApiRef);
  const [confirming, setConfirming] = useState(false);
  const { allowed: mayDelete } = usePermission({
    permission: storeDeletePermission,
    resourceRef: store.id,
  });
  const { allowed: mayRetry } = usePermission({
    permission: storeRetryPermission,
    resourceRef: store.id,
  });

  const act = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      alertApi.post({
        message: `${what} requested for ${store.name}`,
        severity: 'info',
        display: 'transient',
      });
      onChange?.();
    } catch (error) {
      alertApi.post({
        message: `${what} of ${store.name} failed: ${(error as Error).message}`,
        severity: 'error',
      });
    }
  };

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
