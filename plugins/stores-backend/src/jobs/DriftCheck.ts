import { LoggerService } from '@backstage/backend-plugin-api';
import { StoresStore } from '../database/StoresStore';
import { ClusterClient, StoreWorkload } from '../kubernetes/ClusterClient';
import { driftOf } from './drift';
import { StoreMetrics } from '../metrics/StoreMetrics';

/** What one pass of the drift check found. */
export interface DriftCheckResult {
  checked: number;
  degraded: string[];
  recovered: string[];
}

/**
 * Looks at every Ready (and degraded) store cheaply: one list of store namespaces and one list
 * per workload kind across the cluster, whatever the number of stores. A store whose namespace,
 * release workloads or replicas were changed by hand becomes `degraded` with the reason; one
 * that is whole again becomes `ready`. Retry repairs a degraded store (helm upgrade recreates
 * what is missing, then the order probe runs again).
 */
export class DriftCheck {
  constructor(
    private readonly deps: {
      store: StoresStore;
      cluster: Pick<
        ClusterClient,
        'listStoreNamespaces' | 'listStoreWorkloads'
      >;
      logger: LoggerService;
      onChange?: (storeId: string) => void;
      metrics?: Pick<StoreMetrics, 'driftFindings'>;
    },
  ) {}

  async run(): Promise<DriftCheckResult> {
    const { store, cluster, logger } = this.deps;
    const stores = await store.listWork(['ready', 'degraded']);
    const result: DriftCheckResult = {
      checked: stores.length,
      degraded: [],
      recovered: [],
    };
    if (!stores.length) return result;
    const [namespaces, workloads] = await Promise.all([
      cluster.listStoreNamespaces(),
      cluster.listStoreWorkloads(),
    ]);
    const byNamespace = new Map<string, StoreWorkload[]>();
    for (const w of workloads) {
      const list = byNamespace.get(w.namespace) ?? [];
      list.push(w);
      byNamespace.set(w.namespace, list);
    }
    for (const s of stores) {
      const drift = driftOf(s, namespaces, byNamespace.get(s.namespace) ?? []);
      if (drift && s.status === 'ready') {
        const reason = `drift: ${drift}`;
        if (
          await store.transition(s.id, 'ready', { status: 'degraded', reason })
        ) {
          await store.addActivity(s.id, {
            kind: 'degraded',
            message: `Degraded: ${drift}; Retry repairs it`,
          });
          logger.warn(`Store ${s.name} (${s.id}) drifted: ${drift}`);
          result.degraded.push(s.name);
          this.deps.metrics?.driftFindings.add(1, { finding: 'degraded' });
          this.deps.onChange?.(s.id);
        }
      } else if (
        !drift &&
        s.status === 'degraded' &&
        s.reason?.startsWith('drift:')
      ) {
        // Only drift heals by itself; a failed upgrade or check waits for a person.
        if (
          await store.transition(s.id, 'degraded', {
            status: 'ready',
            reason: null,
          })
        ) {
          await store.addActivity(s.id, {
            kind: 'recovered',
            message: 'Healthy again: every workload is back and ready',
          });
          result.recovered.push(s.name);
          this.deps.metrics?.driftFindings.add(1, { finding: 'recovered' });
          this.deps.onChange?.(s.id);
        }
      }
    }
    return result;
  }
}
