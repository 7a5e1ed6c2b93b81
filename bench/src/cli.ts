/**
 * yarn bench [ids...]: runs Storefleet's benchmarks (default: all), prints the table and
 * writes bench/RESULTS.md. Needs the sim cluster's binaries (npm test or yarn sim:up builds
 * them); starts the cluster when it is not running. Not part of npm test.
 */
import { chartRequestsBenchmark } from './chartRequests';
import { driftBenchmark } from './drift';
import { listLatencyBenchmark } from './listLatency';
import { Row, table, writeResults } from './report';

const benchmarks: Record<string, (log: (l: string) => void) => Promise<Row[]>> =
  {
    P3: log => listLatencyBenchmark(log),
    P7: () => chartRequestsBenchmark(),
    D1: log => driftBenchmark(log),
  };

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter(id => !benchmarks[id]);
  if (unknown.length) {
    console.error(
      `unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(
        benchmarks,
      ).join(', ')}`,
    );
    process.exit(2);
  }
  const rows: Row[] = [];
  for (const id of wanted.length ? wanted : Object.keys(benchmarks)) {
    console.error(`[bench] ${id}`);
    rows.push(
      ...(await benchmarks[id](line => console.error(`[bench] ${line}`))),
    );
  }
  console.log(table(rows));
  const file = writeResults(rows, [
    "D1 counts the API server's own `apiserver_request_total` (verb LIST, scope cluster, resources namespaces/deployments/statefulsets) between two samples; the baseline window of the same length without the check shows the cluster's own traffic.",
    "P3 runs a real Backstage backend with the stores plugin (startTestBackend: in-memory SQLite, mock auth, allow-all permissions) and Node's fetch as the clients, on the same machine.",
    'P7 sums the rendered charts (helm template): containers that run while the store serves, init containers at their peak, PVCs and volumeClaimTemplates; hooks and helm tests left out.',
  ]);
  console.error(`[bench] wrote ${file}`);
  // A stopped test backend can leave timers behind; the results are written.
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
