import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Store, storeObjectNames } from '@storefleet/plugin-stores-common';
import { CreateLimits, StoresStore } from '../database/StoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { validateOptions } from '../engines/validateOptions';
import {
  DomainRules,
  explainMissingProof,
  explainRefusedDomain,
} from './customDomains';
import { SetupIncompleteError } from '../errors';
import { StoreMetrics } from '../metrics/StoreMetrics';

/**
 * The requests people can make of a store's lifecycle. Each records desired state and an
 * activity line, then nudges the reconciler, which does the work.
 *
 * Over 300 lines because each request's rules (what state it may start from, the limits and
 * option checks it passes, the line it writes) are read best side by side; the work itself is in
 * reconcile/, the checks of options in engines/validateOptions.ts.
 */
export class StoreLifecycle {
  constructor(
    private readonly deps: {
      store: StoresStore;
      engines: EngineRegistry;
      limits: CreateLimits;
      /** The longest time to live, in hours (stores.expiry.maxTtlHours). */
      maxTtlHours?: number;
      /** Which hostnames a store may take (outside Storefleet's and Backstage's own). */
      domains?: DomainRules;
      /** The cluster's Ingresses serving a host (read-only), to refuse one another app serves. */
      ingressesServing?: (
        host: string,
      ) => Promise<Array<{ namespace: string; name: string }>>;
      /** Asks the reconciler to look for work now. */
      nudge: () => void;
      /** Runs the order probe of a store now, in the background ("Check now"). */
      check?: (storeId: string, actor: string) => void;
      /** Interrupts in-flight work on a store in this process, if any. */
      cancel?: (storeId: string) => void;
      metrics?: StoreMetrics;
      /** Told the id of every store whose desired state changed. */
      onChange?: (storeId: string) => void;
      /** Why stores cannot be provisioned here (no cluster, helm or chart); undefined: they can. */
      setupProblem?: () => string | undefined;
      /** The warm pool's size for an engine (stores.pool.<engine>.size); 0 or absent: no pool. */
      poolSize?: (engine: string) => number;
      /** Asks the warm pool to refill now (after a slot was claimed). */
      refillPool?: () => void;
    },
  ) {}

  async create(request: {
    name: string;
    engine: string;
    displayName?: string;
    owner?: string;
    options?: Record<string, unknown>;
    ttlHours?: number;
    userRef: string;
  }): Promise<Store> {
    // Refused, not queued: a store recorded here would wait forever for a worker.
    const problem = this.deps.setupProblem?.();
    if (problem) throw new SetupIncompleteError(problem);
    const engine = this.deps.engines.get(request.engine);
    const options = validateOptions(engine, request.options);
    if (request.ttlHours !== undefined) this.checkTtl(request.ttlHours);
    const wanted = {
      name: request.name,
      displayName: request.displayName,
      options,
      engine: request.engine,
      owner: request.owner ?? request.userRef,
      createdBy: request.userRef,
      namespace: storeObjectNames(request).namespace,
      ...(request.ttlHours !== undefined && {
        expiresAt: new Date(Date.now() + request.ttlHours * 3600_000),
      }),
    };
    // A Ready warm-pool slot serves a request with the engine's default options; anything
    // else (or no Ready slot) takes the normal path.
    const claimed =
      engine.claim &&
      (this.deps.poolSize?.(request.engine) ?? 0) > 0 &&
      !Object.keys(options ?? {}).length
        ? await this.deps.store.claimSlot(wanted, this.deps.limits)
        : undefined;
    const created = claimed
      ? (await this.deps.store.getStore(claimed))!
      : await this.deps.store.createStore(wanted, this.deps.limits);
    if (claimed) this.deps.refillPool?.();
    this.deps.metrics?.created.add(1, {
      engine: request.engine,
      path: claimed ? 'warm-pool' : 'provisioned',
    });
    this.deps.onChange?.(created.id);
    this.deps.nudge();
    return created;
  }

  async delete(id: string, actor: string): Promise<Store> {
    const existing = await this.get(id);
    if (existing.status === 'deleted') return existing;
    const store = (await this.deps.store.requestDelete(id))!;
    await this.deps.store.addActivity(id, {
      kind: 'delete-requested',
      message: 'Delete requested',
      actor,
    });
    this.deps.cancel?.(id);
    this.deps.onChange?.(id);
    this.deps.nudge();
    return store;
  }

  async retry(id: string, actor: string): Promise<Store> {
    // A failed store scaled to zero (stores.failed.cleanupAfterHours) is suspended: its
    // retry is a resume, which provisions it again within the running-store limit.
    if ((await this.get(id)).status === 'suspended') {
      return this.resume(id, actor);
    }
    return this.change(id, actor, {
      request: () => this.deps.store.requestRetry(id),
      only: 'only a failed or degraded store can be retried',
      kind: 'retry-requested',
      message: 'Retry requested',
    });
  }

  async suspend(id: string, actor: string): Promise<Store> {
    return this.change(id, actor, {
      request: () => this.deps.store.requestSuspend(id),
      only: 'only a ready store can be suspended',
      kind: 'suspend-requested',
      message: 'Suspend requested',
    });
  }

  /** Scales a long-failed store to zero, recorded as the platform's doing. */
  async scaleDownFailed(id: string, hours: number): Promise<Store | undefined> {
    const store = await this.deps.store.requestFailedScaleDown(id);
    if (!store) return undefined;
    await this.deps.store.addActivity(id, {
      kind: 'suspend-requested',
      message: `Failed for ${hours} h: scaled to zero to free its place (volumes kept; Retry provisions it again)`,
    });
    this.deps.onChange?.(id);
    this.deps.nudge();
    return store;
  }

  async resume(id: string, actor: string): Promise<Store> {
    return this.change(id, actor, {
      request: () => this.deps.store.requestResume(id, this.deps.limits),
      only: 'only a suspended store can be resumed',
      kind: 'resume-requested',
      message: 'Resume requested',
    });
  }

  /**
   * A change of desired state that the store's status must allow: `request` records it (and
   * answers undefined when the status does not allow it, refused with `only`), then it is
   * recorded as who asked for what and handed to the reconciler.
   */
  private async change(
    id: string,
    actor: string,
    change: {
      request: () => Promise<Store | undefined>;
      only: string;
      kind: string;
      message: string;
    },
  ): Promise<Store> {
    const existing = await this.get(id);
    const store = await change.request();
    if (!store) {
      throw new ConflictError(
        `Store ${existing.name} is ${existing.status}; ${change.only}`,
      );
    }
    return this.requested(id, store, change.kind, change.message, actor);
  }

  /**
   * Pushes a store's expiry `hours` further out (from now, if it is already due), within
   * stores.expiry.maxTtlHours from now.
   */
  async extend(id: string, hours: number, actor: string): Promise<Store> {
    const existing = await this.get(id);
    if (
      !existing.expiresAt ||
      existing.status === 'deleting' ||
      existing.status === 'deleted'
    ) {
      throw new ConflictError(
        `Store ${existing.name} ${
          existing.expiresAt ? `is ${existing.status}` : 'does not expire'
        }; there is nothing to extend`,
      );
    }
    const from = Math.max(Date.now(), Date.parse(existing.expiresAt));
    const expiresAt = new Date(from + hours * 3600_000);
    this.checkTtl((expiresAt.getTime() - Date.now()) / 3600_000);
    const store = (await this.deps.store.setExpiry(id, expiresAt))!;
    return this.requested(
      id,
      store,
      'extended',
      `Expiry extended by ${hours} h to ${expiresAt.toISOString()}`,
      actor,
    );
  }

  /**
   * Gives a store its owner's hostname (or with null takes it away): recorded, then the release
   * is upgraded so the Ingress, the URLs and the entity links follow (a suspended store gets it
   * when it resumes).
   */
  async setDomain(
    id: string,
    hostname: string | null,
    actor: string,
  ): Promise<Store> {
    const existing = await this.get(id);
    const { domains } = this.deps;
    const refused =
      hostname && domains && explainRefusedDomain(hostname, domains);
    if (refused) throw new InputError(refused);
    const settled = ['ready', 'degraded', 'failed', 'suspended'];
    if (!settled.includes(existing.status)) {
      throw new ConflictError(
        `Store ${existing.name} is ${existing.status}; set its domain once it is ready, failed or suspended`,
      );
    }
    if ((existing.customHost ?? null) === hostname) return existing;
    if (hostname) await this.checkHostIsFree(existing, hostname);
    const store = (await this.deps.store.setCustomHost(
      id,
      hostname,
      existing.status !== 'suspended',
    ))!;
    return this.requested(
      id,
      store,
      'domain',
      hostname ? `Custom domain set to ${hostname}` : 'Custom domain removed',
      actor,
    );
  }

  /**
   * A host another application's Ingress serves (any namespace but this store's) is theirs; with
   * `stores.domains.verifyOwnership`, the owner proves they hold the name in DNS first.
   */
  private async checkHostIsFree(store: Store, hostname: string) {
    // Another store's host: said by name (the database's unique index holds it either way).
    const other = await this.deps.store.customHostOwner(hostname, store.id);
    if (other) {
      throw new ConflictError(
        `Hostname ${hostname} is already used by store ${other}`,
      );
    }
    const serving = await this.deps.ingressesServing?.(hostname);
    const foreign = serving?.find(i => i.namespace !== store.namespace);
    if (foreign) {
      throw new ConflictError(
        `${hostname} is already served by Ingress ${foreign.namespace}/${foreign.name}, which is not this store's; a store cannot take a host another application serves`,
      );
    }
    if (this.deps.domains?.verifyOwnership) {
      const missing = await explainMissingProof(store.id, hostname);
      if (missing) throw new ConflictError(missing);
    }
  }

  /**
   * Changes the options a store runs with (checked by its engine) and queues the upgrade of its
   * release; if the upgrade or its order probe fails, the revision that served is put back.
   */
  async upgrade(
    id: string,
    options: Record<string, unknown>,
    actor: string,
  ): Promise<Store> {
    const existing = await this.get(id);
    const engine = this.deps.engines.get(existing.engine);
    const next = validateOptions(engine, options) ?? {};
    const before = existing.options ?? {};
    const changed = [...new Set([...Object.keys(before), ...Object.keys(next)])]
      .filter(k => JSON.stringify(before[k]) !== JSON.stringify(next[k]))
      .map(
        k =>
          `${k} ${
            before[k] === undefined
              ? '(default)'
              : [before[k]].flat().join(', ')
          } → ${
            next[k] === undefined ? '(default)' : [next[k]].flat().join(', ')
          }`,
      );
    if (!changed.length) {
      throw new ConflictError(
        `Store ${existing.name} already runs with these options; nothing to upgrade`,
      );
    }
    return this.change(id, actor, {
      request: () => this.deps.store.requestUpgrade(id, next),
      only: 'upgrade a store that is ready, degraded or failed',
      kind: 'upgrade-requested',
      message: `Upgrade requested: ${changed.join('; ')}`,
    });
  }

  /** Queues a rollback of the store's release to an earlier revision it had. */
  async rollback(id: string, revision: number, actor: string): Promise<Store> {
    const existing = await this.get(id);
    const known = await this.deps.store.listRevisions(id);
    if (!known.some(r => r.revision === revision)) {
      throw new InputError(
        `Store ${
          existing.name
        } has no revision ${revision} made by Storefleet; it has ${
          known.map(r => r.revision).join(', ') || 'none'
        }`,
      );
    }
    return this.change(id, actor, {
      request: () => this.deps.store.requestRollback(id, revision),
      only: 'roll back a store that is ready or degraded',
      kind: 'rollback-requested',
      message: `Rollback requested to revision ${revision}`,
    });
  }

  /** Asks for the order probe to run now against a Ready or degraded store. */
  async check(id: string, actor: string): Promise<Store> {
    const existing = await this.get(id);
    if (!this.deps.check) {
      throw new ConflictError(
        'No cluster is configured, so there is no store to check',
      );
    }
    if (existing.status !== 'ready' && existing.status !== 'degraded') {
      throw new ConflictError(
        `Store ${existing.name} is ${existing.status}; only a ready or degraded store can be checked`,
      );
    }
    await this.deps.store.addActivity(id, {
      kind: 'check-requested',
      message: 'Check now requested: placing a test order',
      actor,
    });
    this.deps.check(id, actor);
    this.deps.onChange?.(id);
    return existing;
  }

  /** Deletes a store whose time to live ran out; the expiry check calls it. */
  async expire(id: string, expiresAt: string): Promise<void> {
    await this.deps.store.requestDelete(id);
    await this.deps.store.addActivity(id, {
      kind: 'expired',
      message: `Expired at ${expiresAt}; deleting`,
    });
    this.deps.cancel?.(id);
    this.deps.onChange?.(id);
    this.deps.nudge();
  }

  private checkTtl(hours: number) {
    const max = this.deps.maxTtlHours ?? 720;
    if (hours > max + 1 / 60) {
      throw new InputError(
        `A store may live at most ${max} hours from now (stores.expiry.maxTtlHours); asked for ${Math.ceil(
          hours,
        )}`,
      );
    }
  }

  /** Records who asked for a change of desired state and hands it to the reconciler. */
  private async requested(
    id: string,
    store: Store,
    kind: string,
    message: string,
    actor: string,
  ): Promise<Store> {
    await this.deps.store.addActivity(id, { kind, message, actor });
    this.deps.onChange?.(id);
    this.deps.nudge();
    return store;
  }

  async get(id: string): Promise<Store> {
    const store = await this.deps.store.getStore(id);
    if (!store) throw new NotFoundError(`Store ${id} not found`);
    return store;
  }
}
