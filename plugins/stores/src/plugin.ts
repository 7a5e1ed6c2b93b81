import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { StoresClient } from '@storefleet/plugin-stores-common';
import { storesApiRef } from './api/storesApiRef';
import { rootRouteRef } from './routes';

/** The stores plugin for the legacy frontend system. */
export const storesPlugin = createPlugin({
  id: 'stores',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: storesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new StoresClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The Stores page, for `<Route path="/stores" element={<StoresPage />} />`. */
export const StoresPage = storesPlugin.provide(
  createRoutableExtension({
    name: 'StoresPage',
    component: () => import('./components/StoresPage').then(m => m.StoresPage),
    mountPoint: rootRouteRef,
  }),
);

/** The store tab of a store entity; show it when `isStoreEntity(entity)`. */
export const EntityStoreContent = storesPlugin.provide(
  createComponentExtension({
    name: 'EntityStoreContent',
    component: {
      lazy: () =>
        import('./components/StoreEntityContent').then(
          m => m.StoreEntityContent,
        ),
    },
  }),
);

/** A small status card for a store entity's overview. */
export const EntityStoreCard = storesPlugin.provide(
  createComponentExtension({
    name: 'EntityStoreCard',
    component: {
      lazy: () =>
        import('./components/StoreEntityCard').then(m => m.StoreEntityCard),
    },
  }),
);
