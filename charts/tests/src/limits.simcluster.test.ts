/**
 * A noisy store cannot escape its namespace's limits: the chart's LimitRange and
 * ResourceQuota, applied by a real kube-apiserver, refuse a container above the per-container
 * max and object kinds beyond the counts, in the API server's own words.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import { charts } from './render';

jest.setTimeout(5 * 60_000);

let env: NodeJS.ProcessEnv;
const sh = (file: string, ...args: string[]) => run(file, args, { env });

beforeAll(async () => {
  env = await simCluster.up();
});

describe.each(charts)('$name limits on the sim cluster', chart => {
  const namespace = `limits-${chart.name}-${process.pid % 10000}`;

  beforeAll(async () => {
    await sh('kubectl', 'create', 'namespace', namespace);
    const rendered = await sh(
      'helm',
      'template',
      'store',
      chart.dir,
      '-n',
      namespace,
      '--values',
      resolve(chart.dir, 'values-local.yaml'),
      '--show-only',
      'templates/limitrange.yaml',
      '--show-only',
      'templates/resourcequota.yaml',
    );
    if (rendered.code !== 0) throw new Error(rendered.stderr);
    const applied = await run(
      'kubectl',
      ['apply', '-n', namespace, '-f', '-'],
      {
        env,
        input: rendered.stdout,
      },
    );
    if (applied.code !== 0) throw new Error(applied.stderr);
  });

  afterAll(async () => {
    await sh('kubectl', 'delete', 'namespace', namespace, '--wait=false');
  });

  it('refuses a container asking above the per-container max, with the LimitRange message', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'greedy' },
      spec: {
        containers: [
          {
            name: 'greedy',
            image: 'localhost/storefleet/pause:3.10',
            resources: {
              requests: { cpu: '100m', memory: '64Mi' },
              limits: { cpu: '3', memory: '256Mi' },
            },
          },
        ],
      },
    };
    const created = await run(
      'kubectl',
      ['create', '-n', namespace, '-f', '-'],
      {
        env,
        input: JSON.stringify(pod),
      },
    );
    expect(created.code).not.toBe(0);
    expect(created.stderr).toMatch(
      /maximum cpu usage per Container is 2, but limit is 3/,
    );
  });

  it('refuses a NodePort Service (quota services.nodeports: 0)', async () => {
    const created = await sh(
      'kubectl',
      'create',
      'service',
      'nodeport',
      'exposed',
      '--tcp=80:8080',
      '-n',
      namespace,
    );
    expect(created.code).not.toBe(0);
    expect(created.stderr).toMatch(
      /exceeded quota: .*requested: services\.nodeports=1, used: services\.nodeports=0, limited: services\.nodeports=0/,
    );
  });
});
