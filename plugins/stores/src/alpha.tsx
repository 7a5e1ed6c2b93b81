import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import StorefrontIcon from '@material-ui/icons/Storefront';
import { StoresClient } from '@storefleet/plugin-stores-common';
import { storesApiRef } from './api/storesApiRef';
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

/**
 * The stores plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'stores',
  title: 'Stores',
  icon: <StorefrontIcon />,
  routes: { root: rootRouteRef },
  extensions: [storesApi, storesPage],
});
