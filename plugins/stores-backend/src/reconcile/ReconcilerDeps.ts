import { LoggerService } from '@backstage/backend-plugin-api';
import { StoresStore } from '../database/StoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { HelmClient } from '../helm/HelmClient';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { LifecycleSettings } from '../config/LifecycleSettings';
import { StoreMetrics } from '../metrics/StoreMetrics';

/**
 * What the reconcile steps ask of Helm: HelmClient runs the binary; tests give the in-memory
 * FakeHelm (src/__testUtils__/fakes), which answers the same way, refusals included.
 */
export type HelmPort = Pick<
  HelmClient,
  'upgradeInstall' | 'test' | 'uninstall' | 'status' | 'rollback'
>;

/** What the reconcile steps ask of the cluster: ClusterClient, or FakeCluster in tests. */
export type ClusterPort = Pick<
  ClusterClient,
  | 'ensureNamespace'
  | 'assertOwnNamespace'
  | 'ensureStoreAccess'
  | 'ensureGeneratedSecret'
  | 'readSecretValue'
  | 'replaceSecretValues'
  | 'deleteNamespaceAndWait'
  | 'listTestPodResults'
  | 'listStoreWorkloads'
  | 'listEvents'
>;

/** What the reconciler and each of its steps work with. */
export interface ReconcilerDeps {
  store: StoresStore;
  engines: EngineRegistry;
  helm: HelmPort;
  cluster: ClusterPort;
  logger: LoggerService;
  settings: LifecycleSettings;
  workerId: string;
  metrics?: StoreMetrics;
  onChange?: (storeId: string) => void;
}

export const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error);
