/**
 * Drift check with 1,000 Ready stores: requests per pass and per minute to the API server (read
 * from the API server's own counters), and the time and CPU one pass costs, beside an idle
 * window of the same length in the same run (the baseline: the cluster's own traffic).
 *
 * The stores are real objects on the sim cluster: 1,000 labelled namespaces, each with one
 * Deployment whose pod kwok reports ready (the check's cost does not depend on how many
 * workloads a store has: it lists every kind once), and 1,000 Ready rows in SQLite that record
 * those workloads. The check is the plugin's own DriftCheck class.
 */
// The bench drives the plugin's internals directly; they are not public API.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { DriftCheck } from '@storefleet/plugin-stores-backend/src/jobs/DriftCheck';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import {
  ClusterClient,
  loadKubeConfig,
} from '@storefleet/plugin-stores-backend/src/kubernetes/ClusterClient';
import { simCluster } from '@storefleet/sim-cluster';
import knexFactory from 'knex';
import { requestCounts, requestsBetween } from './apiserverMetrics';
import { Row } from './report';
import {
  createThousandStoreNamespaces,
  recordThousandReadyStores,
  removeThousandStoreNamespaces,
  STORES,
} from './thousandStores';

export async function driftBenchmark(
  log: (line: string) => void,
): Promise<Row[]> {
  const env = await simCluster.up();
  await createThousandStoreNamespaces(env, log);
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const store = await recordThousandReadyStores(knex);
  const logger = {
    warn: () => {},
    info: () => {},
    error: () => {},
    debug: () => {},
    child: () => logger,
  } as any;
  const cluster = new ClusterClient(
    loadKubeConfig({ kubeconfigPath: env.KUBECONFIG }),
  );
  const check = new DriftCheck({ store, cluster, logger });

  const passes = 12;
  const intervalMs = 5_000;
  const window = passes * intervalMs;
  log(`drift: idle baseline window, ${window / 1000} s`);
  const idleStart = await requestCounts(env);
  await new Promise(r => setTimeout(r, window));
  const idle = requestsBetween(idleStart, await requestCounts(env));

  log(`drift: ${passes} passes, one every ${intervalMs / 1000} s`);
  const start = await requestCounts(env);
  const durations: number[] = [];
  let cpuMicros = 0;
  let degraded = 0;
  for (let i = 0; i < passes; i++) {
    const began = Date.now();
    const cpu = process.cpuUsage();
    const result = await check.run();
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    durations.push(Date.now() - began);
    degraded += result.degraded.length;
    await new Promise(r =>
      setTimeout(r, Math.max(0, intervalMs - (Date.now() - began))),
    );
  }
  const busy = requestsBetween(start, await requestCounts(env));
  durations.sort((a, b) => a - b);
  const perPass = busy.driftKindLists / passes;
  await knex.destroy();

  await removeThousandStoreNamespaces(env);

  const perMinuteAtDefault = perPass; // one pass a minute at stores.drift.intervalSeconds = 60
  return [
    {
      id: 'D1',
      measure: `drift check, ${STORES} Ready stores: cluster-wide LISTs per pass`,
      value: perPass.toFixed(1),
      target: '3, whatever the number of stores',
    },
    {
      id: 'D1',
      measure:
        'drift check: requests/min to the API server at the default interval (60 s)',
      value: `${perMinuteAtDefault.toFixed(1)} (${(
        perMinuteAtDefault / 60
      ).toFixed(3)} req/s)`,
      target: '< 60 (< 1 req/s)',
    },
    {
      id: 'D1',
      measure: `all API server requests in ${
        window / 1000
      } s: idle baseline ÷ with a pass every ${intervalMs / 1000} s`,
      value: `${idle.total} ÷ ${busy.total} (ratio ${(
        busy.total / Math.max(1, idle.total)
      ).toFixed(2)})`,
      target: 'reported',
    },
    {
      id: 'D1',
      measure: 'drift pass wall time p50 / max',
      value: `${
        durations[Math.floor(durations.length / 2)]
      } ms / ${durations.at(-1)} ms`,
      target: 'reported',
    },
    {
      id: 'D1',
      measure: 'drift pass CPU of the backend process (mean)',
      value: `${(cpuMicros / passes / 1000).toFixed(0)} ms`,
      target: 'reported',
    },
    {
      id: 'D1',
      measure: 'stores found degraded (all were whole)',
      value: String(degraded),
      target: '0',
    },
  ];
}
