import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { StoresClient } from '@storefleet/plugin-stores-common';
import { StoresEntityProvider } from './StoresEntityProvider';

/**
 * Adds one `Resource` entity per Storefleet store to the catalog.
 *
 * @public
 */
export const catalogModuleStores = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'stores',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, auth, discovery, logger, scheduler }) {
        const provider = new StoresEntityProvider({
          client: new StoresClient({ discoveryApi: discovery }),
          auth,
          logger,
        });
        catalog.addEntityProvider(provider);
        await scheduler.scheduleTask({
          id: 'stores-entity-provider:full-sync',
          frequency: { seconds: 30 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 5 },
          fn: () => provider.refresh(),
        });
      },
    });
  },
});
