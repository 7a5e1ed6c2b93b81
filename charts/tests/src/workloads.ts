import { Manifest } from './render';

/** The pod spec of a workload manifest. */
export function podSpecOf(m: Manifest): any {
  if (m.kind === 'Pod') return m.spec;
  if (m.kind === 'CronJob') return m.spec.jobTemplate.spec.template.spec;
  return m.spec?.template?.spec;
}

/** The labels of the pods a workload manifest runs. */
export function podLabelsOf(m: Manifest): Record<string, string> {
  if (m.kind === 'Pod') return m.metadata.labels ?? {};
  if (m.kind === 'CronJob')
    return m.spec.jobTemplate.spec.template.metadata.labels ?? {};
  return m.spec?.template?.metadata?.labels ?? {};
}

/** The manifests that run pods. */
export const workloads = (manifests: Manifest[]) =>
  manifests.filter(m =>
    [
      'Deployment',
      'StatefulSet',
      'Job',
      'Pod',
      'CronJob',
      'DaemonSet',
    ].includes(m.kind),
  );

const containers = (m: Manifest, list: any[]) =>
  list.map((c: any) => ({
    workload: `${m.kind}/${m.metadata.name}`,
    pod: podSpecOf(m),
    c,
  }));
/** Every container of a workload, init containers included. */
export const containersOf = (m: Manifest) =>
  containers(m, [
    ...(podSpecOf(m).initContainers ?? []),
    ...podSpecOf(m).containers,
  ]);
/** The long-running containers of a workload. */
export const mainContainersOf = (m: Manifest) =>
  containers(m, podSpecOf(m).containers);
