import { ConflictError, NotFoundError } from '@backstage/errors';
import { Store, storeNamespace } from '@storefleet/plugin-stores-common';
import { CreateLimits, StoresStore } from '../database/StoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { validateOptions } from '../engines/validateOptions';
import { StoreMetrics } from './StoreMetrics';

/**
 * The requests people can make of a store's lifecycle. Each records desired state and an
 * activity line, then nudges the reconciler, which does the work.
 */
export class StoreLifecycle {
  constructor(
    private readonly deps: {
      store: StoresStore;
      engines: EngineRegistry;
      limits: CreateLimits;
      /** Asks the reconciler to look for work now. */
      nudge: () => void;
      /** Interrupts in-flight work on a store in this process, if any. */
      cancel?: (storeId: string) => void;
      metrics?: StoreMetrics;
      /** Told the id of every store whose desired state changed. */
      onChange?: (storeId: string) => void;
    },
  ) {}

  async create(request: {
    name: string;
    engine: string;
    displayName?: string;
    owner?: string;
    options?: Record<string, unknown>;
    userRef: string;
  }): Promise<Store> {
    const engine = this.deps.engines.get(request.engine);
    const options = validateOptions(engine, request.options);
    const created = await this.deps.store.createStore(
      {
        name: request.name,
        displayName: request.displayName,
        options,
        engine: request.engine,
        owner: request.owner ?? request.userRef,
        createdBy: request.userRef,
        namespace: storeNamespace(request.name),
      },
      this.deps.limits,
    );
    this.deps.metrics?.created.add(1, { engine: request.engine });
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
    const existing = await this.get(id);
    const store = await this.deps.store.requestRetry(id);
    if (!store) {
      throw new ConflictError(
        `Store ${existing.name} is ${existing.status}; only a failed or degraded store can be retried`,
      );
    }
    return this.requested(
      id,
      store,
      'retry-requested',
      'Retry requested',
      actor,
    );
  }

  async suspend(id: string, actor: string): Promise<Store> {
    const existing = await this.get(id);
    const store = await this.deps.store.requestSuspend(id);
    if (!store) {
      throw new ConflictError(
        `Store ${existing.name} is ${existing.status}; only a ready store can be suspended`,
      );
    }
    return this.requested(
      id,
      store,
      'suspend-requested',
      'Suspend requested',
      actor,
    );
  }

  async resume(id: string, actor: string): Promise<Store> {
    const existing = await this.get(id);
    const store = await this.deps.store.requestResume(id, this.deps.limits);
    if (!store) {
      throw new ConflictError(
        `Store ${existing.name} is ${existing.status}; only a suspended store can be resumed`,
      );
    }
    return this.requested(
      id,
      store,
      'resume-requested',
      'Resume requested',
      actor,
    );
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
