import { Knex } from 'knex';
import { QuotaExceededError, RateLimitedError } from '../errors';
import { CreateLimits } from './StoresStore';
import { LIVE, RUNNING } from './storeRows';

const count = async (q: Knex.QueryBuilder) =>
  Number((await q.count({ n: '*' }))[0].n);

/**
 * Serialises every create, claim and slot insert: concurrent ones queue on this row lock, so
 * the counts read after it cannot go stale before the transaction commits.
 */
export async function lockQuotas(tx: Knex.Transaction) {
  await tx('store_quota_lock').where({ id: 1 }).increment('version', 1);
}

/** The global limit counts running stores, warm-pool slots too; suspended ones hold no pods. */
export async function checkCapacity(tx: Knex.Transaction, maxStores: number) {
  const n = await count(tx('stores').where(RUNNING));
  if (n >= maxStores) {
    throw new QuotaExceededError(
      `Storefleet has reached its limit of ${maxStores} running ${
        maxStores === 1 ? 'store' : 'stores'
      }; delete or suspend one first`,
    );
  }
}

/** A person's own limits: live stores they requested, and creates within the rate window. */
export async function checkPersonLimits(
  tx: Knex.Transaction,
  createdBy: string,
  limits: CreateLimits,
  now: Date,
) {
  const mine = await count(
    tx('stores').where(LIVE).where('created_by', createdBy),
  );
  if (mine >= limits.maxStoresPerUser) {
    throw new QuotaExceededError(
      `You have ${mine} stores, the limit per person is ${limits.maxStoresPerUser}; delete one first`,
    );
  }
  const since = new Date(now.getTime() - limits.rateWindowSeconds * 1000);
  const recent = await count(
    tx('stores').where('created_by', createdBy).where('created_at', '>', since),
  );
  if (recent >= limits.maxCreatesPerWindow) {
    throw new RateLimitedError(
      `You created ${recent} stores in the last ${limits.rateWindowSeconds} s; the limit is ${limits.maxCreatesPerWindow}, try again later`,
    );
  }
}
