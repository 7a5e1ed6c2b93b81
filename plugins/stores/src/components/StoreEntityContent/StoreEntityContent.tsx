import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { StoreActions } from '../StoreActions';
import { StoreActivityCard } from './StoreActivityCard';
import { StoreEvents } from './StoreEvents';
import { StoreStatusChip } from '../StoreStatusChip';
import { failureInWords } from './failureInWords';
import { StoreCredentials } from './StoreCredentials';
import { StoreLogs } from './StoreLogs';
import { StoreUsage } from './StoreUsage';
import { StoreDomain } from './StoreDomain';
import { StoreExpiry } from './StoreExpiry';
import { StoreRevisions } from './StoreRevisions';
import { useEntityStore } from './useEntityStore';

/** The "Store" tab of a store entity: status, URLs, why it failed, activity and Kubernetes events. */
export function StoreEntityContent() {
  const { storeId, value, loading, error, retry } = useEntityStore();
  if (!storeId)
    return <Typography>This entity is not a Storefleet store.</Typography>;
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const { store, activity, events, revisions } = value!;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard
          title={store.displayName || store.name}
          subheader={`${store.engine} store`}
        >
          <Typography variant="h6" component="div">
            <StoreStatusChip status={store.status} reason={store.reason} />
          </Typography>
          {(store.status === 'failed' || store.status === 'degraded') && (
            <>
              <Typography paragraph>{failureInWords(store.reason)}</Typography>
              <Typography variant="body2" color="textSecondary" paragraph>
                {store.reason}
              </Typography>
            </>
          )}
          <Typography variant="body2">
            Storefront:{' '}
            {store.storefrontUrl ? (
              <Link to={store.storefrontUrl}>{store.storefrontUrl}</Link>
            ) : (
              'not yet'
            )}
          </Typography>
          <Typography variant="body2">
            Admin:{' '}
            {store.adminUrl ? (
              <Link to={store.adminUrl}>{store.adminUrl}</Link>
            ) : (
              'not yet'
            )}
          </Typography>
          {store.apiUrl && (
            <Typography variant="body2">
              Store API: <Link to={store.apiUrl}>{store.apiUrl}</Link>
            </Typography>
          )}
          <Typography variant="body2">
            Created: {new Date(store.createdAt).toLocaleString()}
          </Typography>
          <StoreExpiry store={store} onChange={retry} />
          <StoreDomain store={store} onChange={retry} />
          {store.options && (
            <Typography variant="body2">
              Options:{' '}
              {Object.entries(store.options)
                .map(([key, option]) => `${key} ${[option].flat().join(', ')}`)
                .join(' · ')}
            </Typography>
          )}
          <Typography variant="body2" paragraph>
            Attempts: {store.attempts} · Namespace: {store.namespace}
          </Typography>
          {store.status === 'ready' && <StoreCredentials storeId={store.id} />}
          <div style={{ marginTop: 16 }}>
            <StoreActions store={store} onChange={retry} />
          </div>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <StoreActivityCard {...activity} />
      </Grid>
      <Grid item xs={12}>
        <StoreRevisions
          store={store}
          revisions={revisions.items}
          onChange={retry}
        />
        {revisions.error && (
          <Typography color="error" variant="body2">
            The revisions cannot be read right now: {revisions.error}
          </Typography>
        )}
      </Grid>
      <Grid item xs={12}>
        <StoreUsage storeId={store.id} />
      </Grid>
      <Grid item xs={12}>
        <StoreLogs storeId={store.id} />
      </Grid>
      <Grid item xs={12}>
        <StoreEvents {...events} />
      </Grid>
    </Grid>
  );
}
