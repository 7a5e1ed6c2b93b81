/**
 * The store charts on the sim cluster (real kube-apiserver and controllers, kwok-simulated
 * nodes: containers do not run, so the probe pod's exit is simulated — its logic is tested
 * natively in *OrderProbe.test.ts).
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import { charts } from './render';

jest.setTimeout(10 * 60_000);

let env: NodeJS.ProcessEnv;
const sh = (file: string, ...args: string[]) => run(file, args, { env });

beforeAll(async () => {
  env = await simCluster.up();
});

describe.each(charts)('$name on the sim cluster', chart => {
  const namespace = `chart-${chart.name}-${process.pid % 10000}`;

  afterAll(async () => {
    await sh(
      'kubectl',
      'delete',
      'namespace',
      namespace,
      '--ignore-not-found',
      '--wait=false',
    );
  });

  it.each(chart.valuesFiles)(
    'is accepted by the API server (server-side dry run, strict fields) with %s',
    async valuesFile => {
      const dryRunNs = `${namespace}-dry-${valuesFile.replace(/[^a-z]/g, '')}`;
      await sh('kubectl', 'create', 'namespace', dryRunNs);
      try {
        const rendered = await sh(
          'helm',
          'template',
          'store',
          chart.dir,
          '-n',
          dryRunNs,
          '--values',
          resolve(chart.dir, valuesFile),
          '--set',
          'existingSecret=store-credentials',
        );
        expect(rendered.code).toBe(0);
        const applied = await run(
          'kubectl',
          [
            'apply',
            '-n',
            dryRunNs,
            '--dry-run=server',
            '--validate=strict',
            '-f',
            '-',
          ],
          { env, input: rendered.stdout },
        );
        expect(applied.stderr).toBe('');
        expect(applied.code).toBe(0);
        expect(applied.stdout).toMatch(
          /statefulset\.apps\/store-\w+ created \(server dry run\)/,
        );
      } finally {
        await sh('kubectl', 'delete', 'namespace', dryRunNs, '--wait=false');
      }
    },
  );

  it('installs under Pod Security "restricted", runs its setup job, passes helm test, and uninstalls leaving nothing', async () => {
    await sh('kubectl', 'create', 'namespace', namespace);
    await sh(
      'kubectl',
      'label',
      'namespace',
      namespace,
      'pod-security.kubernetes.io/enforce=restricted',
    );

    const install = await sh(
      'helm',
      'upgrade',
      '--install',
      'shop',
      chart.dir,
      '-n',
      namespace,
      '--values',
      resolve(chart.dir, 'values-local.yaml'),
      '--wait',
      '--wait-for-jobs',
      '--timeout',
      '4m',
    );
    expect(install.stderr).not.toMatch(/Error/);
    expect(install.code).toBe(0);
    const status = JSON.parse(
      (await sh('helm', 'status', 'shop', '-n', namespace, '-o', 'json'))
        .stdout,
    );
    expect(status.info.status).toBe('deployed');

    const jobs = JSON.parse(
      (await sh('kubectl', 'get', 'jobs', '-n', namespace, '-o', 'json'))
        .stdout,
    );
    expect(jobs.items).toHaveLength(chart.setupJobs);
    for (const job of jobs.items) {
      expect({
        job: job.metadata.name,
        succeeded: job.status.succeeded,
      }).toEqual({ job: job.metadata.name, succeeded: 1 });
    }
    // Init containers (Medusa's migrations) finished before their pods started.
    const pods = JSON.parse(
      (await sh('kubectl', 'get', 'pods', '-n', namespace, '-o', 'json'))
        .stdout,
    );
    for (const pod of pods.items) {
      for (const init of pod.status.initContainerStatuses ?? []) {
        expect({
          pod: pod.metadata.name,
          init: init.name,
          exitCode: init.state.terminated?.exitCode,
        }).toEqual({ pod: pod.metadata.name, init: init.name, exitCode: 0 });
      }
    }

    const pvcs = JSON.parse(
      (await sh('kubectl', 'get', 'pvc', '-n', namespace, '-o', 'json')).stdout,
    );
    expect(pvcs.items.map((p: any) => p.status.phase)).toEqual(
      pvcs.items.map(() => 'Bound'),
    );

    const credentials = async () =>
      JSON.parse(
        (
          await sh(
            'kubectl',
            'get',
            'secret',
            'shop-credentials',
            '-n',
            namespace,
            '-o',
            'json',
          )
        ).stdout,
      ).data as Record<string, string>;
    const before = await credentials();
    const keys = Object.keys(before);
    expect(keys.length).toBeGreaterThanOrEqual(4);

    const test = await sh(
      'helm',
      'test',
      'shop',
      '-n',
      namespace,
      '--timeout',
      '2m',
    );
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/Phase:\s+Succeeded/);

    // An upgrade keeps the generated credentials.
    expect(
      (
        await sh(
          'helm',
          'upgrade',
          'shop',
          chart.dir,
          '-n',
          namespace,
          '--reuse-values',
          '--wait',
          '--timeout',
          '4m',
        )
      ).code,
    ).toBe(0);
    const after = await credentials();
    expect(after).toEqual(before);

    expect(
      (await sh('helm', 'uninstall', 'shop', '-n', namespace, '--wait')).code,
    ).toBe(0);
    expect(
      (
        await sh(
          'kubectl',
          'delete',
          'namespace',
          namespace,
          '--wait=true',
          '--timeout=120s',
        )
      ).code,
    ).toBe(0);
    expect((await sh('kubectl', 'get', 'namespace', namespace)).stderr).toMatch(
      /NotFound/,
    );
    // PersistentVolumes of the namespace are reclaimed (deleted) shortly after their claims go.
    let leftovers: string[] = [];
    for (let i = 0; i < 60; i++) {
      const pvs = JSON.parse(
        (await sh('kubectl', 'get', 'pv', '-o', 'json')).stdout,
      );
      leftovers = pvs.items
        .filter((pv: any) => pv.spec.claimRef?.namespace === namespace)
        .map((pv: any) => pv.metadata.name);
      if (leftovers.length === 0) break;
      await new Promise(r => setTimeout(r, 1000));
    }
    expect(leftovers).toEqual([]);
  });
});
