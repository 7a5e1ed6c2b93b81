/**
 * P8's measured process (run by rss.ts, one process per variant): a Backstage backend with the
 * catalog and the scaffolder, `without` Storefleet's plugins, with them (`plugins-only`), or
 * with them and 1,000 stores created through the API, waiting until the catalog has their
 * entities (`with`). Prints its resident memory after a full GC, settled, and its live heap, as
 * JSON on stdout. Its databases are SQLite files, or PostgreSQL when P8_POSTGRES_URL is set. The databases are SQLite files.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogModuleStores from '@storefleet/plugin-catalog-backend-module-stores';
import scaffolderModuleStores from '@storefleet/plugin-scaffolder-backend-module-stores';
import storesPlugin from '@storefleet/plugin-stores-backend';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { createStoresThroughApi, roomFor } from './storesThroughApi';
import { dropDatabases } from './postgres';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STORES = 1000;
const variant = process.argv[2];
const withStores = variant === 'with' || variant === 'plugins-only';
const storeCount = variant === 'with' ? STORES : 0;
const headers = {
  Authorization: mockCredentials.user.header('user:default/bench'),
  'Content-Type': 'application/json',
};

async function settledRss(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    (global as any).gc?.();
    await new Promise(r => setTimeout(r, 1000));
    samples.push(process.memoryUsage().rss);
  }
  return Math.min(...samples.slice(-5));
}

async function main() {
  // SQLite files, not memory, or PostgreSQL (P8_POSTGRES_URL) as in production.
  const directory = mkdtempSync(join(tmpdir(), 'storefleet-p8-'));
  const postgres = process.env.P8_POSTGRES_URL;
  const prefix = `p8_${process.pid}_`;
  const backend = await startTestBackend({
    features: [
      databaseServiceFactory,
      catalogPlugin,
      scaffolderPlugin,
      eventsServiceFactory,
      ...(withStores
        ? [storesPlugin, catalogModuleStores, scaffolderModuleStores]
        : []),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: postgres
              ? { client: 'pg', connection: postgres, prefix }
              : { client: 'better-sqlite3', connection: { directory } },
          },
          catalog: { rules: [{ allow: ['Resource', 'Template'] }] },
          stores: {
            ...roomFor(STORES),
          },
        },
      }),
    ],
  });
  const base = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }`;
  if (storeCount) {
    await createStoresThroughApi({
      storesUrl: `${base}/api/stores`,
      headers,
      prefix: 'p8',
      count: storeCount,
    });
    for (;;) {
      const res = await fetch(
        `${base}/api/catalog/entities/by-query?filter=kind=resource&limit=1`,
        { headers },
      );
      if (res.ok && (await res.json()).totalItems >= STORES) break;
      await new Promise(r => setTimeout(r, 500));
    }
    // The list the UI and the entity provider read, once, as they would.
    await fetch(`${base}/api/stores/stores?limit=1000`, { headers });
  }
  const rss = await settledRss();
  const { heapUsed } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ rss, heapUsed })}\n`);
  await backend.stop();
  rmSync(directory, { recursive: true, force: true });
  if (postgres) await dropDatabases(postgres, prefix);
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
