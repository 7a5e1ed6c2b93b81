import {
  Content,
  ContentHeader,
  Header,
  Link,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import TextField from '@material-ui/core/TextField';
import {
  Store,
  STORE_STATUSES,
  StoreStatus,
} from '@storefleet/plugin-stores-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { storesApiRef } from '../../api/storesApiRef';
import { useStoresChanged } from '../../hooks/useStoresChanged';
import { StoreActions } from '../StoreActions';
import { StoreStatusChip } from '../StoreStatusChip';
import { FleetActivity } from './FleetActivity';
import { StoresSummaryCard } from './StoresSummaryCard';

const link = (url?: string) => (url ? <Link to={url}>{url}</Link> : '—');

/** Lists the stores the signed-in user may see, with filters and actions. */
export function StoresTable() {
  const storesApi = useApi(storesApiRef);
  const changed = useStoresChanged();
  const [status, setStatus] = useState<StoreStatus | ''>('');
  const [engine, setEngine] = useState('');
  // "Mine" first for people who have stores; everyone else sees all they may read.
  const [scope, setScope] = useState<'mine' | 'all'>();
  const firstScope = useAsync(async () => {
    const mine = await storesApi
      .listStores({ mine: true, limit: 1 })
      .catch(() => undefined);
    return mine && mine.totalCount > 0 ? 'mine' : 'all';
  }, [storesApi]);
  const shown = scope ?? firstScope.value;
  const { value, loading, error, retry } = useAsyncRetry(
    async () =>
      shown
        ? storesApi.listStores({
            status: status || undefined,
            engine: engine || undefined,
            ...(shown === 'mine' && { mine: true }),
            limit: 500,
          })
        : undefined,
    [storesApi, status, engine, shown, changed],
  );
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  const columns: TableColumn<Store>[] = [
    {
      title: 'Name',
      field: 'name',
      render: s => (s.displayName ? `${s.displayName} (${s.name})` : s.name),
    },
    { title: 'Engine', field: 'engine' },
    {
      title: 'Status',
      field: 'status',
      render: s => <StoreStatusChip status={s.status} reason={s.reason} />,
    },
    { title: 'Storefront', render: s => link(s.storefrontUrl) },
    { title: 'Admin', render: s => link(s.adminUrl) },
    { title: 'Owner', field: 'owner' },
    { title: 'Created', field: 'createdAt', type: 'datetime' },
    {
      title: 'Actions',
      render: s => <StoreActions store={s} onChange={retry} />,
    },
  ];
  return (
    <>
      <div style={{ display: 'flex', gap: 16, marginBottom: 16 }}>
        <TextField
          select
          label="Show"
          value={shown ?? ''}
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
          style={{ minWidth: 160 }}
          onChange={e => setScope(e.target.value as 'mine' | 'all')}
        >
          <MenuItem value="mine">Mine</MenuItem>
          <MenuItem value="all">All I may see</MenuItem>
        </TextField>
        <TextField
          select
          label="Status"
          value={status}
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
          style={{ minWidth: 160 }}
          onChange={e => setStatus(e.target.value as StoreStatus | '')}
        >
          <MenuItem value="">All live</MenuItem>
          {STORE_STATUSES.map(s => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label="Engine"
          value={engine}
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
          style={{ minWidth: 160 }}
          onChange={e => setEngine(e.target.value)}
        >
          <MenuItem value="">All</MenuItem>
          <MenuItem value="woocommerce">WooCommerce</MenuItem>
          <MenuItem value="medusa">Medusa</MenuItem>
        </TextField>
      </div>
      <Table<Store>
        title={`Stores (${value?.totalCount ?? 0})`}
        isLoading={(loading || !shown) && !value}
        columns={columns}
        data={value?.items ?? []}
        options={{ paging: true, pageSize: 20, search: true, padding: 'dense' }}
        emptyContent={
          <div style={{ padding: 16 }}>
            No stores yet. Create one from a template.
          </div>
        }
      />
    </>
  );
}

/** The Stores page: the stores with their summary, and the activity across them. */
export function StoresPage() {
  const [tab, setTab] = useState<'stores' | 'activity'>('stores');
  return (
    <Page themeId="tool">
      <Header
        title="Stores"
        subtitle="E-commerce stores provisioned by Storefleet"
      />
      <Content>
        <ContentHeader title="">
          <Button
            variant="contained"
            color="primary"
            href="/create?filters[kind]=template&filters[tags]=storefleet"
          >
            Create store
          </Button>
        </ContentHeader>
        <Tabs
          value={tab}
          onChange={(_e, value) => setTab(value)}
          indicatorColor="primary"
          style={{ marginBottom: 16 }}
        >
          <Tab label="Stores" value="stores" />
          <Tab label="Activity" value="activity" />
        </Tabs>
        {tab === 'stores' ? (
          <>
            <div style={{ marginBottom: 16 }}>
              <StoresSummaryCard />
            </div>
            <StoresTable />
          </>
        ) : (
          <FleetActivity />
        )}
      </Content>
    </Page>
  );
}
