import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  StoreLogs as Logs,
  storeLogsReadPermission,
} from '@storefleet/plugin-stores-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { storesApiRef } from '../../api/storesApiRef';

/**
 * The last lines of a component's log (server, worker, storefront, …), for the people the
 * policy lets read them (store.logs.read: owners and admins by default); nothing for others.
 */
export function StoreLogs(props: { storeId: string }) {
  const storesApi = useApi(storesApiRef);
  const { allowed } = usePermission({
    permission: storeLogsReadPermission,
    resourceRef: props.storeId,
  });
  const [component, setComponent] = useState<string>();
  const logs = useAsyncRetry<Logs | undefined>(
    async () =>
      allowed
        ? storesApi.getLogs(props.storeId, { component, tailLines: 200 })
        : undefined,
    [storesApi, props.storeId, component, allowed],
  );
  if (!allowed) return null;
  return (
    <InfoCard title="Logs">
      <div style={{ display: 'flex', gap: 16, alignItems: 'center' }}>
        <TextField
          id="store-logs-component"
          select
          label="Component"
          value={logs.value?.component ?? component ?? ''}
          style={{ minWidth: 180 }}
          onChange={e => setComponent(e.target.value)}
        >
          {(logs.value?.components ?? []).map(c => (
            <MenuItem key={c} value={c}>
              {c}
            </MenuItem>
          ))}
        </TextField>
        <Button size="small" onClick={logs.retry}>
          Refresh
        </Button>
        {logs.value?.pod && (
          <Typography variant="caption">pod {logs.value.pod}</Typography>
        )}
      </div>
      {logs.error && (
        <Typography color="error" variant="body2">
          The logs cannot be read right now: {logs.error.message}
        </Typography>
      )}
      <pre
        aria-label="Log lines"
        style={{ maxHeight: 400, overflow: 'auto', fontSize: 12 }}
      >
        {logs.value?.lines.length
          ? logs.value.lines.join('\n')
          : !logs.loading && !logs.error && 'No log lines.'}
      </pre>
    </InfoCard>
  );
}
