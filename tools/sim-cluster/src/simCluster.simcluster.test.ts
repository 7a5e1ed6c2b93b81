import { resolve } from 'node:path';
import { run, simCluster } from './simCluster';

jest.setTimeout(10 * 60_000);

const chart = resolve(simCluster.packageDir, 'test-chart');
let env: NodeJS.ProcessEnv;
const kubectl = (...args: string[]) => run('kubectl', args, { env });
const helm = (...args: string[]) => run('helm', args, { env });
const ns = (name: string) => `simtest-${name}-${process.pid}`;

/** One field of one object, read with a jsonpath. */
const field = async (
  kind: string,
  name: string,
  namespace: string,
  path: string,
) =>
  (
    await kubectl(
      'get',
      kind,
      name,
      '-n',
      namespace,
      '-o',
      `jsonpath={${path}}`,
    )
  ).stdout;

/** `helm upgrade --install --wait` of the check chart into a new namespace. */
const installCheckChart = (namespace: string, ...extra: string[]) =>
  helm(
    'upgrade',
    '--install',
    'check',
    chart,
    '--namespace',
    namespace,
    '--create-namespace',
    '--wait',
    '--timeout',
    '3m',
    ...extra,
  );

async function deleteNamespace(name: string) {
  await kubectl(
    'delete',
    'namespace',
    name,
    '--wait=true',
    '--timeout=120s',
    '--ignore-not-found',
  );
}

beforeAll(async () => {
  env = await simCluster.up();
});

describe('sim cluster (real kube-apiserver, kwok-simulated nodes)', () => {
  it('reports the real Kubernetes version', async () => {
    const version = await kubectl('get', '--raw', '/version');
    expect(JSON.parse(version.stdout).gitVersion).toMatch(/^v1\.3\d\.\d+$/);
  });

  it('installs a chart with a Deployment, a StatefulSet with a PVC and a Job, and helm test passes', async () => {
    const namespace = ns('helm');
    const install = await installCheckChart(namespace, '--wait-for-jobs');
    expect(install.stderr).not.toMatch(/Error/);
    expect(install.code).toBe(0);

    const status = JSON.parse(
      (await helm('status', 'check', '-n', namespace, '-o', 'json')).stdout,
    );
    expect(status.info.status).toBe('deployed');

    expect(
      await field('pvc', 'data-check-db-0', namespace, '.status.phase'),
    ).toBe('Bound');
    expect(
      await field(
        'statefulset',
        'check-db',
        namespace,
        '.status.readyReplicas',
      ),
    ).toBe('1');
    expect(
      await field('job', 'check-setup', namespace, '.status.succeeded'),
    ).toBe('1');

    const test = await helm(
      'test',
      'check',
      '-n',
      namespace,
      '--timeout',
      '2m',
    );
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/Phase:\s+Succeeded/);

    await helm('uninstall', 'check', '-n', namespace, '--wait');
    await deleteNamespace(namespace);
  });

  it('fails helm test when the test pod fails', async () => {
    const namespace = ns('helmfail');
    const install = await installCheckChart(
      namespace,
      '--set',
      'testExitCode=1',
    );
    expect(install.code).toBe(0);
    const test = await helm(
      'test',
      'check',
      '-n',
      namespace,
      '--timeout',
      '2m',
    );
    expect(test.code).not.toBe(0);
    expect(test.stdout + test.stderr).toMatch(/Failed|failed/);
    await deleteNamespace(namespace);
  });

  it('rejects an over-quota Pod through real ResourceQuota admission', async () => {
    const namespace = ns('quota');
    await kubectl('create', 'namespace', namespace);
    await run('kubectl', ['apply', '-n', namespace, '-f', '-'], {
      env,
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'small' },
        spec: {
          hard: {
            pods: '1',
            'limits.memory': '256Mi',
            'requests.memory': '128Mi',
          },
        },
      }),
    });
    const pod = (name: string, memory: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36.1',
            resources: { requests: { memory }, limits: { memory } },
          },
        ],
      },
    });
    const tooBig = await run(
      'kubectl',
      ['create', '-n', namespace, '-f', '-'],
      {
        env,
        input: JSON.stringify(pod('big', '512Mi')),
      },
    );
    expect(tooBig.code).not.toBe(0);
    expect(tooBig.stderr).toMatch(/exceeded quota: small/);

    const fits = await run('kubectl', ['create', '-n', namespace, '-f', '-'], {
      env,
      input: JSON.stringify(pod('fits', '64Mi')),
    });
    expect(fits.code).toBe(0);
    const second = await run(
      'kubectl',
      ['create', '-n', namespace, '-f', '-'],
      {
        env,
        input: JSON.stringify(pod('second', '16Mi')),
      },
    );
    expect(second.stderr).toMatch(/exceeded quota: small.*pods=1/);
    await deleteNamespace(namespace);
  });

  it('finishes namespace deletion, with pods and bound PVCs inside', async () => {
    const namespace = ns('delete');
    const install = await installCheckChart(namespace);
    expect(install.code).toBe(0);
    const deleted = await kubectl(
      'delete',
      'namespace',
      namespace,
      '--wait=true',
      '--timeout=120s',
    );
    expect(deleted.code).toBe(0);
    const gone = await kubectl('get', 'namespace', namespace);
    expect(gone.stderr).toMatch(/NotFound/);
  });

  it('answers kubectl auth can-i from the real RBAC authorizer', async () => {
    const namespace = ns('rbac');
    await kubectl('create', 'namespace', namespace);
    await kubectl('create', 'serviceaccount', 'reader', '-n', namespace);
    await kubectl(
      'create',
      'role',
      'pod-reader',
      '-n',
      namespace,
      '--verb=get,list',
      '--resource=pods',
    );
    await kubectl(
      'create',
      'rolebinding',
      'reader',
      '-n',
      namespace,
      '--role=pod-reader',
      `--serviceaccount=${namespace}:reader`,
    );
    const as = `--as=system:serviceaccount:${namespace}:reader`;
    const canList = await kubectl(
      'auth',
      'can-i',
      'list',
      'pods',
      '-n',
      namespace,
      as,
    );
    expect(canList.stdout.trim()).toBe('yes');
    const canDelete = await kubectl(
      'auth',
      'can-i',
      'delete',
      'pods',
      '-n',
      namespace,
      as,
    );
    expect(canDelete.stdout.trim()).toBe('no');
    const otherNamespace = await kubectl(
      'auth',
      'can-i',
      'list',
      'pods',
      '-n',
      'default',
      as,
    );
    expect(otherNamespace.stdout.trim()).toBe('no');
    await deleteNamespace(namespace);
  });
});
