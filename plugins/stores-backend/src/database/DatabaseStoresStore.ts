import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { Store } from '@storefleet/plugin-stores-common';
import { Knex } from 'knex';
import { v4 as uuid } from 'uuid';
import { NewStore, StoreFilter, StoresStore } from './StoresStore';

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
  status: Store['status'];
  reason: string | null;
  namespace: string;
  storefront_url: string | null;
  admin_url: string | null;
  attempts: number;
  created_at: Date | string;
  updated_at: Date | string;
  ready_at: Date | string | null;
}

const toIso = (value: Date | string) => new Date(value).toISOString();

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
    attempts: row.attempts,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    readyAt: row.ready_at ? toIso(row.ready_at) : undefined,
  };
}

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

  async createStore(store: NewStore): Promise<Store> {
    const now = new Date();
    const row = {
      id: uuid(),
      name: store.name,
      display_name: store.displayName ?? null,
      engine: store.engine,
      owner: store.owner,
      created_by: store.createdBy,
      desired: 'present',
      status: 'queued',
      namespace: store.namespace,
      attempts: 0,
      generation: 1,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db('stores').insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(`A store named '${store.name}' already exists`);
      }
      throw error;
    }
    return (await this.getStore(row.id))!;
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
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}
