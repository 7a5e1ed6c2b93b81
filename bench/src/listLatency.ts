/**
 * P3: listing stores (the default page of 50) with 1,000 stores in the database, at 1 and at 10
 * concurrent clients, beside the plugin's /health in the same run (the baseline: the same
 * Backstage HTTP stack, auth and router, without the query). A real Backstage backend with the
 * stores plugin (startTestBackend: in-memory SQLite, mock auth, the allow-all permission
 * service of the test backend); the 1,000 stores are created through the API (no cluster
 * answers, so they stay queued).
 * P10: the activity across those stores with 20 lines each (the first written by the create,
 * 19 more written into the plugin's database by a bench-only module): the newest page of 50, and
 * a page filtered by kind, beside /health.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import storesPlugin from '@storefleet/plugin-stores-backend';
import { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import { Row } from './report';
import { createStoresThroughApi, roomFor } from './storesThroughApi';

const STORES = 1000;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function load(
  url: string,
  headers: Record<string, string>,
  clients: number,
  requests: number,
): Promise<{ p50: number; p99: number; perSecond: number }> {
  const latencies: number[] = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next++ < requests) {
        const start = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${url} answered ${res.status}`);
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: requests / seconds,
  };
}

/** Bench only: hands out the stores plugin's own database client, to seed activity lines. */
let storesDb: Knex | undefined;
const storesDatabaseForBench = createBackendModule({
  pluginId: 'stores',
  moduleId: 'bench-database',
  register(reg) {
    reg.registerInit({
      deps: { database: coreServices.database },
      async init({ database }) {
        storesDb = await database.getClient();
      },
    });
  },
});

async function seedActivity(perStore: number) {
  const ids: string[] = (await storesDb!('stores').select('id')).map(r => r.id);
  const kinds = ['check-requested', 'suspend-requested', 'resume-requested'];
  const rows = ids.flatMap(id =>
    Array.from({ length: perStore }, (_, i) => ({
      store_id: id,
      at: new Date(),
      kind: kinds[i % kinds.length],
      message: `bench line ${i}`,
      actor: 'user:default/bench',
    })),
  );
  for (let i = 0; i < rows.length; i += 500) {
    await storesDb!('store_activity').insert(rows.slice(i, i + 500));
  }
  return (await storesDb!('store_activity').count({ n: '*' }))[0].n;
}

export async function listLatencyBenchmark(
  log: (line: string) => void,
): Promise<Row[]> {
  const backend = await startTestBackend({
    features: [
      storesPlugin,
      storesDatabaseForBench,
      mockServices.rootConfig.factory({
        data: {
          stores: {
            ...roomFor(STORES),
          },
        },
      }),
    ],
  });
  const base = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }/api/stores`;
  const headers = {
    Authorization: mockCredentials.user.header('user:default/bench'),
    'Content-Type': 'application/json',
  };
  try {
    log(`P3: creating ${STORES} stores through the API`);
    await createStoresThroughApi({
      storesUrl: base,
      headers,
      prefix: 'p3',
      count: STORES,
    });
    const listed = await (await fetch(`${base}/stores`, { headers })).json();
    if (listed.totalCount !== STORES || listed.items.length !== 50) {
      throw new Error(
        `list gave ${listed.totalCount} / ${listed.items.length}`,
      );
    }
    // Warm up both paths, then measure them in turns.
    await load(`${base}/stores`, headers, 4, 200);
    await load(`${base}/health`, headers, 4, 200);
    const rows: Row[] = [];
    for (const clients of [1, 10]) {
      const requests = 1000;
      log(`P3: ${requests} requests with ${clients} client(s)`);
      const health = await load(`${base}/health`, headers, clients, requests);
      const list = await load(`${base}/stores`, headers, clients, requests);
      rows.push({
        id: 'P3',
        measure: `list stores (page of 50 of ${STORES}), ${clients} client(s): p50 / p99 (/health beside it)`,
        value: `${list.p50.toFixed(1)} / ${list.p99.toFixed(
          1,
        )} ms (${health.p50.toFixed(1)} / ${health.p99.toFixed(
          1,
        )} ms); ${list.perSecond.toFixed(0)} req/s`,
        target: clients === 10 ? 'p99 ≤ 50 ms' : 'reported',
      });
    }
    const lines = await seedActivity(19);
    log(`P10: ${lines} activity lines across ${STORES} stores`);
    await load(`${base}/activity`, headers, 4, 200);
    for (const clients of [1, 10]) {
      const requests = 1000;
      const health = await load(`${base}/health`, headers, clients, requests);
      const newest = await load(`${base}/activity`, headers, clients, requests);
      const byKind = await load(
        `${base}/activity?kind=resume-requested`,
        headers,
        clients,
        requests,
      );
      const ms = (r: { p50: number; p99: number }) =>
        `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} ms`;
      rows.push({
        id: 'P10',
        measure: `activity across ${STORES} stores × 20 lines, newest page of 50 / filtered by kind, ${clients} client(s): p50 / p99 (/health beside it)`,
        value: `${ms(newest)} / ${ms(byKind)} (${ms(health)})`,
        target: clients === 10 ? 'p99 ≤ 50 ms' : 'reported',
      });
    }
    return rows;
  } finally {
    await backend.stop();
  }
}
