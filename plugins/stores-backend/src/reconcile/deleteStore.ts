import { StoreWork } from '../database/StoresStore';
import { ForeignObjectError } from '../kubernetes/ownership';
import { ReconcilerDeps, errorMessage } from './ReconcilerDeps';

/** Deletes a store: its release, then its namespace (and with it every object and volume). */
export async function deleteStore(
  deps: ReconcilerDeps,
  work: StoreWork,
  signal: AbortSignal,
): Promise<void> {
  const { store, helm, cluster, settings } = deps;
  try {
    let namespace: 'own' | 'absent';
    try {
      namespace = await cluster.assertOwnNamespace(
        work.namespace,
        work.objectsId,
      );
    } catch (error) {
      if (!(error instanceof ForeignObjectError)) throw error;
      // Never another store's namespace, release or volumes: this store had none there.
      await store.setStatus(work.id, { status: 'deleted', reason: null });
      deps.metrics?.deleted.add(1, { engine: work.engine });
      await store.addActivity(work.id, {
        kind: 'deleted',
        message: `Deleted; ${error.message}, so it was left untouched`,
      });
      return;
    }
    if (namespace === 'own') {
      await cluster.ensureStoreAccess(work.namespace);
      await helm.uninstall(
        {
          release: work.release,
          namespace: work.namespace,
          timeoutSeconds: settings.deleteTimeoutSeconds,
        },
        { signal },
      );
      await store.addActivity(work.id, {
        kind: 'step',
        message: `helm uninstall: release ${work.release} removed`,
      });
    }
    await cluster.deleteNamespaceAndWait(work.namespace, {
      timeoutMs: settings.deleteTimeoutSeconds * 1000,
      signal,
    });
    await store.setStatus(work.id, { status: 'deleted', reason: null });
    deps.metrics?.deleted.add(1, { engine: work.engine });
    await store.addActivity(work.id, {
      kind: 'deleted',
      message: `Namespace ${work.namespace} and release removed`,
    });
  } catch (error) {
    if (signal.aborted) return;
    // Stays `deleting`; the next pass tries again.
    await store.setStatus(work.id, {
      status: 'deleting',
      reason: `delete: ${errorMessage(error)}`,
    });
    await store.addActivity(work.id, {
      kind: 'delete-error',
      message: errorMessage(error),
    });
  }
}
