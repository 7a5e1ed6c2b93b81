import {
  LifecycleService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { hostname } from 'node:os';
import { v4 as uuid } from 'uuid';
import { LifecycleSettings } from '../config/LifecycleSettings';
import { StoresStore } from '../database/StoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { HelmClient } from '../helm/HelmClient';
import { DriftCheck } from '../jobs/DriftCheck';
import { ClusterClient, loadKubeConfig } from '../kubernetes/ClusterClient';
import { StoreMetrics } from '../metrics/StoreMetrics';
import { Reconciler } from '../reconcile/Reconciler';
import { sweep } from './sweep';

/** What provisions: present only when a cluster is configured (a kubeconfig, or in a cluster). */
export interface Provisioning {
  cluster: ClusterClient;
  helm: HelmClient;
  reconciler: Reconciler;
}

/**
 * Connects to the cluster and starts the reconciler (each replica pumps its share of the
 * durable queue), the drift check and the RoleBinding sweep. Undefined without a cluster: the
 * API still answers, creates are refused with what is missing.
 */
export async function startProvisioning(deps: {
  settings: LifecycleSettings;
  store: StoresStore;
  engines: EngineRegistry;
  metrics: StoreMetrics;
  logger: LoggerService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  publishChange: (storeId: string) => void;
}): Promise<Provisioning | undefined> {
  const { settings, store, engines, metrics, logger, scheduler } = deps;
  const inCluster = Boolean(process.env.KUBERNETES_SERVICE_HOST);
  if (!settings.kubeconfigPath && !inCluster) return undefined;

  const cluster = new ClusterClient(loadKubeConfig(settings), {
    storeRole: settings.storeRole,
  });
  const helm = new HelmClient({
    binary: settings.helmBinary,
    kubeconfigPath: settings.kubeconfigPath,
    context: settings.context,
  });
  const reconciler = new Reconciler({
    store,
    engines,
    cluster,
    helm,
    logger,
    settings,
    workerId: `${hostname()}-${process.pid}-${uuid().slice(0, 8)}`,
    metrics,
    onChange: deps.publishChange,
  });
  await scheduler.scheduleTask({
    id: 'stores-reconcile',
    scope: 'local',
    frequency: { seconds: settings.reconcileIntervalSeconds },
    timeout: { minutes: 1 },
    initialDelay: { seconds: 1 },
    fn: () => reconciler.pump(),
  });
  deps.lifecycle.addShutdownHook(() => reconciler.stop());

  if (settings.driftIntervalSeconds > 0) {
    const drift = new DriftCheck({
      store,
      cluster,
      logger,
      onChange: deps.publishChange,
      metrics,
    });
    await sweep(
      scheduler,
      'stores-drift-check',
      settings.driftIntervalSeconds,
      settings.driftIntervalSeconds,
      () => drift.run(),
    );
  }
  if (settings.storeRole) {
    // Stores made before the provisioner was confined get their RoleBinding too.
    await sweep(scheduler, 'stores-access', 24 * 3600, 5, async () => {
      const count = await cluster.ensureAccessToAllStores();
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
  return { cluster, helm, reconciler };
}
