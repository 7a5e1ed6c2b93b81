/**
 * P8's measured process (run by rss.ts, one process per variant): a Backstage backend with the
 * catalog and the scaffolder, `without` Storefleet's plugins, with them (`plugins-only`), or
 * with them and 1,000 stores created through the API, waiting until the catalog has their
 * entities (`with`), or without them but with 1,000 entities of the same shape in the catalog
 * from a plain entity provider (`catalog-1000`: the catalog's own share of holding them), or
 * with them holding 1,000 stores another process created (`with-restarted`: the databases of a
 * `seed` run, P8_DIRECTORY / P8_PREFIX; the load of creating them never happened here). Prints
 * its resident memory after a full GC, settled, and its live heap, as JSON on stdout. Its
 * databases are SQLite files, or PostgreSQL when P8_POSTGRES_URL is set.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogModuleStores, {
  storeToEntity,
} from '@storefleet/plugin-catalog-backend-module-stores';
import scaffolderModuleStores from '@storefleet/plugin-scaffolder-backend-module-stores';
import storesPlugin from '@storefleet/plugin-stores-backend';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { Store } from '@storefleet/plugin-stores-common';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { createStoresThroughApi, roomFor } from './storesThroughApi';
import { dropDatabases } from './postgres';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STORES = 1000;
const variant = process.argv[2];
const catalogOnly = variant === 'catalog-1000';

/** 1,000 entities shaped as the stores module's, delivered once, with no Storefleet plugin. */
const catalogModuleThousandEntities = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'p8-thousand-entities',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider({
          getProviderName: () => 'p8-thousand',
          async connect(connection: EntityProviderConnection) {
            const now = new Date().toISOString();
            await connection.applyMutation({
              type: 'full',
              entities: Array.from({ length: STORES }, (_, i) => ({
                locationKey: 'p8-thousand',
                entity: storeToEntity(
                  {
                    id: `00000000-0000-4000-8000-${String(i).padStart(
                      12,
                      '0',
                    )}`,
                    name: `p8-${String(i).padStart(4, '0')}`,
                    engine: i % 2 ? 'medusa' : 'woocommerce',
                    owner: 'user:default/bench',
                    createdBy: 'user:default/bench',
                    status: 'queued',
                    namespace: `store-p8-${i}`,
                    attempts: 0,
                    createdAt: now,
                    updatedAt: now,
                  } as Store,
                  'p8-thousand',
                ),
              })),
            });
          },
        });
      },
    });
  },
});
const seed = variant === 'seed';
const restarted = variant === 'with-restarted';
const withStores = ['with', 'plugins-only', 'seed', 'with-restarted'].includes(
  variant,
);
const storeCount = variant === 'with' || seed ? STORES : 0;
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

async function untilCatalogHas(base: string, count: number) {
  for (;;) {
    const res = await fetch(
      `${base}/api/catalog/entities/by-query?filter=kind=resource&limit=1`,
      { headers },
    );
    if (res.ok && (await res.json()).totalItems >= count) return;
    await new Promise(r => setTimeout(r, 500));
  }
}

async function main() {
  // SQLite files, not memory, or PostgreSQL (P8_POSTGRES_URL) as in production.
  // A seed run and its with-restarted run share the databases (kept for the caller to remove).
  const shared = process.env.P8_DIRECTORY;
  const directory = shared ?? mkdtempSync(join(tmpdir(), 'storefleet-p8-'));
  const postgres = process.env.P8_POSTGRES_URL;
  const prefix = process.env.P8_PREFIX ?? `p8_${process.pid}_`;
  const backend = await startTestBackend({
    features: [
      databaseServiceFactory,
      catalogPlugin,
      scaffolderPlugin,
      eventsServiceFactory,
      ...(withStores
        ? [storesPlugin, catalogModuleStores, scaffolderModuleStores]
        : []),
      ...(catalogOnly ? [catalogModuleThousandEntities] : []),
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
    await untilCatalogHas(base, STORES);
    // The list the UI and the entity provider read, once, as they would.
    await fetch(`${base}/api/stores/stores?limit=1000`, { headers });
  }
  if (restarted) {
    await untilCatalogHas(base, STORES);
    await fetch(`${base}/api/stores/stores?limit=1000`, { headers });
  }
  if (catalogOnly) await untilCatalogHas(base, STORES);
  if (seed) {
    await backend.stop();
    process.stdout.write('{}\n');
    process.exit(0);
  }
  const rss = await settledRss();
  const { heapUsed } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ rss, heapUsed })}\n`);
  await backend.stop();
  if (!shared) {
    rmSync(directory, { recursive: true, force: true });
    if (postgres) await dropDatabases(postgres, prefix);
  }
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
