import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { Store } from '@storefleet/plugin-stores-common';
import { Knex } from 'knex';
import { v4 as uuid } from 'uuid';
import {
  CreateLimits,
  NewStore,
  StoreFilter,
  StoresStore,
} from './StoresStore';
import { checkCapacity, checkPersonLimits, lockQuotas } from './createLimits';
import {
  LIVE,
  PEOPLES,
  StoreRow,
  isUniqueViolation,
  uniqueConflict,
  toStore,
  toWork,
} from './storeRows';
import {
  addActivity,
  addRevision,
  listActivity,
  listRevisions,
} from './storeHistory';
import { listFleetActivity } from './fleetActivity';
import { migrateToLatest } from './migrateToLatest';
import {
  abandonClaim,
  claimSlot,
  createSlot,
  finishClaim,
  listSlots,
} from './warmPool';
import { summary } from './storeSummary';
import {
  claimWork,
  getWork,
  listWork,
  releaseLease,
  renewLease,
  setStatus,
  transition,
} from './workQueue';

/**
 * Knex implementation of {@link StoresStore}, for SQLite and PostgreSQL: here the store records,
 * the requests people make and the quotas they are held to; beside it, the reconciler's work
 * queue (workQueue.ts), revisions and activity (storeHistory.ts), the summary (storeSummary.ts)
 * and the row mapping (storeRows.ts). Over 300 lines on purpose: each request (delete, retry,
 * suspend, resume, upgrade, rollback, domain, expiry) is one guarded conditional update, and they
 * read best side by side.
 */
export class DatabaseStoresStore implements StoresStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    logger?: LoggerService;
  }): Promise<DatabaseStoresStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await migrateToLatest(client, options.logger);
    }
    return new DatabaseStoresStore(client);
  }

  private constructor(private readonly db: Knex) {}

  // The reconciler's work queue and leases: workQueue.ts.
  claimWork: StoresStore['claimWork'] = (...args) =>
    claimWork(this.db, ...args);
  renewLease: StoresStore['renewLease'] = (...args) =>
    renewLease(this.db, ...args);
  releaseLease: StoresStore['releaseLease'] = (...args) =>
    releaseLease(this.db, ...args);
  getWork: StoresStore['getWork'] = (...args) => getWork(this.db, ...args);
  setStatus: StoresStore['setStatus'] = (...args) =>
    setStatus(this.db, ...args);
  listWork: StoresStore['listWork'] = (...args) => listWork(this.db, ...args);
  transition: StoresStore['transition'] = (...args) =>
    transition(this.db, ...args);
  // Revisions and activity: storeHistory.ts.
  addRevision: StoresStore['addRevision'] = (...args) =>
    addRevision(this.db, ...args);
  listRevisions: StoresStore['listRevisions'] = (...args) =>
    listRevisions(this.db, ...args);
  addActivity: StoresStore['addActivity'] = (...args) =>
    addActivity(this.db, ...args);
  listActivity: StoresStore['listActivity'] = (...args) =>
    listActivity(this.db, ...args);
  listFleetActivity: StoresStore['listFleetActivity'] = (...args) =>
    listFleetActivity(this.db, ...args);
  // The warm pool: warmPool.ts.
  createSlot: StoresStore['createSlot'] = (...args) =>
    createSlot(this.db, ...args);
  listSlots: StoresStore['listSlots'] = (...args) =>
    listSlots(this.db, ...args);
  claimSlot: StoresStore['claimSlot'] = (...args) =>
    claimSlot(this.db, ...args);
  finishClaim: StoresStore['finishClaim'] = (...args) =>
    finishClaim(this.db, ...args);
  abandonClaim: StoresStore['abandonClaim'] = (...args) =>
    abandonClaim(this.db, ...args);
  // Counts for the fleet summary: storeSummary.ts.
  summary: StoresStore['summary'] = (...args) => summary(this.db, ...args);

  async createStore(store: NewStore, limits: CreateLimits): Promise<Store> {
    const now = new Date();
    const id = uuid();
    try {
      await this.db.transaction(async tx => {
        await lockQuotas(tx);
        await checkCapacity(tx, limits.maxStores);
        await checkPersonLimits(tx, store.createdBy, limits, now);
        if (await tx('stores').where('name', store.name).where(LIVE).first()) {
          throw new ConflictError(
            `A store named '${store.name}' already exists`,
          );
        }
        await tx('stores').insert({
          id,
          name: store.name,
          display_name: store.displayName ?? null,
          options:
            store.options && Object.keys(store.options).length
              ? JSON.stringify(store.options)
              : null,
          engine: store.engine,
          owner: store.owner,
          created_by: store.createdBy,
          desired: 'present',
          status: 'queued',
          namespace: store.namespace,
          release_name: store.name,
          expires_at: store.expiresAt ?? null,
          attempts: 0,
          generation: 1,
          created_at: now,
          updated_at: now,
        });
        await tx('store_activity').insert({
          store_id: id,
          at: now,
          kind: 'requested',
          message: `Requested ${store.engine} store '${store.name}'`,
          actor: store.createdBy,
        });
      });
    } catch (error) {
      throw uniqueConflict(error, store) ?? error;
    }
    return (await this.getStore(id))!;
  }

  async getStore(id: string): Promise<Store | undefined> {
    const row = await this.db<StoreRow>('stores').where({ id }).first();
    return row ? toStore(row) : undefined;
  }

  async listStores(filter: StoreFilter) {
    const query = this.db<StoreRow>('stores')
      .where(PEOPLES)
      .where(builder => {
        if (filter.status) builder.where('status', filter.status);
        else builder.whereNot('status', 'deleted');
        if (filter.engine) builder.where('engine', filter.engine);
        if (filter.owner) builder.where('owner', filter.owner);
        for (const refs of [filter.ownedBy, filter.mine]) {
          if (refs) {
            builder.where(b =>
              b.whereIn('owner', refs).orWhereIn('created_by', refs),
            );
          }
        }
      });
    const [{ count }] = await query.clone().count({ count: '*' });
    const rows = await query
      .clone()
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }])
      .limit(filter.limit)
      .offset(filter.offset);
    return { items: rows.map(toStore), totalCount: Number(count) };
  }

  async requestDelete(id: string) {
    await this.db('stores').where({ id }).whereNot('status', 'deleted').update({
      desired: 'absent',
      status: 'deleting',
      reason: null,
      updated_at: new Date(),
    });
    return this.getStore(id);
  }

  async requestRetry(id: string) {
    const updated = await this.db('stores')
      .where({ id, desired: 'present' })
      .whereIn('status', ['failed', 'degraded'])
      .update({ status: 'queued', reason: null, updated_at: new Date() });
    return updated ? this.getStore(id) : undefined;
  }

  async requestSuspend(id: string) {
    const updated = await this.db('stores')
      .where({ id, status: 'ready', desired: 'present' })
      .update({
        desired: 'suspended',
        status: 'suspending',
        reason: null,
        updated_at: new Date(),
      });
    return updated ? this.getStore(id) : undefined;
  }

  async requestResume(id: string, limits: CreateLimits) {
    const updated = await this.db.transaction(async tx => {
      await lockQuotas(tx);
      const row = await tx<StoreRow>('stores')
        .where({ id, status: 'suspended', desired: 'suspended' })
        .first();
      if (!row) return 0;
      await checkCapacity(tx, limits.maxStores);
      return tx('stores').where({ id, status: 'suspended' }).update({
        desired: 'present',
        status: 'queued',
        reason: null,
        updated_at: new Date(),
      });
    });
    return updated ? this.getStore(id) : undefined;
  }

  async requestUpgrade(id: string, options: Record<string, unknown>) {
    const updated = await this.db('stores')
      .where({ id, desired: 'present' })
      .whereIn('status', ['ready', 'degraded', 'failed'])
      .update({
        options: Object.keys(options).length ? JSON.stringify(options) : null,
        status: 'queued',
        reason: null,
        rollback_to: null,
        updated_at: new Date(),
      });
    return updated ? this.getStore(id) : undefined;
  }

  async requestRollback(id: string, revision: number) {
    const updated = await this.db('stores')
      .where({ id, desired: 'present' })
      .whereIn('status', ['ready', 'degraded'])
      .update({
        status: 'queued',
        reason: null,
        rollback_to: revision,
        updated_at: new Date(),
      });
    return updated ? this.getStore(id) : undefined;
  }

  async customHostOwner(host: string, id: string) {
    const other = await this.db<StoreRow>('stores')
      .where({ custom_host: host })
      .whereNot({ id })
      .where(LIVE)
      .first();
    return other?.name;
  }

  async setCustomHost(id: string, host: string | null, requeue: boolean) {
    const taken = async (tx: Knex.Transaction) =>
      host
        ? tx<StoreRow>('stores')
            .where({ custom_host: host })
            .whereNot({ id })
            .where(LIVE)
            .first()
        : undefined;
    const conflict = (other: string) =>
      new ConflictError(`Hostname ${host} is already used by store ${other}`);
    try {
      await this.db.transaction(async tx => {
        const other = await taken(tx);
        if (other) throw conflict(other.name);
        await tx('stores')
          .where({ id })
          .where(LIVE)
          .update({
            custom_host: host,
            updated_at: new Date(),
            ...(requeue && { status: 'queued', reason: null }),
          });
      });
    } catch (error) {
      // Two owners asking for one hostname at once: the index refuses the second.
      if (isUniqueViolation(error)) {
        const other = await taken(this.db as unknown as Knex.Transaction);
        throw conflict(other?.name ?? 'another store');
      }
      throw error;
    }
    return this.getStore(id);
  }

  async setExpiry(id: string, expiresAt: Date) {
    await this.db('stores').where({ id }).where(LIVE).update({
      expires_at: expiresAt,
      expiry_notified_at: null,
      updated_at: new Date(),
    });
    return this.getStore(id);
  }

  async listExpiring(before: Date) {
    const rows = await this.db<StoreRow>('stores')
      .whereNotNull('expires_at')
      .where('expires_at', '<=', before)
      .whereNot('desired', 'absent')
      .where(LIVE)
      .where(PEOPLES);
    return rows.map(row => ({
      ...toWork(row),
      notified: Boolean(row.expiry_notified_at),
    }));
  }

  async markExpiryNotified(id: string) {
    await this.db('stores')
      .where({ id })
      .update({ expiry_notified_at: new Date() });
  }

  async listFailedBefore(before: Date) {
    const rows = await this.db<StoreRow>('stores')
      .where({ status: 'failed', desired: 'present' })
      .where(PEOPLES)
      .where('updated_at', '<=', before);
    return rows.map(toWork);
  }

  async requestFailedScaleDown(id: string) {
    const updated = await this.db('stores')
      .where({ id, status: 'failed', desired: 'present' })
      .update({
        desired: 'suspended',
        status: 'suspending',
        updated_at: new Date(),
      });
    return updated ? this.getStore(id) : undefined;
  }
}
