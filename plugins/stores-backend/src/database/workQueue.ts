import { StoreStatus } from '@storefleet/plugin-stores-common';
import { Knex } from 'knex';
import { StoreStatusPatch } from './StoresStore';
import { NEEDS_WORK, StoreRow, toWork } from './storeRows';

/**
 * The reconciler's side of the `stores` table: claiming work under a lease (a cap across
 * replicas), renewing and releasing it, and recording status.
 */
export async function claimWork(
  db: Knex,
  worker: string,
  leaseSeconds: number,
  maxActive: number,
) {
  const now = new Date();
  return db.transaction(async tx => {
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
        b.whereNull('lease_expires_at').orWhere('lease_expires_at', '<=', now),
      )
      // People's stores before warm-pool slots: a refill never delays a person.
      .orderBy([{ column: 'pool_slot' }, { column: 'updated_at' }])
      .first();
    if (!candidate) return undefined;
    const taken = await tx('stores')
      .where({ id: candidate.id })
      .where(b =>
        b.whereNull('lease_expires_at').orWhere('lease_expires_at', '<=', now),
      )
      .update({
        lease_owner: worker,
        lease_expires_at: new Date(now.getTime() + leaseSeconds * 1000),
      });
    if (!taken) return undefined;
    // A lease that was released has no owner; one that ran out still names its worker.
    return {
      ...toWork(candidate),
      ...(candidate.lease_owner && {
        previousLeaseOwner: candidate.lease_owner,
      }),
    };
  });
}

export async function renewLease(
  db: Knex,
  id: string,
  worker: string,
  leaseSeconds: number,
) {
  const updated = await db('stores')
    .where({ id, lease_owner: worker })
    .update({ lease_expires_at: new Date(Date.now() + leaseSeconds * 1000) });
  return updated === 1;
}

export async function releaseLease(db: Knex, id: string, worker: string) {
  await db('stores')
    .where({ id, lease_owner: worker })
    .update({ lease_owner: null, lease_expires_at: null });
}

export async function getWork(db: Knex, id: string) {
  const row = await db<StoreRow>('stores').where({ id }).first();
  return row ? toWork(row) : undefined;
}

export async function setStatus(db: Knex, id: string, patch: StoreStatusPatch) {
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
    update.attempts = db.raw('attempts + 1');
    update.provisioning_started_at = now;
  }
  await db('stores').where({ id }).update(update);
}

export async function listWork(db: Knex, statuses: StoreStatus[]) {
  const rows = await db<StoreRow>('stores')
    .whereIn('status', statuses)
    .where('desired', 'present');
  return rows.map(toWork);
}

export async function transition(
  db: Knex,

  id: string,
  from: StoreStatus,
  patch: { status: StoreStatus; reason: string | null },
) {
  const updated = await db('stores')
    .where({ id, status: from, desired: 'present' })
    .update({ ...patch, updated_at: new Date() });
  return updated === 1;
}
