import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ANNOTATION_STORE_ID } from '@storefleet/plugin-stores-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { storesApiRef } from '../../api/storesApiRef';
import { useStoresChanged } from '../../hooks/useStoresChanged';

/** A part of the tab that may fail on its own: its items, or why they could not be read. */
export interface Part<T> {
  items: T[];
  error?: string;
}

async function part<T>(load: () => Promise<{ items: T[] }>): Promise<Part<T>> {
  try {
    return { items: (await load()).items };
  } catch (error) {
    return { items: [], error: (error as Error).message };
  }
}

/**
 * The store behind the current catalog entity, its activity, events and release revisions,
 * refreshed on change. Only the store itself is required: activity, events and revisions each
 * load on their own, so a cluster outage (events, revisions) leaves status, URLs and Delete in
 * place and says what could not be read.
 */
export function useEntityStore() {
  const { entity } = useEntity();
  const storeId = entity.metadata.annotations?.[ANNOTATION_STORE_ID] ?? '';
  const storesApi = useApi(storesApiRef);
  const changed = useStoresChanged(storeId);
  const state = useAsyncRetry(async () => {
    const [store, activity, events, revisions] = await Promise.all([
      storesApi.getStore(storeId),
      part(() => storesApi.getActivity(storeId)),
      part(() => storesApi.getEvents(storeId)),
      part(() => storesApi.getRevisions(storeId)),
    ]);
    return { store, activity, events, revisions };
  }, [storesApi, storeId, changed]);
  return { storeId, ...state };
}
