import * as k8s from '@kubernetes/client-node';
import { quantityToScalar } from '@kubernetes/client-node/dist/util.js';
import type {
  StoreUsage,
  UsageFigures,
} from '@storefleet/plugin-stores-common';

/** `app.kubernetes.io/name` of a store pod: its component (server, storefront, mariadb…). */
const COMPONENT_LABEL = 'app.kubernetes.io/name';

const toNumber = (q: string | undefined) => Number(quantityToScalar(q ?? ''));

/** Why the metrics API gave nothing, in words a store owner can act on. */
function metricsUnavailable(error: unknown): string {
  const code = (error as { code?: number })?.code;
  if (code === 404) {
    return 'This cluster serves no metrics API (metrics.k8s.io); installing metrics-server (k3s has it) shows CPU and memory here';
  }
  if (code === 403) {
    return "Storefleet may not read this store's metrics: the store role lacks get and list on pods.metrics.k8s.io";
  }
  if (code === 503) {
    return 'The metrics API (metrics.k8s.io) is registered but does not answer: is metrics-server running?';
  }
  return `The metrics API (metrics.k8s.io) could not be read: ${
    (error as Error)?.message ?? String(error)
  }`;
}

function figures(): UsageFigures {
  return { requests: 0, limits: 0 };
}

/**
 * The store's running pods, by component, with what they ask for (requests), may take (limits)
 * and use now (the metrics API, where the cluster has one: metrics-server, as on k3s). Reads pods
 * and pods.metrics.k8s.io in the store's namespace only. CPU in millicores, memory in bytes; a
 * limit is absent where some container has none (it may take what the node has).
 */
export async function readStoreUsage(
  apis: { core: k8s.CoreV1Api; custom: k8s.CustomObjectsApi },
  namespace: string,
): Promise<StoreUsage> {
  const { core, custom } = apis;
  const pods = (await core.listNamespacedPod({ namespace })).items.filter(
    p =>
      p.status?.phase === 'Running' &&
      p.metadata?.labels?.[COMPONENT_LABEL] &&
      !p.metadata?.annotations?.['helm.sh/hook'],
  );
  let metrics: StoreUsage['metrics'];
  const used = new Map<string, { cpu: number; memory: number }>();
  try {
    // The generic client (not client-node's Metrics helper, which turns a 404 into a JSON
    // parse error): a cluster without the API answers 404, an unserved APIService 503.
    const list = (await custom.listNamespacedCustomObject({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      namespace,
      plural: 'pods',
    })) as k8s.PodMetricsList;
    for (const item of list.items) {
      used.set(item.metadata.name, {
        cpu: item.containers.reduce((n, c) => n + toNumber(c.usage.cpu), 0),
        memory: item.containers.reduce(
          (n, c) => n + toNumber(c.usage.memory),
          0,
        ),
      });
    }
    const newest = list.items
      .map(i => i.timestamp)
      .sort()
      .at(-1);
    metrics = {
      available: true,
      source: 'metrics.k8s.io',
      ...(newest && { at: newest }),
      ...(list.items[0]?.window && { window: list.items[0].window }),
    };
  } catch (error) {
    metrics = { available: false, reason: metricsUnavailable(error) };
  }

  const byComponent = new Map<string, StoreUsage['components'][number]>();
  const total = { cpu: figures(), memory: figures() };
  for (const pod of pods) {
    const name = pod.metadata!.labels![COMPONENT_LABEL];
    const entry = byComponent.get(name) ?? {
      component: name,
      pods: 0,
      cpu: figures(),
      memory: figures(),
    };
    entry.pods += 1;
    for (const container of pod.spec?.containers ?? []) {
      const { requests, limits } = container.resources ?? {};
      for (const [resource, scale] of [
        ['cpu', 1000],
        ['memory', 1],
      ] as const) {
        const request = Math.round(toNumber(requests?.[resource]) * scale);
        const limit = limits?.[resource]
          ? Math.round(toNumber(limits[resource]) * scale)
          : undefined;
        for (const f of [entry[resource], total[resource]]) {
          f.requests += request;
          f.limits =
            f.limits === undefined || limit === undefined
              ? undefined
              : f.limits + limit;
        }
      }
    }
    const now = used.get(pod.metadata!.name!);
    if (now) {
      for (const f of [entry, total]) {
        f.cpu.used = (f.cpu.used ?? 0) + Math.round(now.cpu * 1000);
        f.memory.used = (f.memory.used ?? 0) + Math.round(now.memory);
      }
    }
    byComponent.set(name, entry);
  }
  return {
    metrics,
    components: [...byComponent.values()].sort((a, b) =>
      a.component.localeCompare(b.component),
    ),
    total,
  };
}
