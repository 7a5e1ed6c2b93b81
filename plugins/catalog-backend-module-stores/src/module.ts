import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  STORES_CHANGED_TOPIC,
  StoresClient,
} from '@storefleet/plugin-stores-common';
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
        events: eventsServiceRef,
      },
      async init({ catalog, auth, discovery, logger, scheduler, events }) {
        const provider = new StoresEntityProvider({
          client: new StoresClient({ discoveryApi: discovery }),
          auth,
          logger,
        });
        catalog.addEntityProvider(provider);
        await events.subscribe({
          id: 'catalog-stores-provider',
          topics: [STORES_CHANGED_TOPIC],
          onEvent: async ({ eventPayload }) => {
            const { storeId } = eventPayload as { storeId?: string };
            if (storeId) await provider.refreshStore(storeId);
          },
        });
        await scheduler.scheduleTask({
          id: 'stores-entity-provider:full-sync',
          frequency: { minutes: 5 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 5 },
          fn: () => provider.refresh(),
        });
      },
    });
  },
});
