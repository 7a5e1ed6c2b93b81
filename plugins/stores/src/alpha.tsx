import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import StorefrontIcon from '@material-ui/icons/Storefront';
import { StoresClient } from '@storefleet/plugin-stores-common';
import { storesApiRef } from './api/storesApiRef';
import { isStoreEntity } from './isStoreEntity';
import { rootRouteRef } from './routes';

const storesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: storesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new StoresClient({ discoveryApi, fetchApi }),
    }),
});

const storesPage = PageBlueprint.make({
  params: {
    path: '/stores',
    title: 'Stores',
    icon: <StorefrontIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/StoresPage').then(m => <m.StoresPage />),
  },
});

const storeEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/store',
    title: 'Store',
    filter: isStoreEntity,
    loader: () =>
      import('./components/StoreEntityContent').then(m => (
        <m.StoreEntityContent />
      )),
  },
});

const storeEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isStoreEntity,
    loader: () =>
      import('./components/StoreEntityCard').then(m => <m.StoreEntityCard />),
  },
});

/**
 * The stores plugin for the new frontend system: the Stores page (with its nav item), the
 * store entity tab and card, and the API.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'stores',
  title: 'Stores',
  icon: <StorefrontIcon />,
  routes: { root: rootRouteRef },
  extensions: [storesApi, storesPage, storeEntityContent, storeEntityCard],
});
