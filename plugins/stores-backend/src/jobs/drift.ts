import { StoreWorkload } from '../kubernetes/ClusterClient';

/**
 * What changed by hand in a Ready store, in plain words, or undefined when nothing did. Pure:
 * the drift check feeds it one cluster-wide listing, so it costs no call per store.
 *
 * @param expected - `Kind/name` of the workloads the store had when it became Ready
 * @param workloads - the store namespace's Deployments and StatefulSets as they are now
 */
export function driftOf(
  store: { namespace: string; workloads?: string[] },
  namespaces: Set<string>,
  workloads: StoreWorkload[],
): string | undefined {
  if (!namespaces.has(store.namespace)) {
    return `namespace ${store.namespace} was deleted`;
  }
  const live = new Map(workloads.map(w => [w.ref, w]));
  const missing = (store.workloads ?? []).filter(ref => !live.has(ref));
  if (missing.length) {
    return `${missing.join(', ')} ${
      missing.length === 1 ? 'was' : 'were'
    } deleted`;
  }
  if (live.size === 0) {
    return 'the release has no Deployment or StatefulSet left';
  }
  const scaledDown = [...live.values()].filter(w => w.replicas === 0);
  if (scaledDown.length) {
    return `${scaledDown.map(w => w.ref).join(', ')} scaled to zero`;
  }
  const unready = [...live.values()].filter(w => w.readyReplicas < w.replicas);
  if (unready.length) {
    return unready
      .map(
        w => `${w.ref} has ${w.readyReplicas} of ${w.replicas} replicas ready`,
      )
      .join('; ');
  }
  return undefined;
}
