import { StoreActivity } from '@storefleet/plugin-stores-common';
import { Knex } from 'knex';
import { StoreRevisionRecord } from './StoresStore';
import { toIso } from './toIso';

/** What happened to a store: its release revisions and its activity lines, oldest first. */
export async function addRevision(
  db: Knex,
  id: string,
  revision: Omit<StoreRevisionRecord, 'at'>,
) {
  await db('store_revisions').insert({
    store_id: id,
    revision: revision.revision,
    at: new Date(),
    actor: revision.actor ?? null,
    change: revision.change,
    options: revision.options ? JSON.stringify(revision.options) : null,
  });
}

export async function listRevisions(
  db: Knex,
  id: string,
): Promise<StoreRevisionRecord[]> {
  const rows = await db('store_revisions')
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

export async function addActivity(
  db: Knex,
  id: string,
  activity: Omit<StoreActivity, 'at'>,
) {
  await db('store_activity').insert({
    store_id: id,
    at: new Date(),
    kind: activity.kind,
    message: activity.message,
    actor: activity.actor ?? null,
  });
}

export async function listActivity(
  db: Knex,
  id: string,
): Promise<StoreActivity[]> {
  const rows = await db('store_activity').where({ store_id: id }).orderBy('id');
  return rows.map(row => ({
    at: toIso(row.at),
    kind: row.kind,
    message: row.message,
    actor: row.actor ?? undefined,
  }));
}
