/**
 * yarn bench [ids...]: runs Storefleet's benchmarks (default: all), prints the table and
 * writes bench/RESULTS.md. Needs the sim cluster's binaries (npm test or yarn sim:up builds
 * them); starts the cluster when it is not running. Not part of npm test.
 */
import { catalogSyncBenchmark } from './catalogSync';
import { chartRequestsBenchmark } from './chartRequests';
import { driftBenchmark } from './drift';
import { idleBenchmark } from './idle';
import { listLatencyBenchmark } from './listLatency';
import { provisioningBenchmark } from './provisioning';
import { Row, table, writeResults } from './report';
import { realNodeBenchmark } from './realNode';
import { rssBenchmark } from './rss';
import { warmPoolBenchmark } from './warmPool';

/** Each entry measures the benchmarks it names (some share one set-up). */
const benchmarks: {
  ids: string[];
  run: (log: (l: string) => void) => Promise<Row[]>;
}[] = [
  { ids: ['P1', 'P2'], run: log => provisioningBenchmark(log) },
  { ids: ['P3', 'P10'], run: log => listLatencyBenchmark(log) },
  { ids: ['P4'], run: log => catalogSyncBenchmark(log) },
  { ids: ['P5'], run: log => idleBenchmark(log) },
  { ids: ['P6'], run: log => realNodeBenchmark(log) },
  { ids: ['P7'], run: () => chartRequestsBenchmark() },
  { ids: ['P8'], run: log => rssBenchmark(log) },
  { ids: ['P9'], run: log => warmPoolBenchmark(log) },
  { ids: ['D1'], run: log => driftBenchmark(log) },
];

async function main() {
  const wanted = process.argv.slice(2);
  const known = benchmarks.flatMap(b => b.ids);
  const unknown = wanted.filter(id => !known.includes(id));
  if (unknown.length) {
    console.error(
      `unknown benchmark ${unknown.join(', ')}; known: ${known.join(', ')}`,
    );
    process.exit(2);
  }
  const rows: Row[] = [];
  for (const b of benchmarks) {
    if (wanted.length && !b.ids.some(id => wanted.includes(id))) continue;
    console.error(`[bench] ${b.ids.join(', ')}`);
    rows.push(...(await b.run(line => console.error(`[bench] ${line}`))));
  }
  console.log(table(rows));
  const file = writeResults(rows, [
    "D1 counts the API server's own `apiserver_request_total` (verb LIST, scope cluster, resources namespaces/deployments/statefulsets) between two samples; the baseline window of the same length without the check shows the cluster's own traffic.",
    "P3 runs a real Backstage backend with the stores plugin (startTestBackend: in-memory SQLite, mock auth, allow-all permissions) and Node's fetch as the clients, on the same machine. P10 runs in the same backend after P3, with 19 more activity lines per store written into the plugin's database by a bench-only module.",
    'P3 profile (node --cpu-prof over the whole P3+P10 run, 23.5 s busy; 2026-12-03): Node\'s own HTTP, streams and module loading 25 %, native/GC 22 %, knex building queries 13 % (its _query alone 7 %), express and the OpenAPI request validator 9.6 %, better-sqlite3 5 % (4 % preparing statements: knex prepares each query anew), Storefleet\'s own code 3.2 % (turning timestamps into ISO strings the largest, 1.5 %), zod 0.9 %. There is no permission round trip to count here (startTestBackend"s mock permissions allow in-process) and no token to verify (mock credentials); what is ours is small, and the list"s p99 at 10 clients moves with /health\'s beside it (41.5 ms and 34.3 ms this run, 27.9 and 15.1 ms the one before): the machine"s load, not the route',
    "P1 and P2 run a real test backend with the stores plugin against the sim cluster (kwok-simulated pods, real API server and helm); Storefleet is timed from the POST to the timestamp of the store's Ready activity line, the hand-run helm from before `helm upgrade --install --wait` to after `helm test`.",
    'P4 runs the real catalog with the stores plugin and catalog module (SQLite files, then PostgreSQL; real events service); "delivered" is read from the catalog\'s refresh_state table.',
    "P5 runs the stores plugin with Backstage's real scheduler and database against the sim cluster with 1,000 Ready stores (D1's set-up); CPU is the benchmark process's (it hosts only the backend).",
    "P6 runs on the sim cluster's real node (kubelet, containerd, runc; images built on this machine) with values-realnode.yaml.",
    "P9 runs there too, with stores.pool.medusa.size 1: each run claims the Ready slot (a store with the engine's default options), then creates a store with options (the cold path, as P6) while the pool refills, and waits until the pool is full again.",
    'P8 runs each variant as its own Node process (--expose-gc), RSS after a full GC, the lowest of the last 5 one-second samples; on SQLite files, and on PostgreSQL without the plugins-only variant.',
    "Missed targets. P2: the same 20 stores by hand, 5 at a time, slow down exactly as much (2 CPUs shared by the API server, etcd, kwok and 5 helm processes); Storefleet ÷ by hand at that concurrency is the P2 row of that name, so what would close it is CPU for the cluster, not a change in Storefleet. P4 on SQLite: the provider delivers all 1,000 within seconds of the last create; the catalog's own processing and stitching take the rest on SQLite, while on PostgreSQL, as in production, all are readable 0.3 s after the last. No catalog setting shortens it: the processing pipeline's 10 entities in flight (refilled at 5) and the stitcher's 5 (at 2) are constants of DefaultCatalogProcessingEngine and DefaultStitcher in @backstage/plugin-catalog-backend 4.x, and the settings the catalog reads (catalog.processingInterval, catalog.stitchingStrategy.pollingInterval and stitchTimeout) set when entities are processed again and how often an idle queue is polled, not how many go through at once; the local default is left as it is. P8: what 1,000 stores cost to hold is nothing measurable: a backend restarted on the databases of 1,000 stores another process created (with-restarted: the stores plugin, the catalog module's 1,000 entities, the list the UI reads) settles at 252 MiB on SQLite and 250 MiB on PostgreSQL, 1.00 and 0.99 × the backend without Storefleet (medians of 3, 2026-12-03), and 0.62 to 0.73 × the backend without Storefleet holding 1,000 catalog entities it has just ingested. The higher rows are the high-water mark of work done in the measured process, which it keeps as resident native memory after a full GC (the live JS heap is 1.08 × in every case): the catalog ingesting 1,000 new entities raises RSS to 1.36 (PostgreSQL) to 1.61 (SQLite) × with no Storefleet at all, and creating the 1,000 stores through the API on top of that (1,000 POSTs, audit and activity rows, 1,000 entity deltas) to 1.93 to 2.28 ×. So the ≤ 1.3 target holds for a backend holding 1,000 stores, and is missed only right after the burst that created them, in the process that served it; glibc's arenas are not it (MALLOC_ARENA_MAX=2: 2.00 to 2.24 ×, so the image does not set it); the stores plugins alone add 1 to 6 %. The variance between runs of one variant is large (474 to 614 MiB for with), hence medians of 3.",
  ]);
  console.error(`[bench] wrote ${file}`);
  // A stopped test backend can leave timers behind; the results are written.
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
