/**
 * A store's usage read from a real API server: requests and limits summed by component from
 * its running pods (kwok's), helm test pods left out, and the metrics API's answer for pods
 * that no kubelet measures. The figures of running containers are in realNode.simcluster.test.ts.
 */
import * as k8s from '@kubernetes/client-node';
import { runOrThrow, simCluster } from '@storefleet/sim-cluster';
import { readStoreUsage } from './storeUsage';

jest.setTimeout(3 * 60_000);

const pod = (
  name: string,
  component: string,
  containers: Array<{ cpu: string; memory: string; limit?: string }>,
  annotations: Record<string, string> = {},
) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    labels: { 'app.kubernetes.io/name': component },
    annotations,
  },
  spec: {
    restartPolicy: 'Always',
    containers: containers.map((c, i) => ({
      name: `c${i}`,
      image: 'registry.invalid/none:1',
      resources: {
        requests: { cpu: c.cpu, memory: c.memory },
        ...(c.limit && { limits: { memory: c.limit, cpu: '1' } }),
      },
    })),
  },
});

it('sums requests and limits by component and says what the metrics API gave', async () => {
  const env = await simCluster.up();
  const namespace = `usage-${process.pid % 10000}`;
  const kubectl = (...args: string[]) =>
    runOrThrow('kubectl', args, { env, timeoutMs: 60_000 });
  await kubectl('create', 'namespace', namespace);
  try {
    const manifest = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        pod('server-a', 'server', [
          { cpu: '250m', memory: '256Mi', limit: '512Mi' },
        ]),
        pod('server-b', 'server', [
          { cpu: '250m', memory: '256Mi', limit: '512Mi' },
          { cpu: '50m', memory: '64Mi', limit: '64Mi' },
        ]),
        // No limit on its container: the component's limit is absent, not 0.
        pod('redis-0', 'redis', [{ cpu: '100m', memory: '128Mi' }]),
        pod('probe', 'server', [{ cpu: '1', memory: '1Gi' }], {
          'helm.sh/hook': 'test',
        }),
      ],
    };
    await runOrThrow('kubectl', ['apply', '-n', namespace, '-f', '-'], {
      env,
      input: JSON.stringify(manifest),
    });
    await kubectl(
      'wait',
      '-n',
      namespace,
      '--for=jsonpath={.status.phase}=Running',
      'pod',
      '--all',
      '--timeout=90s',
    );
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(env.KUBECONFIG!);

    const usage = await readStoreUsage(
      {
        core: kc.makeApiClient(k8s.CoreV1Api),
        custom: kc.makeApiClient(k8s.CustomObjectsApi),
      },
      namespace,
    );

    expect(usage.components).toEqual([
      {
        component: 'redis',
        pods: 1,
        cpu: { requests: 100, limits: undefined },
        memory: { requests: 128 * 2 ** 20, limits: undefined },
      },
      {
        component: 'server',
        pods: 2,
        cpu: { requests: 550, limits: 3000 },
        memory: { requests: 576 * 2 ** 20, limits: 1088 * 2 ** 20 },
      },
    ]);
    expect(usage.total.cpu).toEqual({ requests: 650, limits: undefined });
    // kwok's pods run nowhere, so nothing measures them: with the real node up, metrics-server
    // answers without them; without it the cluster has no metrics API, and the reason says so.
    const metricsApi = usage.metrics.available;
    expect({
      source: usage.metrics.source,
      measured: usage.components.filter(c => c.cpu.used !== undefined).length,
      reason: usage.metrics.reason,
    }).toEqual(
      metricsApi
        ? { source: 'metrics.k8s.io', measured: 0, reason: undefined }
        : {
            source: undefined,
            measured: 0,
            reason:
              'This cluster serves no metrics API (metrics.k8s.io); installing metrics-server (k3s has it) shows CPU and memory here',
          },
    );
  } finally {
    await kubectl('delete', 'namespace', namespace, '--wait=false');
  }
});
