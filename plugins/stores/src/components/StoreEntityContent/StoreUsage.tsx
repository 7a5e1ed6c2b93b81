import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  StoreUsage as Usage,
  UsageFigures,
} from '@storefleet/plugin-stores-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { storesApiRef } from '../../api/storesApiRef';

type Row = Usage['components'][number];

/** 250m, 1.5 cores */
export function formatCpu(millicores: number | undefined): string {
  if (millicores === undefined) return '—';
  return millicores < 1000 ? `${millicores}m` : `${millicores / 1000} cores`;
}

/** 180 MiB, 1.5 GiB */
export function formatMemory(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  const mib = bytes / 2 ** 20;
  return mib < 1024
    ? `${Math.round(mib)} MiB`
    : `${(mib / 1024).toFixed(1)} GiB`;
}

/** "42m of 250m requested, limit 1 cores" */
function inWords(f: UsageFigures, format: (n?: number) => string) {
  const limit =
    f.limits === undefined ? 'no limit' : `limit ${format(f.limits)}`;
  return `${format(f.used)} · requests ${format(f.requests)} · ${limit}`;
}

const columns: TableColumn<Row>[] = [
  { title: 'Component', field: 'component' },
  { title: 'Pods', field: 'pods' },
  { title: 'CPU', render: r => inWords(r.cpu, formatCpu) },
  { title: 'Memory', render: r => inWords(r.memory, formatMemory) },
];

/**
 * The store's CPU and memory by component: what it uses now (the cluster's metrics API), beside
 * what its pods request and may take; without a metrics API, the reason and the rest.
 */
export function StoreUsage(props: { storeId: string }) {
  const storesApi = useApi(storesApiRef);
  const usage = useAsyncRetry(
    () => storesApi.getUsage(props.storeId),
    [storesApi, props.storeId],
  );
  const u = usage.value;
  return (
    <InfoCard title="Usage">
      <div style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
        {u && (
          <Typography variant="body2">
            {`In total: CPU ${inWords(
              u.total.cpu,
              formatCpu,
            )}; memory ${inWords(u.total.memory, formatMemory)}`}
          </Typography>
        )}
        <Button size="small" onClick={usage.retry}>
          Refresh
        </Button>
      </div>
      {u?.metrics.available && u.metrics.at && (
        <Typography variant="caption">
          {`Use measured ${new Date(u.metrics.at).toLocaleTimeString()}${
            u.metrics.window ? ` over ${u.metrics.window}` : ''
          } (metrics.k8s.io)`}
        </Typography>
      )}
      {u && !u.metrics.available && (
        <Typography variant="body2">{u.metrics.reason}</Typography>
      )}
      {usage.error && (
        <Typography color="error" variant="body2">
          The usage cannot be read right now: {usage.error.message}
        </Typography>
      )}
      {u && u.components.length > 0 && (
        <Table<Row>
          columns={columns}
          data={u.components}
          options={{
            paging: false,
            search: false,
            toolbar: false,
            sorting: false,
            draggable: false,
            padding: 'dense',
          }}
        />
      )}
    </InfoCard>
  );
}
