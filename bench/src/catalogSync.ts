/**
 * P4: 1,000 stores → all 1,000 entities readable from the catalog; and again after the backend
 * restarts on the same database. A real Backstage backend (startTestBackend) with the real
 * catalog, the stores plugin, the stores catalog module and the real events service, on SQLite
 * files and then on PostgreSQL (the real database service) so a restart keeps everything; no
 * cluster is configured, so the stores stay queued (the catalog shows stores in every status
 * alike).
 */
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import catalogModuleStores from '@storefleet/plugin-catalog-backend-module-stores';
import storesPlugin from '@storefleet/plugin-stores-backend';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabases, startPostgres } from './postgres';
import { Row } from './report';
import { createStoresThroughApi, roomFor } from './storesThroughApi';

const STORES = 1000;
const headers = {
  Authorization: mockCredentials.user.header('user:default/bench'),
  'Content-Type': 'application/json',
};

/** Where the backend keeps its databases: SQLite files in a folder, or a PostgreSQL server. */
type Storage =
  | { kind: 'SQLite'; directory: string }
  | { kind: 'PostgreSQL'; url: string; prefix: string };

const databaseConfig = (storage: Storage) =>
  storage.kind === 'SQLite'
    ? {
        client: 'better-sqlite3',
        connection: { directory: storage.directory },
      }
    : { client: 'pg', connection: storage.url, prefix: storage.prefix };

function start(storage: Storage) {
  return startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleStores,
      storesPlugin,
      eventsServiceFactory,
      databaseServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: { database: databaseConfig(storage) },
          catalog: { rules: [{ allow: ['Resource'] }] },
          stores: {
            ...roomFor(STORES),
          },
        },
      }),
    ],
  });
}

const DELIVERED =
  "SELECT count(*) AS n FROM refresh_state WHERE entity_ref LIKE 'resource:%/p4-%'";

/** How many stores the provider's mutations have put into the catalog's refresh_state. */
async function deliveredCount(storage: Storage): Promise<number> {
  if (storage.kind === 'SQLite') {
    const db = new Database(join(storage.directory, 'catalog.sqlite'), {
      readonly: true,
      fileMustExist: true,
    });
    try {
      return Number((db.prepare(DELIVERED).get() as { n: number }).n);
    } finally {
      db.close();
    }
  }
  const url = new URL(storage.url);
  url.pathname = `/${storage.prefix}catalog`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return Number((await client.query(DELIVERED)).rows[0].n);
  } finally {
    await client.end();
  }
}

/**
 * When the provider had put all `count` stores into the catalog's database (refresh_state:
 * before the catalog processes and stitches them).
 */
async function deliveredToCatalog(storage: Storage, count: number) {
  for (const end = Date.now() + 600_000; Date.now() < end; ) {
    if ((await deliveredCount(storage).catch(() => 0)) >= count) {
      return performance.now();
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`the provider never delivered ${count} stores`);
}

/** Polls the catalog until it has `count` store entities; resolves with when it did. */
async function entitiesReadable(base: string, count: number) {
  for (const end = Date.now() + 600_000; Date.now() < end; ) {
    const res = await fetch(
      `${base}/api/catalog/entities/by-query?filter=kind=resource,spec.type=medusa-store&filter=kind=resource,spec.type=woocommerce-store&limit=1`,
      { headers },
    );
    if (res.ok && (await res.json()).totalItems >= count) {
      return performance.now();
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`the catalog never had ${count} store entities`);
}

async function measure(
  storage: Storage,
  log: (line: string) => void,
): Promise<Row[]> {
  let backend = await start(storage);
  let base = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }`;
  log(`P4 (${storage.kind}): creating ${STORES} stores through the API`);
  const first = performance.now();
  await createStoresThroughApi({
    storesUrl: `${base}/api/stores`,
    headers,
    prefix: 'p4',
    count: STORES,
    parallel: 10,
  });
  const created = performance.now();
  const [delivered, readable] = await Promise.all([
    deliveredToCatalog(storage, STORES),
    entitiesReadable(base, STORES),
  ]);
  log(
    `P4: created in ${((created - first) / 1000).toFixed(
      1,
    )} s; all entities readable ${((readable - created) / 1000).toFixed(
      1,
    )} s after the last`,
  );
  await backend.stop();

  log('P4: restarting the backend on the same database');
  const restart = performance.now();
  backend = await start(storage);
  const up = performance.now();
  base = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
  const again = await entitiesReadable(base, STORES);
  await backend.stop();
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    {
      id: 'P4',
      measure: `${storage.kind}: ${STORES} stores created through the API (10 at a time): last created → all ${STORES} entities readable from the catalog (first created → all readable)`,
      value: `${s(readable - created)} (${s(readable - first)})`,
      target: '≤ 5 s',
    },
    {
      id: 'P4',
      measure: `${storage.kind}, profile: last created → the provider had delivered all (refresh_state) → processed and stitched (readable)`,
      value: `${s(delivered - created)} → ${s(readable - delivered)}`,
      target: 'reported',
    },
    {
      id: 'P4',
      measure: `${storage.kind}, after a backend restart on the same database: started → all ${STORES} entities readable (restart began → readable)`,
      value: `${s(again - up)} (${s(again - restart)})`,
      target: '≤ 5 s',
    },
  ];
}

export async function catalogSyncBenchmark(
  log: (line: string) => void,
): Promise<Row[]> {
  const directory = mkdtempSync(join(tmpdir(), 'storefleet-p4-'));
  const rows: Row[] = [];
  try {
    rows.push(...(await measure({ kind: 'SQLite', directory }, log)));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  // The same on PostgreSQL (tools/postgres.sh starts the private one the tests use).
  const storage = {
    kind: 'PostgreSQL' as const,
    url: await startPostgres(),
    prefix: `p4_${process.pid}_`,
  };
  try {
    rows.push(...(await measure(storage, log)));
  } finally {
    await dropDatabases(storage.url, storage.prefix);
  }
  return rows;
}
