import { Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import {
  Store,
  StoreRevision,
  storeUpdatePermission,
} from '@storefleet/plugin-stores-common';
import { storesApiRef } from '../../api/storesApiRef';
import { useStoreChange } from '../../hooks/useStoreChange';

/** The store's Helm revisions: when, who asked for what, and Roll back for earlier ones. */
export function StoreRevisions(props: {
  store: Store;
  revisions: StoreRevision[];
  onChange?: () => void;
}) {
  const { store, revisions, onChange } = props;
  const storesApi = useApi(storesApiRef);
  const change = useStoreChange(onChange);
  const { allowed } = usePermission({
    permission: storeUpdatePermission,
    resourceRef: store.id,
  });
  const mayRollBack =
    allowed && (store.status === 'ready' || store.status === 'degraded');
  const rollBack = (revision: number) =>
    change(() => storesApi.rollbackStore(store.id, revision), {
      done: () => `Rollback of ${store.name} to revision ${revision} requested`,
      failedAs: `Rollback of ${store.name} failed`,
    });
  const columns: TableColumn<StoreRevision>[] = [
    { title: 'Revision', field: 'revision', width: '8%' },
    { title: 'When', field: 'updated', type: 'datetime' },
    { title: 'Status', field: 'status' },
    {
      title: 'What changed',
      render: r => r.change ?? r.description,
    },
    { title: 'By', render: r => r.actor ?? '' },
    {
      title: '',
      render: r =>
        mayRollBack && r.status !== 'deployed' && r.change ? (
          <Button size="small" onClick={() => rollBack(r.revision)}>
            Roll back to {r.revision}
          </Button>
        ) : null,
    },
  ];
  return (
    <Table<StoreRevision>
      title="Revisions"
      columns={columns}
      data={[...revisions].reverse()}
      options={{ paging: false, search: false, padding: 'dense' }}
      emptyContent={<div style={{ padding: 16 }}>No revisions yet.</div>}
    />
  );
}
