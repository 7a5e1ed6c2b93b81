/**
 * P4: 1,000 stores → all 1,000 entities readable from the catalog; and again after the backend
 * restarts on the same database. A real Backstage backend (startTestBackend) with the real
 * catalog, the stores plugin, the stores catalog module and the real events service, on SQLite
 * files (the real database service) so a restart keeps everything; no cluster is configured,
 * so the stores stay queued (the catalog shows stores in every status alike).
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
import { Row } from './report';

const STORES = 1000;
const headers = {
  Authorization: mockCredentials.user.header('user:default/bench'),
  'Content-Type': 'application/json',
};

function start(directory: string) {
  return startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleStores,
      storesPlugin,
      eventsServiceFactory,
      databaseServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: { client: 'better-sqlite3', connection: { directory } },
          },
          catalog: { rules: [{ allow: ['Resource'] }] },
          stores: {
            quotas: {
              maxStores: STORES * 2,
              maxStoresPerUser: STORES * 2,
              maxCreatesPerHour: STORES * 2,
            },
          },
        },
      }),
    ],
  });
}

/**
 * When the provider's mutations had put all `count` stores into the catalog's database
 * (refresh_state, before processing and stitching): read from the catalog's SQLite file.
 */
async function deliveredToCatalog(directory: string, count: number) {
  for (const end = Date.now() + 600_000; Date.now() < end; ) {
    try {
      const db = new Database(join(directory, 'catalog.sqlite'), {
        readonly: true,
        fileMustExist: true,
      });
      const { n } = db
        .prepare(
          "SELECT count(*) AS n FROM refresh_state WHERE entity_ref LIKE 'resource:%/p4-%'",
        )
        .get() as { n: number };
      db.close();
      if (n >= count) return performance.now();
    } catch {
      // not created yet, or busy
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

export async function catalogSyncBenchmark(
  log: (line: string) => void,
): Promise<Row[]> {
  const directory = mkdtempSync(join(tmpdir(), 'storefleet-p4-'));
  try {
    let backend = await start(directory);
    let base = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }`;
    log(`P4: creating ${STORES} stores through the API, 10 at a time`);
    const first = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < STORES) {
          const i = next++;
          const res = await fetch(`${base}/api/stores/stores`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              name: `p4-${String(i).padStart(4, '0')}`,
              engine: i % 2 ? 'medusa' : 'woocommerce',
            }),
          });
          if (res.status !== 201) throw new Error(await res.text());
        }
      }),
    );
    const created = performance.now();
    const [delivered, readable] = await Promise.all([
      deliveredToCatalog(directory, STORES),
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
    backend = await start(directory);
    const up = performance.now();
    base = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
    const again = await entitiesReadable(base, STORES);
    await backend.stop();
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    return [
      {
        id: 'P4',
        measure: `${STORES} stores created through the API (10 at a time): last created → all ${STORES} entities readable from the catalog (first created → all readable)`,
        value: `${s(readable - created)} (${s(readable - first)})`,
        target: '≤ 5 s',
      },
      {
        id: 'P4',
        measure:
          'profile: last created → the provider had delivered all (refresh_state) → processed and stitched (readable)',
        value: `${s(delivered - created)} → ${s(readable - delivered)}`,
        target: 'reported',
      },
      {
        id: 'P4',
        measure: `after a backend restart on the same database: started → all ${STORES} entities readable (restart began → readable)`,
        value: `${s(again - up)} (${s(again - restart)})`,
        target: '≤ 5 s',
      },
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
