import {
  Content,
  Header,
  Link,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Store } from '@storefleet/plugin-stores-common';
import useAsync from 'react-use/esm/useAsync';
import { storesApiRef } from '../../api/storesApiRef';
import { StoreStatusChip } from '../StoreStatusChip';

const columns: TableColumn<Store>[] = [
  { title: 'Name', field: 'name' },
  { title: 'Engine', field: 'engine' },
  {
    title: 'Status',
    field: 'status',
    render: store => (
      <StoreStatusChip status={store.status} reason={store.reason} />
    ),
  },
  {
    title: 'Storefront',
    render: store =>
      store.storefrontUrl ? (
        <Link to={store.storefrontUrl}>{store.storefrontUrl}</Link>
      ) : (
        '—'
      ),
  },
  { title: 'Owner', field: 'owner' },
  { title: 'Created', field: 'createdAt', type: 'datetime' },
];

/** Lists the stores the signed-in user may see. */
export function StoresTable() {
  const storesApi = useApi(storesApiRef);
  const { value, loading, error } = useAsync(
    () => storesApi.listStores(),
    [storesApi],
  );
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <Table<Store>
      title="Stores"
      isLoading={loading}
      columns={columns}
      data={value?.items ?? []}
      options={{ paging: true, pageSize: 20, search: true }}
      emptyContent={
        <div style={{ padding: 16 }}>
          No stores yet. Create one from a template.
        </div>
      }
    />
  );
}

/** The Stores page. */
export function StoresPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Stores"
        subtitle="E-commerce stores provisioned by Storefleet"
      />
      <Content>
        <StoresTable />
      </Content>
    </Page>
  );
}
