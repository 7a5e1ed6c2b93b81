import { Knex } from 'knex';
import { StoresSummary } from './StoresStore';
import { LIVE, StoreRow } from './storeRows';

export async function summary(
  db: Knex,
  ownedBy?: string[],
): Promise<StoresSummary> {
  const rows = await db<StoreRow>('stores')
    .where(LIVE)
    .where(b => {
      if (ownedBy) b.whereIn('owner', ownedBy).orWhereIn('created_by', ownedBy);
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
