import { Knex } from 'knex';
import { v4 as uuid } from 'uuid';
import { ConflictError } from '@backstage/errors';
import { checkCapacity, checkPersonLimits, lockQuotas } from './createLimits';
import { LIVE, StoreRow, toIso, uniqueConflict, toWork } from './storeRows';
import { ClaimedSlot, CreateLimits, NewStore, StoreWork } from './StoresStore';

/** Who a warm-pool slot belongs to until a person claims it: no person, no group. */
export const POOL_OWNER = 'storefleet:warm-pool';

/** A `stores` row of the warm pool's own: no person owns it, none is counted for it. */
const poolRow = (
  fields: {
    id: string;
    name: string;
    engine: string;
    namespace: string;
    desired: 'present' | 'absent';
    status: 'queued' | 'deleting';
    release_name?: string;
    objects_store_id?: string;
  },
  now: Date,
) => ({
  release_name: fields.name,
  ...fields,
  owner: POOL_OWNER,
  created_by: POOL_OWNER,
  attempts: 0,
  generation: 1,
  pool_slot: true,
  created_at: now,
  updated_at: now,
});

/**
 * Inserts a queued warm-pool slot, within the global running-store limit (slots hold pods like
 * any store); false when that limit is reached. Slots count against no person.
 */
export async function createSlot(
  db: Knex,
  slot: { name: string; engine: string; namespace: string },
  maxStores: number,
): Promise<boolean> {
  const now = new Date();
  const id = uuid();
  return db.transaction(async tx => {
    await lockQuotas(tx);
    try {
      await checkCapacity(tx, maxStores);
    } catch {
      return false;
    }
    await tx('stores').insert(
      poolRow({ id, ...slot, desired: 'present', status: 'queued' }, now),
    );
    await tx('store_activity').insert({
      store_id: id,
      at: now,
      kind: 'requested',
      message: `Warm-pool slot for ${slot.engine} requested`,
    });
    return true;
  });
}

/** The live warm-pool slots (of one engine), oldest first. */
export async function listSlots(
  db: Knex,
  engine?: string,
): Promise<StoreWork[]> {
  const rows = await db<StoreRow>('stores')
    .where('pool_slot', true)
    .where(LIVE)
    .whereNot('desired', 'absent')
    .modify(q => (engine ? q.where('engine', engine) : q))
    .orderBy('created_at');
  return rows.map(toWork);
}

/**
 * Takes the oldest Ready slot of the engine and makes it the person's store, in one
 * transaction: a conditional update, so of concurrent claims (two replicas too) exactly one
 * wins a slot and the others take the next or none. The person's limits apply as to a create;
 * the global limit does not change (the slot already counted). Undefined: no Ready slot.
 */
export async function claimSlot(
  db: Knex,
  store: NewStore,
  limits: CreateLimits,
): Promise<string | undefined> {
  const now = new Date();
  try {
    return await db.transaction(async tx => {
      await lockQuotas(tx);
      await checkPersonLimits(tx, store.createdBy, limits, now);
      const taken = await tx('stores')
        .where('name', store.name)
        .where(LIVE)
        .first();
      if (taken) {
        throw new ConflictError(`A store named '${store.name}' already exists`);
      }
      const slot = await tx<StoreRow>('stores')
        .where({
          pool_slot: true,
          engine: store.engine,
          status: 'ready',
          desired: 'present',
        })
        .where(b =>
          b
            .whereNull('lease_expires_at')
            .orWhere('lease_expires_at', '<=', now),
        )
        .orderBy('ready_at')
        .first();
      if (!slot) return undefined;
      const from: ClaimedSlot = {
        name: slot.name,
        namespace: slot.namespace,
        provisionedAt: toIso(slot.created_at),
        readyAt: slot.ready_at ? toIso(slot.ready_at) : undefined,
        storefrontUrl: slot.storefront_url ?? undefined,
      };
      const won = await tx('stores')
        .where({ id: slot.id, pool_slot: true, status: 'ready' })
        .update({
          pool_slot: false,
          name: store.name,
          display_name: store.displayName ?? null,
          owner: store.owner,
          created_by: store.createdBy,
          expires_at: store.expiresAt ?? null,
          release_name: slot.release_name ?? slot.name,
          claimed_from: JSON.stringify(from),
          status: 'queued',
          reason: null,
          attempts: 0,
          ready_at: null,
          provisioning_started_at: null,
          created_at: now,
          updated_at: now,
        });
      if (!won) return undefined;
      await tx('store_activity').insert([
        {
          store_id: slot.id,
          at: now,
          kind: 'requested',
          message: `Requested ${store.engine} store '${store.name}'`,
          actor: store.createdBy,
        },
        {
          store_id: slot.id,
          at: now,
          kind: 'claimed',
          message: `From the warm pool (slot ${from.name}, provisioned at ${
            from.provisionedAt
          }, order probe passed at ${from.readyAt ?? 'unknown'})`,
        },
      ]);
      return slot.id;
    });
  } catch (error) {
    throw uniqueConflict(error, store) ?? error;
  }
}

/** The hand-over of a claimed slot finished: the store is the person's like any other. */
export async function finishClaim(db: Knex, id: string) {
  await db('stores').where({ id }).update({ claimed_from: null });
}

/**
 * The hand-over of a claimed slot failed: the slot's namespace goes to clean-up (a row of its
 * own, deleted by the reconciler) and the person's store starts over on the normal path in a
 * namespace of its own — never a failed store for the person.
 */
export async function abandonClaim(
  db: Knex,
  id: string,
  namespace: string,
  reason: string,
) {
  const now = new Date();
  await db.transaction(async tx => {
    const row = await tx<StoreRow>('stores').where({ id }).first();
    if (!row?.claimed_from) return;
    const from: ClaimedSlot = JSON.parse(row.claimed_from);
    const cleanup = uuid();
    // The person's store leaves the slot's namespace and release first: no two live rows
    // ever hold the same ones (a unique index), not even inside this transaction.
    await tx('stores').where({ id }).update({
      namespace,
      release_name: row.name,
      claimed_from: null,
      status: 'queued',
      reason: null,
      storefront_url: null,
      admin_url: null,
      api_url: null,
      workloads: null,
      updated_at: now,
    });
    await tx('stores').insert(
      poolRow(
        {
          id: cleanup,
          name: from.name,
          engine: row.engine,
          namespace: from.namespace,
          desired: 'absent',
          status: 'deleting',
          release_name: row.release_name ?? from.name,
          objects_store_id: row.objects_store_id ?? id,
        },
        now,
      ),
    );
    await tx('store_activity').insert({
      store_id: cleanup,
      at: now,
      kind: 'delete-requested',
      message: `Warm-pool slot ${from.name} deleted: its hand-over to store '${row.name}' failed (${reason})`,
    });
    await tx('store_activity').insert({
      store_id: id,
      at: now,
      kind: 'step',
      message: `The warm-pool slot could not be handed over (${reason}); provisioning a store of its own instead`,
    });
  });
}
