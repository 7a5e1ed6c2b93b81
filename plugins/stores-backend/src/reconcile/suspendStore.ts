import { StoreWork } from '../database/StoresStore';
import { ReconcilerDeps, errorMessage } from './ReconcilerDeps';
import { storeContext } from './storeContext';
import { installRelease } from './helmRelease';

/**
 * Suspends a store: the same release upgraded with `suspended: true`, which every engine
 * chart turns into zero replicas for all its workloads; Secrets, PVCs and the namespace stay.
 * A failure leaves the store `suspending` with the reason, and the next pass tries again.
 */
export async function suspendStore(
  deps: ReconcilerDeps,
  work: StoreWork,
  signal: AbortSignal,
): Promise<void> {
  const { store, engines, settings } = deps;
  try {
    // Its RoleBinding and release go only into a namespace that carries this store's id.
    await deps.cluster.assertOwnNamespace(work.namespace, work.objectsId);
    await deps.cluster.ensureStoreAccess(work.namespace);
    const detail = await installRelease(
      deps,
      work,
      engines.get(work.engine),
      storeContext(work, deps.settings),
      settings.provisioningTimeoutSeconds,
      signal,
    );
    await store.addActivity(work.id, {
      kind: 'step',
      message: `helm upgrade (suspend): ${detail}`,
    });
    await store.setStatus(work.id, { status: 'suspended', reason: null });
    await store.addActivity(work.id, {
      kind: 'suspended',
      message:
        'Suspended: every workload scaled to zero, volumes and data kept',
    });
  } catch (error) {
    if (signal.aborted) return;
    const latest = await store.getWork(work.id);
    if (latest?.desired !== 'suspended') return;
    const reason = `suspend: ${errorMessage(error)}`;
    await store.setStatus(work.id, { status: 'suspending', reason });
    await store.addActivity(work.id, {
      kind: 'suspend-error',
      message: reason,
    });
  }
}
