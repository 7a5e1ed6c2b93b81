import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  Store,
  StoreActivity,
  StoreStatus,
} from '@storefleet/plugin-stores-common';
import { Knex } from 'knex';
import { v4 as uuid } from 'uuid';
import { QuotaExceededError, RateLimitedError } from '../service/errors';
import {
  CreateLimits,
  NewStore,
  StoreFilter,
  StoreStatusPatch,
  StoresStore,
  StoresSummary,
  StoreRevisionRecord,
  StoreWork,
} from './StoresStore';

const migrationsDir = resolvePackagePath(
  '@storefleet/plugin-stores-backend',
  'migrations',
);

interface StoreRow {
  id: string;
  name: string;
  display_name: string | null;
  engine: string;
  owner: string;
  created_by: string;
  desired: StoreWork['desired'];
  status: Store['status'];
  reason: string | null;
  namespace: string;
  storefront_url: string | null;
  admin_url: string | null;
  api_url?: string | null;
  attempts: number;
  created_at: Date | string;
  updated_at: Date | string;
  ready_at: Date | string | null;
  provisioning_started_at?: Date | string | null;
  options?: string | null;
  workloads?: string | null;
  expires_at?: Date | string | null;
  expiry_notified_at?: Date | string | null;
  custom_host?: string | null;
  rollback_to?: number | null;
}

// SQLite stores timestamps as epoch milliseconds, PostgreSQL as timestamptz.
const toIso = (value: Date | string | number) => new Date(value).toISOString();

function toStore(row: StoreRow): Store {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name ?? undefined,
    engine: row.engine,
    owner: row.owner,
    createdBy: row.created_by,
    status: row.status,
    reason: row.reason ?? undefined,
    namespace: row.namespace,
    storefrontUrl: row.storefront_url ?? undefined,
    adminUrl: row.admin_url ?? undefined,
    apiUrl: row.api_url ?? undefined,
    attempts: row.attempts,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    readyAt: row.ready_at ? toIso(row.ready_at) : undefined,
    options: row.options ? JSON.parse(row.options) : undefined,
    expiresAt: row.expires_at ? toIso(row.expires_at) : undefined,
    customHost: row.custom_host ?? undefined,
  };
}

const LIVE = (builder: Knex.QueryBuilder) =>
  builder.whereNot('status', 'deleted');
/** Live stores that hold cluster capacity: a suspended store runs no pods. */
const RUNNING = (builder: Knex.QueryBuilder) =>
  builder.whereNotIn('status', ['deleted', 'suspended']);
/** Stores the reconciler has work for. */
const NEEDS_WORK = (builder: Knex.QueryBuilder) =>
  builder
    .where(b =>
      b
        .where('desired', 'present')
        .whereIn('status', ['queued', 'provisioning']),
    )
    .orWhere(b => b.where('desired', 'suspended').where('status', 'suspending'))
    .orWhere(b => b.where('desired', 'absent').whereNot('status', 'deleted'));

/** Knex implementation of {@link StoresStore}, for SQLite and PostgreSQL. */
export class DatabaseStoresStore implements StoresStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseStoresStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseStoresStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async createStore(store: NewStore, limits: CreateLimits): Promise<Store> {
    const now = new Date();
    const id = uuid();
    try {
      await this.db.transaction(async tx => {
        // Row lock: concurrent creates queue here, so the counts below cannot go stale.
        await tx('store_quota_lock').where({ id: 1 }).increment('version', 1);
        const count = async (q: Knex.QueryBuilder) =>
          Number((await q.count({ n: '*' }))[0].n);
        await this.checkCapacity(tx, limits);
        const mine = await count(
          tx('stores').where(LIVE).where('created_by', store.createdBy),
        );
        if (mine >= limits.maxStoresPerUser) {
          throw new QuotaExceededError(
            `You have ${mine} stores, the limit per person is ${limits.maxStoresPerUser}; delete one first`,
          );
        }
        const since = new Date(now.getTime() - limits.rateWindowSeconds * 1000);
        const recent = await count(
          tx('stores')
            .where('created_by', store.createdBy)
            .where('created_at', '>', since),
        );
        if (recent >= limits.maxCreatesPerWindow) {
          throw new RateLimitedError(
            `You created ${recent} stores in the last ${limits.rateWindowSeconds} s; the limit is ${limits.maxCreatesPerWindow}, try again later`,
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
      if (isUniqueViolation(error)) {
        throw new ConflictError(`A store named '${store.name}' already exists`);
      }
      throw error;
    }
    return (await this.getStore(id))!;
  }

  /** The global limit counts running stores; suspended ones hold no pods. */
  private async checkCapacity(tx: Knex.Transaction, limits: CreateLimits) {
    const [{ n }] = await tx('stores').where(RUNNING).count({ n: '*' });
    if (Number(n) >= limits.maxStores) {
      throw new QuotaExceededError(
        `Storefleet has reached its limit of ${limits.maxStores} running ${
          limits.maxStores === 1 ? 'store' : 'stores'
        }; delete or suspend one first`,
      );
    }
  }

  async getStore(id: string): Promise<Store | undefined> {
    const row = await this.db<StoreRow>('stores').where({ id }).first();
    return row ? toStore(row) : undefined;
  }

  async listStores(filter: StoreFilter) {
    const query = this.db<StoreRow>('stores').where(builder => {
      if (filter.status) builder.where('status', filter.status);
      else builder.whereNot('status', 'deleted');
      if (filter.engine) builder.where('engine', filter.engine);
      if (filter.owner) builder.where('owner', filter.owner);
      if (filter.ownedBy) {
        const refs = filter.ownedBy;
        builder.where(b =>
          b.whereIn('owner', refs).orWhereIn('created_by', refs),
        );
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
      await tx('store_quota_lock').where({ id: 1 }).increment('version', 1);
      const row = await tx<StoreRow>('stores')
        .where({ id, status: 'suspended', desired: 'suspended' })
        .first();
      if (!row) return 0;
      await this.checkCapacity(tx, limits);
      return tx('stores').where({ id, status: 'suspended' }).update({
        desired: 'present',
        status: 'queued',
        reason: null,
        updated_at: new Date(),
      });
    });
    return updated ? this.getStore(id) : undefined;
  }

  async claimWork(worker: string, leaseSeconds: number, maxActive: number) {
    const now = new Date();
    return this.db.transaction(async tx => {
      await tx('store_quota_lock').where({ id: 1 }).increment('version', 1);
      // maxActive is a cap across replicas: every live lease counts, this worker's too.
      const [{ n }] = await tx('stores')
        .whereNotNull('lease_expires_at')
        .where('lease_expires_at', '>', now)
        .count({ n: '*' });
      if (Number(n) >= maxActive) return undefined;
      const candidate = await tx<StoreRow>('stores')
        .where(NEEDS_WORK)
        .where(b =>
          b
            .whereNull('lease_expires_at')
            .orWhere('lease_expires_at', '<=', now),
        )
        .orderBy('updated_at')
        .first();
      if (!candidate) return undefined;
      const taken = await tx('stores')
        .where({ id: candidate.id })
        .where(b =>
          b
            .whereNull('lease_expires_at')
            .orWhere('lease_expires_at', '<=', now),
        )
        .update({
          lease_owner: worker,
          lease_expires_at: new Date(now.getTime() + leaseSeconds * 1000),
        });
      return taken ? toWork(candidate) : undefined;
    });
  }

  async renewLease(id: string, worker: string, leaseSeconds: number) {
    const updated = await this.db('stores')
      .where({ id, lease_owner: worker })
      .update({ lease_expires_at: new Date(Date.now() + leaseSeconds * 1000) });
    return updated === 1;
  }

  async releaseLease(id: string, worker: string) {
    await this.db('stores')
      .where({ id, lease_owner: worker })
      .update({ lease_owner: null, lease_expires_at: null });
  }

  async getWork(id: string) {
    const row = await this.db<StoreRow>('stores').where({ id }).first();
    return row ? toWork(row) : undefined;
  }

  async setStatus(id: string, patch: StoreStatusPatch) {
    const now = new Date();
    const update: Record<string, unknown> = {
      status: patch.status,
      updated_at: now,
    };
    if (patch.reason !== undefined) update.reason = patch.reason;
    if (patch.storefrontUrl !== undefined)
      update.storefront_url = patch.storefrontUrl;
    if (patch.adminUrl !== undefined) update.admin_url = patch.adminUrl;
    if (patch.apiUrl !== undefined) update.api_url = patch.apiUrl;
    if (patch.workloads !== undefined)
      update.workloads = JSON.stringify(patch.workloads);
    if (patch.options !== undefined)
      update.options = Object.keys(patch.options).length
        ? JSON.stringify(patch.options)
        : null;
    if (patch.clearRollback) update.rollback_to = null;
    if (patch.status === 'ready') update.ready_at = now;
    if (patch.incrementAttempts) {
      update.attempts = this.db.raw('attempts + 1');
      update.provisioning_started_at = now;
    }
    await this.db('stores').where({ id }).update(update);
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

  async addRevision(id: string, revision: Omit<StoreRevisionRecord, 'at'>) {
    await this.db('store_revisions').insert({
      store_id: id,
      revision: revision.revision,
      at: new Date(),
      actor: revision.actor ?? null,
      change: revision.change,
      options: revision.options ? JSON.stringify(revision.options) : null,
    });
  }

  async listRevisions(id: string): Promise<StoreRevisionRecord[]> {
    const rows = await this.db('store_revisions')
      .where({ store_id: id })
      .orderBy('id');
    return rows.map(row => ({
      revision: row.revision,
      at: toIso(row.at),
      actor: row.actor ?? undefined,
      change: row.change,
      options: row.options ? JSON.parse(row.options) : undefined,
    }));
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
      .where(LIVE);
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

  async listWork(statuses: StoreStatus[]) {
    const rows = await this.db<StoreRow>('stores')
      .whereIn('status', statuses)
      .where('desired', 'present');
    return rows.map(toWork);
  }

  async transition(
    id: string,
    from: StoreStatus,
    patch: { status: StoreStatus; reason: string | null },
  ) {
    const updated = await this.db('stores')
      .where({ id, status: from, desired: 'present' })
      .update({ ...patch, updated_at: new Date() });
    return updated === 1;
  }

  async summary(ownedBy?: string[]): Promise<StoresSummary> {
    const rows = await this.db<StoreRow>('stores')
      .where(LIVE)
      .where(b => {
        if (ownedBy)
          b.whereIn('owner', ownedBy).orWhereIn('created_by', ownedBy);
      })
      .select('status', 'engine', 'created_at', 'ready_at');
    const byStatus: Record<string, number> = {};
    const byEngine: Record<string, number> = {};
    const durations: number[] = [];
    for (const row of rows) {
      byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
      byEngine[row.engine] = (byEngine[row.engine] ?? 0) + 1;
      if (row.ready_at) {
        durations.push(
          (new Date(row.ready_at).getTime() -
            new Date(row.created_at).getTime()) /
            1000,
        );
      }
    }
    durations.sort((a, b) => a - b);
    return {
      total: rows.length,
      byStatus,
      byEngine,
      provisioningSeconds: {
        count: durations.length,
        p50: durations.length
          ? durations[Math.floor((durations.length - 1) / 2)]
          : undefined,
        max: durations.length ? durations[durations.length - 1] : undefined,
      },
    };
  }

  async addActivity(id: string, activity: Omit<StoreActivity, 'at'>) {
    await this.db('store_activity').insert({
      store_id: id,
      at: new Date(),
      kind: activity.kind,
      message: activity.message,
      actor: activity.actor ?? null,
    });
  }

  async listActivity(id: string): Promise<StoreActivity[]> {
    const rows = await this.db('store_activity')
      .where({ store_id: id })
      .orderBy('id');
    return rows.map(row => ({
      at: toIso(row.at),
      kind: row.kind,
      message: row.message,
      actor: row.actor ?? undefined,
    }));
  }
}

function toWork(row: StoreRow): StoreWork {
  return {
    ...toStore(row),
    desired: row.desired,
    provisioningStartedAt: row.provisioning_started_at
      ? toIso(row.provisioning_started_at)
      : undefined,
    workloads: row.workloads ? JSON.parse(row.workloads) : undefined,
    rollbackTo: row.rollback_to ?? undefined,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}
