import { StoreWork } from '../database/StoresStore';
import { checkStore } from './checkStore';
import { deleteStore } from './deleteStore';
import { provisionStore } from './provisionStore';
import { ReconcilerDeps } from './ReconcilerDeps';
import { suspendStore } from './suspendStore';

/**
 * Drives stores from their recorded state towards their desired state with idempotent steps
 * (one module each in ./reconcile: provision, suspend, delete, check).
 * Work is claimed through a lease in the database, so several replicas never work on the
 * same store, and a store whose worker died is taken over when the lease expires.
 */
export class Reconciler {
  private readonly active = new Map<string, AbortController>();
  private pumping = false;
  private stopped = false;

  constructor(private readonly deps: ReconcilerDeps) {}

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
    if (work.previousLeaseOwner) {
      this.deps.metrics?.leaseTakeovers.add(1, {
        engine: work.engine,
        status: work.status,
      });
      logger.info(
        `Took over store ${work.name} (${work.id}), ${work.status}, from worker ${work.previousLeaseOwner} whose lease ran out`,
      );
    }
    try {
      if (work.desired === 'absent') {
        await deleteStore(this.deps, work, signal);
      } else if (work.desired === 'suspended') {
        await suspendStore(this.deps, work, signal);
      } else {
        await provisionStore(this.deps, work, signal);
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

  /** What an engine is told about the store it renders values for. */
  /** The newest Warning event of the namespace, which usually says why in plain words. */

  /**
   * "Check now": runs the order probe of a Ready (or degraded) store on demand, then fetches its
   * public URLs through the ingress, and records the outcome; a failure makes a Ready store
   * degraded, a pass heals a degraded store. Resolves with the activity line it wrote.
   */
  checkNow(storeId: string, actor?: string): Promise<string> {
    return checkStore(this.deps, storeId, actor);
  }
}
