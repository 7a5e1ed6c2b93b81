import { ClusterClient } from '../kubernetes/ClusterClient';

export async function lastWarning(
  cluster: Pick<ClusterClient, 'listEvents'>,
  namespace: string,
): Promise<string> {
  try {
    const warning = (await cluster.listEvents(namespace))
      .filter(e => e.type === 'Warning')
      .pop();
    return warning
      ? ` (Kubernetes: ${warning.object} ${warning.reason}: ${warning.message})`
      : '';
  } catch {
    return '';
  }
}
