import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { useEntityStore } from '../StoreEntityContent/useEntityStore';
import { StoreStatusChip } from '../StoreStatusChip';

/** A small card for a store entity's overview: status and URLs. */
export function StoreEntityCard() {
  const { value, loading, error } = useEntityStore();
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const { store } = value!;
  return (
    <InfoCard title="Store">
      <StoreStatusChip status={store.status} reason={store.reason} />
      {store.storefrontUrl && (
        <Typography variant="body2">
          <Link to={store.storefrontUrl}>Storefront</Link>
        </Typography>
      )}
      {store.adminUrl && (
        <Typography variant="body2">
          <Link to={store.adminUrl}>Admin</Link>
        </Typography>
      )}
      {store.apiUrl && (
        <Typography variant="body2">
          <Link to={store.apiUrl}>Store API</Link>
        </Typography>
      )}
    </InfoCard>
  );
}
