import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { StoresClient } from '@storefleet/plugin-stores-common';
import { createStoreAction } from './actions/createStore';
import { deleteStoreAction } from './actions/deleteStore';

/**
 * Adds the Storefleet actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleStores = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'stores',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ scaffolder, auth, discovery }) {
        const client = new StoresClient({ discoveryApi: discovery });
        scaffolder.addActions(
          createStoreAction({ client, auth }),
          deleteStoreAction({ client, auth }),
        );
      },
    });
  },
});
