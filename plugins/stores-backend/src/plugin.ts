import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  StoreEngine,
  storesEngineExtensionPoint,
} from '@storefleet/plugin-stores-node';
import { registerStoreActions } from './actions/storeActions';
import { readLifecycleSettings } from './config/LifecycleSettings';
import { DatabaseStoresStore } from './database/DatabaseStoresStore';
import { builtinEngines } from './engines/builtinEngines';
import { EngineRegistry } from './engines/EngineRegistry';
import { readCallerRateLimit } from './http/callerRateLimit';
import { createRouter } from './http/router';
import { StoreMetrics } from './metrics/StoreMetrics';
import { StoreOperations } from './operations/StoreOperations';
import { createStoreLifecycle } from './wiring/lifecycle';
import { schedulePeriodicJobs } from './wiring/periodicJobs';
import { registerStorePermissions } from './wiring/permissions';
import { startProvisioning } from './wiring/provisioning';
import { changePublisher } from './wiring/publishChange';
import { findSetupProblems } from './wiring/setupProblems';

/**
 * The stores backend plugin: the only component that changes stores. Wiring only; the pieces
 * are assembled in src/wiring/ (see the architecture page for the rooms).
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
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        events: eventsServiceRef,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
        userInfo: coreServices.userInfo,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        const settings = readLifecycleSettings(config);
        const store = await DatabaseStoresStore.create(deps);
        registerStorePermissions(deps.permissionsRegistry, store);
        const engines = new EngineRegistry(
          [...builtinEngines, ...addedEngines],
          config.getOptionalStringArray('stores.enabledEngines'),
        );
        const metrics = new StoreMetrics();
        metrics.observeStoreCounts(
          async () => (await store.summary()).byStatus,
        );
        const publishChange = changePublisher(deps);

        const provisioning = await startProvisioning({
          ...deps,
          settings,
          store,
          engines,
          metrics,
          publishChange,
        });
        const setupProblems = await findSetupProblems({
          settings,
          engines,
          clusterConfigured: Boolean(provisioning),
          logger,
        });
        const lifecycle = createStoreLifecycle({
          config,
          settings,
          store,
          engines,
          metrics,
          logger,
          scheduler,
          provisioning,
          setupProblems,
          publishChange,
        });
        await schedulePeriodicJobs({
          ...deps,
          settings,
          store,
          engines,
          lifecycle,
          provisioning,
        });

        const operations = new StoreOperations({
          permissions: deps.permissions,
          auditor: deps.auditor,
          store,
          lifecycle,
          engines,
          cluster: provisioning?.cluster,
          helm: provisioning?.helm,
          userInfo: deps.userInfo,
          poolSizes: settings.pool.sizes,
        });
        deps.httpRouter.use(
          await createRouter({
            logger,
            httpAuth: deps.httpAuth,
            operations,
            setupProblems: () => setupProblems,
            rateLimit: readCallerRateLimit(config),
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        // The same operations for AI agents: served over MCP by the mcp-actions plugin.
        registerStoreActions({
          actionsRegistry: deps.actionsRegistry,
          operations,
          auditor: deps.auditor,
        });
      },
    });
  },
});
