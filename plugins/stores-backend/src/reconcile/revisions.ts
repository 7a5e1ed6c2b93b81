import { StoreActivity } from '@storefleet/plugin-stores-common';
import { StoresStore, StoreWork } from '../database/StoresStore';
import { HelmPort } from './ReconcilerDeps';

/** The activity that started an attempt: what a person asked for, and who. */
export type StoreRequest = StoreActivity;

/** Activity kinds that ask the reconciler for work. */
const REQUEST_KINDS = [
  'requested',
  'retry-requested',
  'resume-requested',
  'upgrade-requested',
  'rollback-requested',
  'domain',
];

/**
 * Attempts that change a store which was serving. When one fails, the revision that served is
 * put back and the store stays up, degraded with the reason, instead of failing.
 */
export const ROLLS_BACK_ON_FAILURE = [
  'upgrade-requested',
  'rollback-requested',
];

export async function requestOf(
  store: StoresStore,
  id: string,
): Promise<StoreRequest | undefined> {
  return (await store.listActivity(id))
    .filter(a => REQUEST_KINDS.includes(a.kind))
    .at(-1);
}

/** The Helm revision description: who asked for what (no secrets live in activity lines). */
export function describeRequest(request?: StoreRequest): string | undefined {
  if (!request) return undefined;
  return `${request.message}${
    request.actor ? ` (by ${request.actor})` : ''
  }`.slice(0, 500);
}

/**
 * Records the revision a successful attempt left, with who asked and the options it runs
 * with. After a rollback those are the target revision's options, which it returns.
 */
export async function recordRevision(deps: {
  store: StoresStore;
  helm: HelmPort;
  work: StoreWork;
  request?: StoreRequest;
}): Promise<{ options?: Record<string, unknown> }> {
  const { store, helm, work, request } = deps;
  const status = await helm
    .status({ release: work.release, namespace: work.namespace })
    .catch(() => undefined);
  if (!status) return {};
  const options = work.rollbackTo
    ? (await store.listRevisions(work.id)).find(
        r => r.revision === work.rollbackTo,
      )?.options
    : undefined;
  await store.addRevision(work.id, {
    revision: status.version,
    actor: request?.actor,
    change: request?.message ?? 'Provisioned',
    options: options ?? work.options,
  });
  return { options };
}

/**
 * Rolls a failed change back to the revision that served, so the store keeps serving; the
 * store is degraded with the reason. Resolves true when done, or with words to add to the
 * failure reason when even the rollback failed.
 */
export async function restoreRevision(deps: {
  store: StoresStore;
  helm: HelmPort;
  work: StoreWork;
  revision: number;
  reason: string;
  timeoutSeconds: number;
}): Promise<true | string> {
  const { store, helm, work, revision, reason } = deps;
  try {
    await helm.rollback({
      release: work.release,
      namespace: work.namespace,
      revision,
      timeoutSeconds: deps.timeoutSeconds,
    });
  } catch (error) {
    return ` (the rollback to revision ${revision} failed too: ${
      (error as Error).message
    })`;
  }
  const served = (await store.listRevisions(work.id)).find(
    r => r.revision === revision,
  );
  const message = `${reason}; rolled back to revision ${revision}, which serves the store`;
  await store.setStatus(work.id, {
    status: 'degraded',
    reason: message,
    clearRollback: true,
    ...(served?.options && { options: served.options }),
  });
  await store.addActivity(work.id, { kind: 'rolled-back', message });
  return true;
}
