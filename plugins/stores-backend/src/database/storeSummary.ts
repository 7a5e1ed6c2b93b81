import { Knex } from 'knex';
import { StoresSummary } from './StoresStore';
import { LIVE, PEOPLES, StoreRow, toIso } from './storeRows';

/** How many of the most recent Ready stores the time to Ready is taken over. */
export const READY_WINDOW = 20;
/** How many failed stores the summary names. */
export const RECENT_FAILURES = 5;

/** Counts by status and engine, time to Ready and the latest failures, of the stores given. */
export async function summary(
  db: Knex,
  ownedBy?: string[],
): Promise<StoresSummary> {
  const readable = (b: Knex.QueryBuilder) => {
    if (ownedBy) {
      b.where(o =>
        o.whereIn('owner', ownedBy).orWhereIn('created_by', ownedBy),
      );
    }
  };
  const live = db<StoreRow>('stores')
    .where(LIVE)
    .where(PEOPLES)
    .where(readable);
  const [counts, ready, failed] = await Promise.all([
    live
      .clone()
      .select('status', 'engine')
      .count({ count: '*' })
      .groupBy('status', 'engine'),
    live
      .clone()
      .whereNotNull('ready_at')
      .orderBy('ready_at', 'desc')
      .limit(READY_WINDOW)
      .select('created_at', 'ready_at'),
    live
      .clone()
      .where('status', 'failed')
      .orderBy([{ column: 'updated_at', order: 'desc' }, { column: 'id' }])
      .limit(RECENT_FAILURES)
      .select('id', 'name', 'reason', 'updated_at'),
  ]);
  const byStatus: Record<string, number> = {};
  const byEngine: Record<string, number> = {};
  let total = 0;
  for (const row of counts as {
    status: string;
    engine: string;
    count: string | number;
  }[]) {
    const n = Number(row.count);
    total += n;
    byStatus[row.status] = (byStatus[row.status] ?? 0) + n;
    byEngine[row.engine] = (byEngine[row.engine] ?? 0) + n;
  }
  const durations = ready
    .map(
      row =>
        (new Date(row.ready_at!).getTime() -
          new Date(row.created_at).getTime()) /
        1000,
    )
    .sort((a, b) => a - b);
  return {
    total,
    byStatus,
    byEngine,
    provisioningSeconds: {
      count: durations.length,
      window: READY_WINDOW,
      p50: durations.length
        ? durations[Math.floor((durations.length - 1) / 2)]
        : undefined,
      max: durations.length ? durations[durations.length - 1] : undefined,
    },
    recentFailures: failed.map(row => ({
      id: row.id,
      name: row.name,
      ...(row.reason && { reason: row.reason }),
      updatedAt: toIso(row.updated_at),
    })),
  };
}
