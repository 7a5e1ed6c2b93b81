import { Store, storeObjectNames } from '@storefleet/plugin-stores-common';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { StoreWork } from './StoresStore';
import { toIso } from './toIso';

/** A row of the `stores` table. */
export interface StoreRow {
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
  lease_owner?: string | null;
  pool_slot?: boolean | number;
  release_name?: string | null;
  claimed_from?: string | null;
  objects_store_id?: string | null;
}

export { toIso } from './toIso';

export function toStore(row: StoreRow): Store {
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
    release: storeObjectNames({
      name: row.name,
      release: row.release_name ?? undefined,
    }).release,
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

export const LIVE = (builder: Knex.QueryBuilder) =>
  builder.whereNot('status', 'deleted');
/** People's stores: not warm-pool slots waiting to be claimed. */
export const PEOPLES = (builder: Knex.QueryBuilder) =>
  builder.where('pool_slot', false);
/** Live stores that hold cluster capacity: a suspended store runs no pods. */
export const RUNNING = (builder: Knex.QueryBuilder) =>
  builder.whereNotIn('status', ['deleted', 'suspended']);
/** Stores the reconciler has work for. */
export const NEEDS_WORK = (builder: Knex.QueryBuilder) =>
  builder
    .where(b =>
      b
        .where('desired', 'present')
        .whereIn('status', ['queued', 'provisioning']),
    )
    .orWhere(b => b.where('desired', 'suspended').where('status', 'suspending'))
    .orWhere(b => b.where('desired', 'absent').whereNot('status', 'deleted'));

export function toWork(row: StoreRow): StoreWork {
  const store = toStore(row);
  return {
    ...store,
    release: storeObjectNames(store).release,
    desired: row.desired,
    provisioningStartedAt: row.provisioning_started_at
      ? toIso(row.provisioning_started_at)
      : undefined,
    workloads: row.workloads ? JSON.parse(row.workloads) : undefined,
    rollbackTo: row.rollback_to ?? undefined,
    objectsId: row.objects_store_id ?? row.id,
    poolSlot: Boolean(row.pool_slot),
    claimedFrom: row.claimed_from ? JSON.parse(row.claimed_from) : undefined,
  };
}

/**
 * The conflict a unique index refused, in words: a live store already has the name, the
 * namespace or the Helm release (two live stores never share them).
 */
export function uniqueConflict(
  error: unknown,
  store: { name: string; namespace: string },
): ConflictError | undefined {
  if (!isUniqueViolation(error)) return undefined;
  const e = error as { constraint?: string; message?: string };
  const text = `${e.constraint ?? ''} ${e.message ?? ''}`;
  if (/namespace/.test(text)) {
    return new ConflictError(
      `Namespace ${store.namespace} already belongs to another live store; store '${store.name}' cannot use it`,
    );
  }
  if (/release/.test(text)) {
    return new ConflictError(
      `Helm release ${store.name} already belongs to another live store; store '${store.name}' cannot use it`,
    );
  }
  return new ConflictError(`A store named '${store.name}' already exists`);
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}
