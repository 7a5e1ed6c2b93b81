import { LoggerService } from '@backstage/backend-plugin-api';
import { StoresStore } from '../database/StoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { HelmClient } from '../helm/HelmClient';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { LifecycleSettings } from '../config/LifecycleSettings';
import { StoreMetrics } from '../metrics/StoreMetrics';

/** What the reconciler and each of its steps work with. */
export interface ReconcilerDeps {
  store: StoresStore;
  engines: EngineRegistry;
  helm: HelmClient;
  cluster: ClusterClient;
  logger: LoggerService;
  settings: LifecycleSettings;
  workerId: string;
  metrics?: StoreMetrics;
  onChange?: (storeId: string) => void;
}

export const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error);
