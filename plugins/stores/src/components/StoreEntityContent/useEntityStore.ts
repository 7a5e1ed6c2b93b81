import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ANNOTATION_STORE_ID } from '@storefleet/plugin-stores-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { storesApiRef } from '../../api/storesApiRef';
import { useStoresChanged } from '../../hooks/useStoresChanged';

/**
 * The store behind the current catalog entity, its activity, events and release revisions,
 * refreshed on change.
 */
export function useEntityStore() {
  const { entity } = useEntity();
  const storeId = entity.metadata.annotations?.[ANNOTATION_STORE_ID] ?? '';
  const storesApi = useApi(storesApiRef);
  const changed = useStoresChanged(storeId);
  const state = useAsyncRetry(async () => {
    const [store, activity, events, revisions] = await Promise.all([
      storesApi.getStore(storeId),
      storesApi.getActivity(storeId),
      storesApi.getEvents(storeId),
      storesApi.getRevisions(storeId),
    ]);
    return {
      store,
      activity: activity.items,
      events: events.items,
      revisions: revisions.items,
    };
  }, [storesApi, storeId, changed]);
  return { storeId, ...state };
}
