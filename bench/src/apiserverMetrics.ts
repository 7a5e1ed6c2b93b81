import { run } from '@storefleet/sim-cluster';

/** One sample of `apiserver_request_total`: the API server's own count of requests it served. */
export interface RequestCounts {
  total: number;
  /** Cluster-scoped LISTs of the kinds the drift check reads, by resource. */
  clusterLists: Record<string, number>;
}

const DRIFT_RESOURCES = ['namespaces', 'deployments', 'statefulsets'];

/** Reads the API server's request counters (`kubectl get --raw /metrics`). */
export async function requestCounts(
  env: NodeJS.ProcessEnv,
): Promise<RequestCounts> {
  const result = await run('kubectl', ['get', '--raw', '/metrics'], { env });
  if (result.code !== 0) throw new Error(`metrics: ${result.stderr}`);
  const counts: RequestCounts = { total: 0, clusterLists: {} };
  for (const line of result.stdout.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    counts.total += value;
    const label = (name: string) =>
      new RegExp(`${name}="([^"]*)"`).exec(line)?.[1] ?? '';
    if (
      label('verb') === 'LIST' &&
      label('scope') === 'cluster' &&
      DRIFT_RESOURCES.includes(label('resource'))
    ) {
      const resource = label('resource');
      counts.clusterLists[resource] =
        (counts.clusterLists[resource] ?? 0) + value;
    }
  }
  return counts;
}

/** Requests between two samples: all of them, and the drift check's kinds. */
export function requestsBetween(a: RequestCounts, b: RequestCounts) {
  const lists = DRIFT_RESOURCES.reduce(
    (sum, r) => sum + (b.clusterLists[r] ?? 0) - (a.clusterLists[r] ?? 0),
    0,
  );
  return { total: b.total - a.total, driftKindLists: lists };
}
