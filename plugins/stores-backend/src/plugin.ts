import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  StoreEngine,
  storesEngineExtensionPoint,
} from '@storefleet/plugin-stores-node';
import {
  storeCreatePermission,
  storesPermissions,
} from '@storefleet/plugin-stores-common';
import { storePermissionRules, storeResourceRef } from './permissions/rules';
import { DatabaseStoresStore } from './database/DatabaseStoresStore';
import { builtinEngines } from './engines/builtinEngines';
import { EngineRegistry } from './engines/EngineRegistry';
import { createRouter } from './service/router';

/**
 * The stores backend plugin: the only component that changes stores.
 *
 * @public
 */
export const storesPlugin = createBackendPlugin({
  pluginId: 'stores',
  register(env) {
    const addedEngines: StoreEngine[] = [];
    env.registerExtensionPoint(storesEngineExtensionPoint, {
      addEngine: (...engines) => addedEngines.push(...engines),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        logger,
        database,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
      }) {
        const store = await DatabaseStoresStore.create({ database });
        permissionsRegistry.addResourceType({
          resourceRef: storeResourceRef,
          permissions: storesPermissions.filter(p => p.type === 'resource'),
          rules: storePermissionRules,
          getResources: refs =>
            Promise.all(refs.map(ref => store.getStore(ref))),
        });
        permissionsRegistry.addPermissions([storeCreatePermission]);
        const engines = new EngineRegistry(
          [...builtinEngines, ...addedEngines],
          config.getOptionalStringArray('stores.enabledEngines'),
        );
        httpRouter.use(
          await createRouter({ logger, httpAuth, permissions, store, engines }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
