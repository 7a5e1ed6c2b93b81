import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  StoreEngine,
  storesEngineExtensionPoint,
} from '@storefleet/plugin-stores-node';
import {
  STORES_CHANGED_TOPIC,
  STORES_SIGNAL_CHANNEL,
  storeCreatePermission,
  storesPermissions,
} from '@storefleet/plugin-stores-common';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { hostname } from 'node:os';
import { v4 as uuid } from 'uuid';
import { registerStoreActions } from './actions/storeActions';
import { DatabaseStoresStore } from './database/DatabaseStoresStore';
import { builtinEngines } from './engines/builtinEngines';
import { EngineRegistry } from './engines/EngineRegistry';
import { HelmClient } from './helm/HelmClient';
import { ClusterClient, loadKubeConfig } from './kubernetes/ClusterClient';
import {
  storePermissionRules,
  storeResourceRef,
} from '@storefleet/plugin-stores-node';
import { readLifecycleSettings } from './config/LifecycleSettings';
import { DriftCheck } from './jobs/DriftCheck';
import { ExpiryCheck } from './jobs/ExpiryCheck';
import { FailedCleanup } from './jobs/FailedCleanup';
import { WarmPool } from './jobs/WarmPool';
import { Reconciler } from './reconcile/Reconciler';
import { createRouter } from './http/router';
import { checkSetup, describeProblems } from './setup/checkSetup';
import { readCallerRateLimit } from './http/callerRateLimit';
import { readDomainRules } from './lifecycle/customDomains';
import { StoreLifecycle } from './lifecycle/StoreLifecycle';
import { StoreOperations } from './operations/StoreOperations';
import { StoreMetrics } from './metrics/StoreMetrics';

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
        const { config, logger, database, httpAuth, httpRouter, permissions } =
          deps;
        const settings = readLifecycleSettings(config);
        const store = await DatabaseStoresStore.create({ database, logger });
        deps.permissionsRegistry.addResourceType({
          resourceRef: storeResourceRef,
          permissions: storesPermissions.filter(p => p.type === 'resource'),
          rules: storePermissionRules,
          getResources: refs =>
            Promise.all(refs.map(ref => store.getStore(ref))),
        });
        deps.permissionsRegistry.addPermissions([storeCreatePermission]);
        const engines = new EngineRegistry(
          [...builtinEngines, ...addedEngines],
          config.getOptionalStringArray('stores.enabledEngines'),
        );

        const metrics = new StoreMetrics();
        metrics.observeStoreCounts(
          async () => (await store.summary()).byStatus,
        );
        // The catalog module (and anything else) learns of every change without polling.
        const publishChange = (storeId: string) => {
          // The UI refreshes on this signal instead of polling; it carries only the id.
          deps.signals
            .publish({
              recipients: { type: 'broadcast' },
              channel: STORES_SIGNAL_CHANNEL,
              message: { storeId },
            })
            .catch(e =>
              logger.warn(`Could not signal the change of store ${storeId}`, e),
            );
          deps.events
            .publish({ topic: STORES_CHANGED_TOPIC, eventPayload: { storeId } })
            .catch(e =>
              logger.warn(
                `Could not publish the change of store ${storeId}`,
                e,
              ),
            );
        };
        /** A cluster-wide sweep, run by one replica at a time (global scope). */
        const sweep = (
          id: string,
          seconds: number,
          initialDelaySeconds: number,
          run: () => Promise<unknown>,
        ) =>
          deps.scheduler.scheduleTask({
            id,
            scope: 'global',
            frequency: { seconds },
            timeout: { minutes: 2 },
            initialDelay: { seconds: initialDelaySeconds },
            fn: async () => {
              await run();
            },
          });
        const inCluster = Boolean(process.env.KUBERNETES_SERVICE_HOST);
        let reconciler: Reconciler | undefined;
        let cluster: ClusterClient | undefined;
        let helm: HelmClient | undefined;
        if (settings.kubeconfigPath || inCluster) {
          cluster = new ClusterClient(loadKubeConfig(settings), {
            storeRole: settings.storeRole,
          });
          helm = new HelmClient({
            binary: settings.helmBinary,
            kubeconfigPath: settings.kubeconfigPath,
            context: settings.context,
          });
          reconciler = new Reconciler({
            store,
            engines,
            cluster,
            helm,
            logger,
            settings,
            workerId: `${hostname()}-${process.pid}-${uuid().slice(0, 8)}`,
            metrics,
            onChange: publishChange,
          });
          const worker = reconciler;
          await deps.scheduler.scheduleTask({
            id: 'stores-reconcile',
            scope: 'local',
            frequency: { seconds: settings.reconcileIntervalSeconds },
            timeout: { minutes: 1 },
            initialDelay: { seconds: 1 },
            fn: () => worker.pump(),
          });
          deps.lifecycle.addShutdownHook(() => worker.stop());
          if (settings.driftIntervalSeconds > 0) {
            const drift = new DriftCheck({
              store,
              cluster,
              logger,
              onChange: publishChange,
              metrics,
            });
            await sweep(
              'stores-drift-check',
              settings.driftIntervalSeconds,
              settings.driftIntervalSeconds,
              () => drift.run(),
            );
          }
          if (settings.storeRole) {
            const confined = cluster;
            // Stores made before the provisioner was confined get their RoleBinding too.
            await sweep('stores-access', 24 * 3600, 5, async () => {
              const count = await confined.ensureAccessToAllStores();
              logger.info(
                `Store role ${settings.storeRole} bound in ${count} store namespace(s)`,
              );
            });
          }
          logger.info(
            `Provisioning stores into ${
              settings.kubeconfigPath
                ? `kubeconfig ${settings.kubeconfigPath}`
                : 'this cluster (in-cluster credentials)'
            }`,
          );
        }
        // Said once, at start: what provisioning lacks. Creates are refused while it lacks it.
        const setupProblems = await checkSetup({
          clusterConfigured: Boolean(reconciler),
          helmBinary: settings.helmBinary,
          chartsDirectory: settings.chartsDirectory,
          engines: engines.enabledIds().map(id => engines.get(id)),
        });
        if (setupProblems.length > 0) {
          logger.error(
            `${describeProblems(
              setupProblems,
            )}. Creates answer 503 SETUP_INCOMPLETE and /api/stores/health lists this until it is fixed and Backstage restarted.`,
          );
        }

        const lifecycle = new StoreLifecycle({
          store,
          engines,
          limits: settings.limits,
          maxTtlHours: settings.expiry.maxTtlHours,
          domains: readDomainRules(config, settings.baseDomain),
          ingressesServing: cluster
            ? host => cluster!.ingressesServing(host)
            : undefined,
          nudge: () => {
            reconciler?.pump().catch(e => logger.error('Reconcile failed', e));
          },
          cancel: id => reconciler?.cancel(id),
          check: reconciler
            ? (id, actor) => {
                reconciler!
                  .checkNow(id, actor)
                  .catch(e => logger.error(`Check of store ${id} failed`, e));
              }
            : undefined,
          metrics,
          onChange: publishChange,
          setupProblem: () =>
            setupProblems.length > 0
              ? describeProblems(setupProblems)
              : undefined,
          poolSize: engine => settings.pool.sizes[engine] ?? 0,
          refillPool: () => {
            deps.scheduler
              .triggerTask('stores-warm-pool')
              .catch(e => logger.warn('Could not refill the warm pool now', e));
          },
        });
        if (reconciler) {
          const worker = reconciler;
          const pool = new WarmPool({
            store,
            engines,
            pool: settings.pool,
            maxStores: settings.limits.maxStores,
            logger,
            nudge: () => {
              worker.pump().catch(e => logger.error('Reconcile failed', e));
            },
          });
          // Also when every size is 0: a pool that was turned off deletes its slots.
          await sweep(
            'stores-warm-pool',
            settings.pool.intervalSeconds,
            3,
            () => pool.run(),
          );
        }
        if (settings.expiry.intervalSeconds > 0) {
          const expiry = new ExpiryCheck({
            store,
            lifecycle,
            notifications: deps.notifications,
            notifyBeforeHours: settings.expiry.notifyBeforeHours,
            logger,
          });
          // One replica at a time: each expired store is deleted, each owner told, once.
          await sweep('stores-expiry', settings.expiry.intervalSeconds, 5, () =>
            expiry.run(),
          );
        }
        if (settings.failed.cleanupAfterHours > 0) {
          const cleanup = new FailedCleanup({
            store,
            lifecycle,
            notifications: deps.notifications,
            cleanupAfterHours: settings.failed.cleanupAfterHours,
            logger,
          });
          await sweep(
            'stores-failed-cleanup',
            settings.failed.intervalSeconds,
            30,
            () => cleanup.run(),
          );
        }
        const operations = new StoreOperations({
          permissions,
          auditor: deps.auditor,
          store,
          lifecycle,
          engines,
          cluster,
          helm,
          userInfo: deps.userInfo,
          poolSizes: settings.pool.sizes,
        });
        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            operations,
            setupProblems: () => setupProblems,
            rateLimit: readCallerRateLimit(config),
          }),
        );
        // The same operations for AI agents: served over MCP by the mcp-actions plugin.
        registerStoreActions({
          actionsRegistry: deps.actionsRegistry,
          operations,
          auditor: deps.auditor,
        });
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
