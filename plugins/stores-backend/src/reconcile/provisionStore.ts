import { StoreWork } from '../database/StoresStore';
import { publicUrlStep } from '../publicUrls/publicUrlStep';
import { untilReachable } from './untilReachable';
import { ReconcilerDeps, errorMessage } from './ReconcilerDeps';
import { storeContext } from './storeContext';
import { installRelease, rollbackRelease } from './helmRelease';
import { runOrderProbe } from './orderProbe';
import { lastWarning } from './lastWarning';
import { rotateSlotCredentials } from './handOverSlot';
import {
  KUBERNETES_ID_LABEL,
  STORE_ID_LABEL,
  storeObjectNames,
} from '@storefleet/plugin-stores-common';
import {
  describeRequest,
  recordRevision,
  requestOf,
  restoreRevision,
  ROLLS_BACK_ON_FAILURE,
  StoreRequest,
} from './revisions';

/** The store's desired state changed to absent while it was being provisioned. */
class Superseded extends Error {}

/**
 * Provisioning, step by step (namespace, credentials, helm upgrade --install or rollback, the
 * order probe, the public URLs), each recorded in the store's activity and retried while the API
 * server cannot be reached; Ready only when all passed. A failure records the reason and, for a
 * change to a serving store, puts the revision that served back.
 */
export async function provisionStore(
  deps: ReconcilerDeps,
  initial: StoreWork,
  signal: AbortSignal,
): Promise<void> {
  const { store, engines, cluster, settings } = deps;
  let work = initial;
  if (work.status === 'queued') {
    await store.setStatus(work.id, {
      status: 'provisioning',
      reason: null,
      incrementAttempts: true,
    });
    await store.addActivity(work.id, {
      kind: 'provisioning',
      message: `Attempt ${work.attempts + 1} started`,
    });
    deps.onChange?.(work.id);
    work = (await store.getWork(work.id))!;
  } else {
    // Claimed while provisioning: the worker that had it stopped or died with its lease held.
    await store.addActivity(work.id, {
      kind: 'provisioning',
      message: `Attempt ${work.attempts} resumed after its previous worker stopped`,
    });
    deps.onChange?.(work.id);
  }
  const startedAt = Date.parse(work.provisioningStartedAt ?? work.updatedAt);
  const deadline = startedAt + settings.provisioningTimeoutSeconds * 1000;
  const remainingSeconds = () => Math.floor((deadline - Date.now()) / 1000);

  let current = 'starting';
  let request: StoreRequest | undefined;
  let deployed: number | undefined;
  const step = async (name: string, fn: () => Promise<string | void>) => {
    current = name;
    const latest = await store.getWork(work.id);
    if (!latest || latest.desired === 'absent') throw new Superseded();
    if (signal.aborted) throw new Superseded();
    if (remainingSeconds() <= 0) {
      throw new Error(
        `provisioning timed out after ${
          settings.provisioningTimeoutSeconds / 60
        } min`,
      );
    }
    const detail = await untilReachable(
      () => {
        if (signal.aborted) throw new Superseded();
        return fn();
      },
      {
        signal,
        deadline,
        onWait: error =>
          store.addActivity(work.id, {
            kind: 'waiting',
            message: `${name}: the Kubernetes API server cannot be reached (${errorMessage(
              error,
            )}); trying again until it answers or the attempt times out`,
          }),
      },
    );
    await store.addActivity(work.id, {
      kind: 'step',
      message: `${name}: ${detail || 'done'}`,
    });
  };

  try {
    const engine = engines.get(work.engine);
    const context = storeContext(work, deps.settings);
    const labels = {
      'app.kubernetes.io/managed-by': 'storefleet',
      'app.kubernetes.io/part-of': 'storefleet',
      [STORE_ID_LABEL]: work.objectsId,
      'storefleet.io/engine': work.engine,
      [KUBERNETES_ID_LABEL]: work.name,
    };

    await step('namespace', async () => {
      await cluster.ensureNamespace(work.namespace, {
        ...labels,
        'pod-security.kubernetes.io/enforce': settings.podSecurityLevel,
        'pod-security.kubernetes.io/warn': 'restricted',
      });
      const access = await cluster.ensureStoreAccess(work.namespace);
      return access ? `${work.namespace}, ${access}` : work.namespace;
    });
    await step('credentials', async () => {
      const result = await cluster.ensureGeneratedSecret(
        work.namespace,
        context.credentialsSecretName,
        engine.credentialKeys,
        labels,
      );
      return `Secret ${context.credentialsSecretName} ${result}`;
    });
    if (work.claimedFrom) {
      await step('warm-pool hand-over: credentials', () =>
        rotateSlotCredentials(deps, work, engine, context, signal),
      );
    }
    request = await requestOf(store, work.id);
    // One look at the release serves both the rollback point and the install's clean-up.
    // (undefined: it could not be read; null: there is no release.)
    let release = await deps.helm
      .status({ release: work.release, namespace: work.namespace }, { signal })
      .then(
        r => r ?? null,
        () => undefined,
      );
    deployed = release?.status === 'deployed' ? release.version : undefined;
    if (work.rollbackTo) {
      const to = work.rollbackTo;
      await step('helm rollback', () =>
        rollbackRelease(deps, work, to, remainingSeconds(), signal),
      );
    } else {
      await step('helm upgrade --install', () => {
        // What was read above holds for the first try only; a retry reads it again.
        const known = release;
        release = undefined;
        return installRelease(
          deps,
          work,
          engine,
          context,
          remainingSeconds(),
          signal,
          describeRequest(request),
          known,
        );
      });
    }
    // A slot's order probe passed when it became Ready, minutes ago in the same pods; its
    // hand-over changes the host, title and password, which the public URLs (next) and the
    // admin sign-in (before) have just checked.
    if (work.claimedFrom) {
      await store.addActivity(work.id, {
        kind: 'step',
        message: `helm test (order probe): passed when the slot became Ready at ${
          work.claimedFrom.readyAt ?? 'unknown'
        }; not run again for the hand-over`,
      });
    } else {
      await step('helm test (order probe)', () =>
        runOrderProbe(deps, work, remainingSeconds(), signal),
      );
    }
    // Ready means a customer can reach the store: the URLs we show, through the ingress.
    const urls = engine.urls(context);
    await step('public URLs', () =>
      publicUrlStep(settings.publicUrlCheck, urls, signal),
    );
    const { options } = await recordRevision({
      store,
      helm: deps.helm,
      work,
      request,
    });
    // What the drift check expects from now on; without it, it checks only what exists.
    const workloads = await cluster
      .listStoreWorkloads(work.namespace)
      .then(list => list.map(w => w.ref).sort())
      .catch(() => undefined);
    await store.setStatus(work.id, {
      status: 'ready',
      reason: null,
      ...urls,
      apiUrl: urls.apiUrl ?? null,
      ...(workloads && { workloads }),
      ...(options && { options }),
      clearRollback: true,
    });
    deps.metrics?.ready.add(1, { engine: work.engine });
    deps.metrics?.provisioningDuration.record((Date.now() - startedAt) / 1000, {
      engine: work.engine,
      outcome: 'ready',
    });
    if (work.claimedFrom) await store.finishClaim(work.id);
    await store.addActivity(work.id, {
      kind: 'ready',
      message: `Ready at ${urls.storefrontUrl}${
        work.claimedFrom
          ? ` (from the warm pool in ${Math.round(
              (Date.now() - Date.parse(work.createdAt)) / 1000,
            )} s)`
          : ''
      }`,
    });
  } catch (error) {
    if (error instanceof Superseded || signal.aborted) return;
    const latest = await store.getWork(work.id);
    if (!latest || latest.desired === 'absent') return;
    let reason = `${current}: ${errorMessage(error)}${await lastWarning(
      deps.cluster,
      work.namespace,
    )}`;
    // A claimed slot that could not be handed over: the slot to clean-up, the person's store
    // to the normal path (queued again in a namespace of its own), never failed.
    if (work.claimedFrom) {
      await store.abandonClaim(
        work.id,
        storeObjectNames({ name: work.name }).namespace,
        reason,
      );
      deps.onChange?.(work.id);
      return;
    }
    // A change to a store that was serving: put the revision that served back.
    if (deployed && request && ROLLS_BACK_ON_FAILURE.includes(request.kind)) {
      const restored = await restoreRevision({
        store,
        helm: deps.helm,
        work,
        revision: deployed,
        reason,
        timeoutSeconds: settings.deleteTimeoutSeconds,
      });
      if (restored === true) return;
      reason += restored;
    }
    await store.setStatus(work.id, {
      status: 'failed',
      reason,
      clearRollback: true,
    });
    deps.metrics?.failed.add(1, { engine: work.engine, step: current });
    deps.metrics?.provisioningDuration.record((Date.now() - startedAt) / 1000, {
      engine: work.engine,
      outcome: 'failed',
    });
    await store.addActivity(work.id, { kind: 'failed', message: reason });
  }
}
