import { Knex } from 'knex';
import { toIso } from './toIso';

/** One activity line with the store it belongs to, for the list across stores. */
export interface FleetActivityLine {
  /** The line's id: pass the last one as `before` for the next page. */
  id: number;
  at: string;
  kind: string;
  message: string;
  actor?: string;
  storeId: string;
  storeName: string;
}

export interface FleetActivityFilter {
  /** When set, only lines of stores owned or requested by one of these entity refs. */
  ownedBy?: string[];
  /** Also the platform's own stores (warm-pool slots and their clean-up). */
  withPool?: boolean;
  /** Only this store (by name; deleted stores keep theirs). */
  store?: string;
  actor?: string;
  kind?: string;
  /** Lines older than this id (the cursor). */
  before?: number;
  limit: number;
}

/**
 * Activity across stores, newest first, one page at a time (keyset: `id < before`), filtered in
 * the database by the reader's permission, the store, the actor and the kind. Indexes on
 * (actor, id) and (kind, id) serve the filters (migrations/20261203010000_fleet_activity_index.js).
 */
export async function listFleetActivity(
  db: Knex,
  filter: FleetActivityFilter,
): Promise<{ items: FleetActivityLine[]; nextCursor?: number }> {
  const query = db('store_activity as a')
    .join('stores as s', 's.id', 'a.store_id')
    .select(
      'a.id',
      'a.at',
      'a.kind',
      'a.message',
      'a.actor',
      's.id as store_id',
      's.name as store_name',
    )
    .orderBy('a.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.ownedBy) {
    const refs = filter.ownedBy;
    query.where(b =>
      b.whereIn('s.owner', refs).orWhereIn('s.created_by', refs),
    );
  }
  if (!filter.withPool) query.where('s.pool_slot', false);
  if (filter.store) query.where('s.name', filter.store);
  if (filter.actor) query.where('a.actor', filter.actor);
  if (filter.kind) query.where('a.kind', filter.kind);
  if (filter.before !== undefined) query.where('a.id', '<', filter.before);
  const rows = await query;
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map(row => ({
      id: Number(row.id),
      at: toIso(row.at),
      kind: row.kind,
      message: row.message,
      ...(row.actor && { actor: row.actor }),
      storeId: row.store_id,
      storeName: row.store_name,
    })),
    ...(rows.length > filter.limit && {
      nextCursor: Number(page[page.length - 1].id),
    }),
  };
}
