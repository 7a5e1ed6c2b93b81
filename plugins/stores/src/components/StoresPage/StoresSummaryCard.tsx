import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { STORE_STATUSES } from '@storefleet/plugin-stores-common';
import useAsync from 'react-use/esm/useAsync';
import { storesApiRef } from '../../api/storesApiRef';
import { useStoresChanged } from '../../hooks/useStoresChanged';
import { StoreStatusChip } from '../StoreStatusChip';

const seconds = (s?: number) => (s === undefined ? '—' : `${Math.round(s)} s`);

/**
 * The fleet at a glance, above the list: how many stores in each state, how long the latest ones
 * took to become Ready, and which failed last and why. Refreshes when a store changes.
 */
export function StoresSummaryCard() {
  const storesApi = useApi(storesApiRef);
  const changed = useStoresChanged();
  const { value, loading, error } = useAsync(
    () => storesApi.getSummary(),
    [storesApi, changed],
  );
  if (error) return <ResponseErrorPanel error={error} />;
  if (loading && !value) return <Progress />;
  if (!value) return null;
  const { provisioningSeconds: ready, recentFailures } = value;
  return (
    <InfoCard
      title={`${value.total} ${value.total === 1 ? 'store' : 'stores'}`}
    >
      <div
        style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
        aria-label="Stores by status"
      >
        {STORE_STATUSES.filter(s => value.byStatus[s]).map(s => (
          <span
            key={s}
            style={{ display: 'inline-flex', alignItems: 'center' }}
          >
            <StoreStatusChip status={s} />
            <Typography variant="body2">{value.byStatus[s]}</Typography>
          </span>
        ))}
      </div>
      <Typography variant="body2" style={{ marginTop: 8 }}>
        {ready.count
          ? `Time to Ready, last ${ready.count} ${
              ready.count === 1 ? 'store' : 'stores'
            }: median ${seconds(ready.p50)}, longest ${seconds(ready.max)}`
          : 'No store has become Ready yet.'}
      </Typography>
      {value.warmPool?.map(p => (
        <Typography key={p.engine} variant="body2">
          {`Warm pool, ${p.engine}: ${p.ready} of ${p.size} ready to hand over${
            p.provisioning ? `, ${p.provisioning} being provisioned` : ''
          }`}
        </Typography>
      ))}
      {recentFailures.length > 0 && (
        <>
          <Typography variant="subtitle2" style={{ marginTop: 8 }}>
            Latest failures
          </Typography>
          <ul style={{ margin: 0 }}>
            {recentFailures.map(f => (
              <li key={f.id}>
                <EntityRefLink
                  entityRef={{
                    kind: 'resource',
                    namespace: 'default',
                    name: f.name,
                  }}
                  title={f.name}
                />
                {`: ${f.reason ?? 'no reason recorded'} (${new Date(
                  f.updatedAt,
                ).toLocaleString()})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </InfoCard>
  );
}
