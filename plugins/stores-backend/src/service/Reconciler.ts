import { LoggerService } from '@backstage/backend-plugin-api';
import { StoreEngine } from '@storefleet/plugin-stores-node';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoresStore, StoreWork } from '../database/StoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { imageValues } from '../engines/imageOverrides';
import { chartPath } from '../setup/checkSetup';
import { HelmClient, HelmReleaseStatus } from '../helm/HelmClient';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { publicUrlStep } from '../publicUrls/publicUrlStep';
import { LifecycleSettings } from './LifecycleSettings';
import {
  describeRequest,
  recordRevision,
  requestOf,
  restoreRevision,
  ROLLS_BACK_ON_FAILURE,
  StoreRequest,
} from './revisions';
import { StoreMetrics } from './StoreMetrics';
import { untilReachable } from './untilReachable';

/** The store's desired state changed to absent while it was being provisioned. */
class Superseded extends Error {}

const errorMessage = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * Drives stores from their recorded state towards their desired state with idempotent steps.
 * Work is claimed through a lease in the database, so several replicas never work on the
 * same store, and a store whose worker died is taken over when the lease expires.
 */
export class Reconciler {
  private readonly active = new Map<string, AbortController>();
  private pumping = false;
  private stopped = false;

  constructor(
    private readonly deps: {
      store: StoresStore;
      engines: EngineRegistry;
      helm: HelmClient;
      cluster: ClusterClient;
      logger: LoggerService;
      settings: LifecycleSettings;
      workerId: string;
      metrics?: StoreMetrics;
      onChange?: (storeId: string) => void;
    },
  ) {}

  /** Claims and starts work until nothing is left or the concurrency limit is reached. */
  async pump(): Promise<void> {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      const { store, settings, workerId } = this.deps;
      while (this.active.size < settings.maxConcurrentProvisions) {
        const work = await store.claimWork(
          workerId,
          settings.leaseSeconds,
          settings.maxConcurrentProvisions,
        );
        if (!work) break;
        const controller = new AbortController();
        this.active.set(work.id, controller);
        this.process(work, controller.signal).finally(() => {
          this.active.delete(work.id);
          this.pump().catch(e =>
            this.deps.logger.error('Reconcile pump failed', e),
          );
        });
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Resolves when no work runs in this process; for shutdown and tests. */
  async idle(): Promise<void> {
    while (this.active.size > 0) await new Promise(r => setTimeout(r, 100));
  }

  /** Stops in-flight Helm calls; their stores are resumed by the next owner of the lease. */
  stop(): void {
    this.stopped = true;
    for (const controller of this.active.values()) controller.abort();
  }

  /** Interrupts this process's work on a store (e.g. it is to be deleted); the lease is released. */
  cancel(storeId: string): void {
    this.active.get(storeId)?.abort();
  }

  private async process(work: StoreWork, signal: AbortSignal): Promise<void> {
    const { store, settings, workerId, logger } = this.deps;
    const renew = setInterval(() => {
      store
        .renewLease(work.id, workerId, settings.leaseSeconds)
        .catch(() => {});
    }, (settings.leaseSeconds * 1000) / 3);
    try {
      if (work.desired === 'absent') {
        await this.delete(work, signal);
      } else if (work.desired === 'suspended') {
        await this.suspend(work, signal);
      } else {
        await this.provision(work, signal);
      }
    } catch (error) {
      logger.error(
        `Reconciling store ${work.name} (${work.id}) failed unexpectedly`,
        error as Error,
      );
    } finally {
      clearInterval(renew);
      // After stop() the lease stays held, as after a crash, until it expires.
      if (!this.stopped) await store.releaseLease(work.id, workerId);
      this.deps.onChange?.(work.id);
    }
  }

  private async provision(
    initial: StoreWork,
    signal: AbortSignal,
  ): Promise<void> {
    const { store, engines, cluster, settings } = this.deps;
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
      this.deps.onChange?.(work.id);
      work = (await store.getWork(work.id))!;
    } else {
      // Claimed while provisioning: the worker that had it stopped or died with its lease held.
      await store.addActivity(work.id, {
        kind: 'provisioning',
        message: `Attempt ${work.attempts} resumed after its previous worker stopped`,
      });
      this.deps.onChange?.(work.id);
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
      const context = this.contextFor(work);
      const labels = {
        'app.kubernetes.io/managed-by': 'storefleet',
        'app.kubernetes.io/part-of': 'storefleet',
        'storefleet.io/store-id': work.id,
        'storefleet.io/engine': work.engine,
        'backstage.io/kubernetes-id': work.name,
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
      request = await requestOf(store, work.id);
      // One look at the release serves both the rollback point and the install's clean-up.
      // (undefined: it could not be read; null: there is no release.)
      let release = await this.deps.helm
        .status({ release: work.name, namespace: work.namespace }, { signal })
        .then(
          r => r ?? null,
          () => undefined,
        );
      deployed = release?.status === 'deployed' ? release.version : undefined;
      if (work.rollbackTo) {
        const to = work.rollbackTo;
        await step('helm rollback', () =>
          this.rollbackRelease(work, to, remainingSeconds(), signal),
        );
      } else {
        await step('helm upgrade --install', () => {
          // What was read above holds for the first try only; a retry reads it again.
          const known = release;
          release = undefined;
          return this.install(
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
      await step('helm test (order probe)', () =>
        this.orderProbe(work, remainingSeconds(), signal),
      );
      // Ready means a customer can reach the store: the URLs we show, through the ingress.
      const urls = engine.urls(context);
      await step('public URLs', () =>
        publicUrlStep(settings.publicUrlCheck, urls, signal),
      );
      const { options } = await recordRevision({
        store,
        helm: this.deps.helm,
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
      this.deps.metrics?.ready.add(1, { engine: work.engine });
      this.deps.metrics?.provisioningDuration.record(
        (Date.now() - startedAt) / 1000,
        {
          engine: work.engine,
          outcome: 'ready',
        },
      );
      await store.addActivity(work.id, {
        kind: 'ready',
        message: `Ready at ${urls.storefrontUrl}`,
      });
    } catch (error) {
      if (error instanceof Superseded || signal.aborted) return;
      const latest = await store.getWork(work.id);
      if (!latest || latest.desired === 'absent') return;
      let reason = `${current}: ${errorMessage(error)}${await this.lastWarning(
        work.namespace,
      )}`;
      // A change to a store that was serving: put the revision that served back.
      if (deployed && request && ROLLS_BACK_ON_FAILURE.includes(request.kind)) {
        const restored = await restoreRevision({
          store,
          helm: this.deps.helm,
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
      this.deps.metrics?.failed.add(1, { engine: work.engine, step: current });
      this.deps.metrics?.provisioningDuration.record(
        (Date.now() - startedAt) / 1000,
        {
          engine: work.engine,
          outcome: 'failed',
        },
      );
      await store.addActivity(work.id, { kind: 'failed', message: reason });
    }
  }

  /**
   * "Check now": runs the order probe of a Ready (or degraded) store on demand, then fetches its
   * public URLs through the ingress, and records the outcome; a failure makes a Ready store
   * degraded, a pass heals a degraded store. Resolves with the activity line it wrote.
   */
  async checkNow(storeId: string, actor?: string): Promise<string> {
    const { store, settings, engines } = this.deps;
    const work = await store.getWork(storeId);
    if (!work || !['ready', 'degraded'].includes(work.status)) {
      return 'skipped: the store is no longer ready or degraded';
    }
    const controller = new AbortController();
    let message: string;
    let what = 'Order probe';
    try {
      const probe = await this.orderProbe(
        work,
        Math.min(300, settings.provisioningTimeoutSeconds),
        controller.signal,
      );
      what = 'Public URLs';
      const urls = engines.get(work.engine).urls(this.contextFor(work));
      const reached = await publicUrlStep(
        settings.publicUrlCheck,
        urls,
        controller.signal,
      );
      message = `Order probe on demand: ${probe}; public URLs: ${reached}`;
      await store.addActivity(storeId, { kind: 'check', message, actor });
      await store.transition(storeId, 'degraded', {
        status: 'ready',
        reason: null,
      });
    } catch (error) {
      message = `${what} on demand failed: ${errorMessage(error)}`;
      await store.addActivity(storeId, { kind: 'check', message, actor });
      await store.transition(storeId, 'ready', {
        status: 'degraded',
        reason: `check: ${
          what === 'Public URLs' ? 'public URLs: ' : ''
        }${errorMessage(error)}`,
      });
    }
    this.deps.onChange?.(storeId);
    return message;
  }

  private async rollbackRelease(
    work: StoreWork,
    revision: number,
    timeoutSeconds: number,
    signal: AbortSignal,
  ): Promise<string> {
    await this.deps.helm.rollback(
      {
        release: work.name,
        namespace: work.namespace,
        revision,
        timeoutSeconds: Math.max(1, timeoutSeconds),
      },
      { signal },
    );
    return `release ${work.name} rolled back to revision ${revision}`;
  }

  /** What an engine is told about the store it renders values for. */
  private contextFor(work: StoreWork): Parameters<StoreEngine['values']>[0] {
    const { settings } = this.deps;
    return {
      storeName: work.name,
      namespace: work.namespace,
      baseDomain: settings.baseDomain,
      host: work.customHost ?? `${work.name}.${settings.baseDomain}`,
      ingressClassName: settings.ingressClassName,
      tls: settings.tls,
      credentialsSecretName: `${work.name}-credentials`,
      displayName: work.displayName,
      options: work.options ?? {},
    };
  }

  /**
   * Suspends a store: the same release upgraded with `suspended: true`, which every engine
   * chart turns into zero replicas for all its workloads; Secrets, PVCs and the namespace stay.
   * A failure leaves the store `suspending` with the reason, and the next pass tries again.
   */
  private async suspend(work: StoreWork, signal: AbortSignal): Promise<void> {
    const { store, engines, settings } = this.deps;
    try {
      await this.deps.cluster.ensureStoreAccess(work.namespace);
      const detail = await this.install(
        work,
        engines.get(work.engine),
        this.contextFor(work),
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

  /**
   * Runs the chart's `helm test` and says what the probe reported: the order it placed, or why
   * it could not (the probe writes its outcome to its termination message).
   */
  private async orderProbe(
    work: StoreWork,
    timeoutSeconds: number,
    signal: AbortSignal,
  ): Promise<string> {
    const probeResults = async () =>
      (
        await this.deps.cluster
          .listTestPodResults(work.namespace)
          .catch(() => [])
      )
        .map(r => r.result)
        .filter((r): r is Record<string, unknown> => !!r);
    try {
      await this.deps.helm.test(
        {
          release: work.name,
          namespace: work.namespace,
          timeoutSeconds: Math.max(1, timeoutSeconds),
        },
        { signal },
      );
    } catch (error) {
      const failure = (await probeResults()).find(r => r.error);
      if (!failure) throw error;
      throw new Error(
        `${errorMessage(error)} (order probe: ${String(failure.error)})`,
      );
    }
    const orders = (await probeResults())
      .filter(
        r => typeof r.orderId === 'string' || typeof r.orderId === 'number',
      )
      .map(r => `order ${r.orderId} placed and confirmed`);
    return orders.length ? `passed: ${orders.join('; ')}` : 'passed';
  }

  /** The newest Warning event of the namespace, which usually says why in plain words. */
  private async lastWarning(namespace: string): Promise<string> {
    try {
      const warning = (await this.deps.cluster.listEvents(namespace))
        .filter(e => e.type === 'Warning')
        .pop();
      return warning
        ? ` (Kubernetes: ${warning.object} ${warning.reason}: ${warning.message})`
        : '';
    } catch {
      return '';
    }
  }

  private async install(
    work: StoreWork,
    engine: StoreEngine,
    context: Parameters<StoreEngine['values']>[0],
    timeoutSeconds: number,
    signal: AbortSignal,
    description?: string,
    /** The release's status when the caller has just read it; null: there is none. */
    known?: HelmReleaseStatus | null,
  ): Promise<string> {
    const { helm, settings } = this.deps;
    const release = { release: work.name, namespace: work.namespace };
    // A worker that died mid-install leaves a pending release that blocks helm; clear it.
    const existing =
      known !== undefined ? known : await helm.status(release, { signal });
    let cleared = '';
    if (existing?.status === 'pending-install') {
      await helm.uninstall({ ...release, timeoutSeconds }, { signal });
      cleared =
        ' (a release left pending-install by a stopped worker was removed first)';
    } else if (existing?.status.startsWith('pending-')) {
      await helm.rollback({ ...release, timeoutSeconds }, { signal });
      cleared = ` (a release left ${existing.status} by a stopped worker was rolled back first)`;
    }
    const chart = chartPath(settings.chartsDirectory, engine);
    const profileValues = join(chart, `values-${settings.valuesProfile}.yaml`);
    const dir = await mkdtemp(join(tmpdir(), 'storefleet-values-'));
    try {
      // The platform's values (stores.images, stores.egress.allowed) under the engine's: Helm
      // merges the files in order, so the engine's own values cannot be replaced.
      const platform = join(dir, 'platform.json');
      await writeFile(
        platform,
        JSON.stringify({
          ...imageValues(settings.images, engine.id),
          ...(settings.egressAllowed.length > 0 && {
            networkPolicy: { egressAllowed: settings.egressAllowed },
          }),
        }),
        { mode: 0o600 },
      );
      const generated = join(dir, 'values.json');
      // Engine values never hold secrets; the chart reads those from the existing Secret.
      // `suspended` is set on every release, so resuming is the same upgrade with it false.
      const values = {
        ...engine.values(context),
        suspended: work.desired === 'suspended',
      };
      await writeFile(generated, JSON.stringify(values), { mode: 0o600 });
      const result = await helm.upgradeInstall(
        {
          ...release,
          chart,
          valuesFiles: [
            ...(existsSync(profileValues) ? [profileValues] : []),
            platform,
            generated,
          ],
          timeoutSeconds: Math.max(1, timeoutSeconds),
          description,
        },
        { signal },
      );
      return `release ${result.name} revision ${result.version} ${result.status}${cleared}`;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async delete(work: StoreWork, signal: AbortSignal): Promise<void> {
    const { store, helm, cluster, settings } = this.deps;
    try {
      if (await cluster.namespaceExists(work.namespace)) {
        await cluster.ensureStoreAccess(work.namespace);
        await helm.uninstall(
          {
            release: work.name,
            namespace: work.namespace,
            timeoutSeconds: settings.deleteTimeoutSeconds,
          },
          { signal },
        );
        await store.addActivity(work.id, {
          kind: 'step',
          message: `helm uninstall: release ${work.name} removed`,
        });
      }
      await cluster.deleteNamespaceAndWait(work.namespace, {
        timeoutMs: settings.deleteTimeoutSeconds * 1000,
        signal,
      });
      await store.setStatus(work.id, { status: 'deleted', reason: null });
      this.deps.metrics?.deleted.add(1, { engine: work.engine });
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
}
