/**
 * P5: 1,000 Ready stores and a backend left alone for 5 minutes: the backend's CPU and its
 * requests per second to the API server. The backend is real (startTestBackend with the stores
 * plugin, Backstage's real scheduler and database service on a SQLite file holding the 1,000
 * Ready rows, default reconcile and drift intervals) against the sim cluster, where the 1,000
 * stores exist. The API server's own counters are read; an idle window of the same cluster
 * without the backend, in the same run, is the baseline subtracted.
 */
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import storesPlugin from '@storefleet/plugin-stores-backend';
import { simCluster } from '@storefleet/sim-cluster';
import knexFactory from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { requestCounts, requestsBetween } from './apiserverMetrics';
import { Row } from './report';
import {
  createThousandStoreNamespaces,
  recordThousandReadyStores,
  removeThousandStoreNamespaces,
  STORES,
} from './thousandStores';

const IDLE_MS = 5 * 60_000;
const BASELINE_MS = 2 * 60_000;

export async function idleBenchmark(
  log: (line: string) => void,
): Promise<Row[]> {
  const env = await simCluster.up();
  await createThousandStoreNamespaces(env, line => log(`P5: ${line}`));
  const directory = mkdtempSync(join(tmpdir(), 'storefleet-p5-'));
  try {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: join(directory, 'stores.sqlite'),
      useNullAsDefault: true,
    });
    await recordThousandReadyStores(knex);
    await knex.destroy();

    log(
      `P5: baseline, the cluster without the backend, ${BASELINE_MS / 1000} s`,
    );
    const b0 = await requestCounts(env);
    await new Promise(r => setTimeout(r, BASELINE_MS));
    const b1 = await requestCounts(env);
    const baseline = (b1.total - b0.total) / (BASELINE_MS / 1000);
    const baselineLists =
      requestsBetween(b0, b1).driftKindLists / (BASELINE_MS / 1000);

    const backend = await startTestBackend({
      features: [
        storesPlugin,
        schedulerServiceFactory,
        databaseServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: {
                client: 'better-sqlite3',
                connection: { directory },
              },
            },
            stores: {
              kubernetes: { kubeconfigPath: env.KUBECONFIG },
              helm: {
                binary: resolve(simCluster.root, '.tools', 'bin', 'helm'),
              },
              chartsDirectory: simCluster.storeChartsDir,
              baseDomain: 'stores.test',
              // kwok's pods serve nothing: opt out of the public-URL step.
              publicUrlCheck: { enabled: false },
            },
          },
        }),
      ],
    });
    try {
      // Past start-up (migrations, first scheduler runs), then the idle window.
      await new Promise(r => setTimeout(r, 15_000));
      log(
        `P5: the backend with ${STORES} Ready stores, idle ${IDLE_MS / 1000} s`,
      );
      const c0 = await requestCounts(env);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await new Promise(r => setTimeout(r, IDLE_MS));
      const cpu = process.cpuUsage(cpu0);
      const wall = performance.now() - t0;
      const c1 = await requestCounts(env);
      const rate = (c1.total - c0.total) / (wall / 1000);
      const lists = requestsBetween(c0, c1).driftKindLists / (wall / 1000);
      const cpuPercent = ((cpu.user + cpu.system) / 1000 / wall) * 100;
      return [
        {
          id: 'P5',
          measure: `backend with ${STORES} Ready stores, idle ${
            IDLE_MS / 60_000
          } min: CPU of the backend process (of one core)`,
          value: `${cpuPercent.toFixed(2)} %`,
          target: '< 2 %',
        },
        {
          id: 'P5',
          measure:
            'the same window: requests/s to the API server with the backend − without it (baseline)',
          value: `${(rate - baseline).toFixed(2)} req/s (${rate.toFixed(
            2,
          )} − ${baseline.toFixed(2)})`,
          target: '< 1 req/s',
        },
        {
          id: 'P5',
          measure:
            'the same window, only the cluster-wide LISTs of the kinds the backend reads (namespaces, Deployments, StatefulSets: its drift check), with − without',
          value: `${(lists - baselineLists).toFixed(3)} req/s (${lists.toFixed(
            3,
          )} − ${baselineLists.toFixed(3)})`,
          target: '< 1 req/s',
        },
      ];
    } finally {
      await backend.stop();
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
    await removeThousandStoreNamespaces(env);
  }
}
