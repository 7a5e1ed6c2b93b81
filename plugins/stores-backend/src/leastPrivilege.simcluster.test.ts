/**
 * The provisioner's least privilege, against a real API server (the sim cluster): the
 * charts/storefleet chart installs, its ServiceAccount may do what the lifecycle needs and
 * nothing beyond, and a store goes queued → ready → deleted with only that identity (a token of
 * the ServiceAccount, not the admin kubeconfig). Containers do not run on the sim cluster: the
 * chart's pods are reported Running by kwok and its helm test pod Succeeded.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSimStoresBackend } from './__testUtils__/simStoresBackend';

jest.setTimeout(8 * 60_000);

const chart = resolve(simCluster.root, 'charts', 'storefleet');
const namespace = `storefleet-${process.pid % 100000}`;
const serviceAccount = 'sf-provisioner';
const subject = `system:serviceaccount:${namespace}:${serviceAccount}`;
let env: NodeJS.ProcessEnv;
let scratch: string;

const kubectl = (...args: string[]) => run('kubectl', args, { env });
const helm = (...args: string[]) => run('helm', args, { env });
const canI = async (...args: string[]) =>
  (await kubectl('auth', 'can-i', '--as', subject, ...args)).stdout.trim();
/** The Kubernetes tab's own ServiceAccount (kubernetesTab.enabled). */
const tabSubject = `system:serviceaccount:${namespace}:sf-kubernetes-tab`;
const tabCanI = async (...args: string[]) =>
  (await kubectl('auth', 'can-i', '--as', tabSubject, ...args)).stdout.trim();
/** Every kind the Kubernetes tab lists. */
const tabKinds = [
  'pods',
  'services',
  'configmaps',
  'deployments.apps',
  'replicasets.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'jobs.batch',
  'cronjobs.batch',
  'horizontalpodautoscalers.autoscaling',
  'ingresses.networking.k8s.io',
  'limitranges',
  'resourcequotas',
];

beforeAll(async () => {
  env = await simCluster.up();
  scratch = mkdtempSync(join(tmpdir(), 'storefleet-rbac-'));
  const install = await helm(
    'upgrade',
    '--install',
    'sf',
    chart,
    '-n',
    namespace,
    '--create-namespace',
    '-f',
    join(chart, 'values-local.yaml'),
    '--wait',
    '--timeout',
    '3m',
  );
  if (install.code !== 0)
    throw new Error(
      `helm install of charts/storefleet failed: ${install.stderr}`,
    );
});

afterAll(async () => {
  await helm('uninstall', 'sf', '-n', namespace, '--wait');
  await kubectl('delete', 'namespace', namespace, '--wait=false');
  await kubectl(
    'delete',
    'clusterrole,clusterrolebinding',
    'sf-provisioner',
    'sf-kubernetes-tab',
  );
  rmSync(scratch, { recursive: true, force: true });
});

describe('charts/storefleet', () => {
  it('installs on a real API server and its helm test passes', async () => {
    const test = await helm('test', 'sf', '-n', namespace, '--timeout', '2m');
    expect(test.stderr).toBe('');
    expect(test.stdout).toMatch(/Phase:\s+Succeeded/);
  });

  it.each<[string, string[]]>(
    [
      ['create', 'namespaces'],
      ['delete', 'namespaces'],
      ['create', 'secrets', '-n', 'store-any'],
      ['create', 'deployments.apps', '-n', 'store-any'],
      ['create', 'statefulsets.apps', '-n', 'store-any'],
      ['create', 'jobs.batch', '-n', 'store-any'],
      ['create', 'ingresses.networking.k8s.io', '-n', 'store-any'],
      ['create', 'networkpolicies.networking.k8s.io', '-n', 'store-any'],
      ['create', 'resourcequotas', '-n', 'store-any'],
      ['create', 'pods', '-n', 'store-any'],
      ['list', 'events', '-n', 'store-any'],
      ['get', 'pods', '--subresource=log', '-n', 'store-any'],
      // The drift check: three cluster-wide lists per pass.
      ['list', 'namespaces'],
      ['list', 'deployments.apps', '--all-namespaces'],
      ['list', 'statefulsets.apps', '--all-namespaces'],
    ].map(args => [args.join(' '), args]),
  )('lets the provisioner: can-i %s', async (_title, args) => {
    expect(await canI(...args)).toBe('yes');
  });

  it.each<[string, string[]]>(
    [
      ['create', 'clusterroles.rbac.authorization.k8s.io'],
      ['create', 'rolebindings.rbac.authorization.k8s.io', '-n', 'store-any'],
      // `kubectl auth can-i` names subresources with --subresource (TYPE/NAME is a resource name).
      ['create', 'pods', '--subresource=exec', '-n', 'store-any'],
      ['create', 'pods', '--subresource=portforward', '-n', 'store-any'],
      ['create', 'pods', '--subresource=attach', '-n', 'store-any'],
      ['create', 'serviceaccounts', '--subresource=token', '-n', 'kube-system'],
      ['create', 'serviceaccounts', '-n', 'store-any'],
      ['patch', 'nodes'],
      ['create', 'persistentvolumes'],
      ['create', 'customresourcedefinitions.apiextensions.k8s.io'],
      [
        'delete',
        'validatingwebhookconfigurations.admissionregistration.k8s.io',
      ],
      ['impersonate', 'users'],
      // The Kubernetes tab reads with its own identity; these are the tab's, not the provisioner's.
      ['list', 'daemonsets.apps', '-n', 'store-any'],
      ['list', 'cronjobs.batch', '-n', 'store-any'],
    ].map(args => [args.join(' '), args]),
  )('refuses the provisioner: can-i %s', async (_title, args) => {
    expect(await canI(...args)).toBe('no');
  });

  it.each(tabKinds.map(kind => [kind]))(
    "lets the Kubernetes tab's own identity list and watch %s",
    async kind => {
      expect(await tabCanI('list', kind, '-n', 'store-any')).toBe('yes');
      expect(await tabCanI('watch', kind, '-n', 'store-any')).toBe('yes');
    },
  );

  it.each<[string, string[]]>(
    [
      ['get', 'secrets', '-n', 'kube-system'],
      ['list', 'secrets', '-n', 'store-any'],
      ['get', 'pods', '--subresource=log', '-n', 'store-any'],
      ['create', 'pods', '--subresource=exec', '-n', 'store-any'],
      ['create', 'pods', '-n', 'store-any'],
      ['delete', 'deployments.apps', '-n', 'store-any'],
      ['patch', 'daemonsets.apps', '-n', 'kube-system'],
      ['create', 'namespaces'],
    ].map(args => [args.join(' '), args]),
  )("refuses the Kubernetes tab's identity: can-i %s", async (_title, args) => {
    expect(await tabCanI(...args)).toBe('no');
  });

  it("gives Backstage the tab's token, filled in by Kubernetes, not the provisioner's", async () => {
    const secret = await kubectl(
      'get',
      'secret',
      'sf-kubernetes-tab-token',
      '-n',
      namespace,
      '-o',
      'jsonpath={.data.token}',
    );
    const [, payload] = Buffer.from(secret.stdout, 'base64')
      .toString()
      .split('.');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString()).sub).toBe(
      tabSubject,
    );
  });

  it('provisions and deletes a store with only the ServiceAccount identity', async () => {
    // A kubeconfig holding a short-lived token of the ServiceAccount, as in-cluster config would.
    const token = await kubectl(
      'create',
      'token',
      serviceAccount,
      '-n',
      namespace,
      '--duration',
      '1h',
    );
    expect(token.code).toBe(0);
    const admin = JSON.parse(
      (await kubectl('config', 'view', '--raw', '--minify', '-o', 'json'))
        .stdout,
    );
    const kubeconfigPath = join(scratch, 'provisioner.kubeconfig.json');
    writeFileSync(
      kubeconfigPath,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: admin.clusters,
        users: [{ name: 'provisioner', user: { token: token.stdout.trim() } }],
        contexts: [
          {
            name: 'provisioner',
            context: { cluster: admin.clusters[0].name, user: 'provisioner' },
          },
        ],
        'current-context': 'provisioner',
      }),
      { mode: 0o600 },
    );
    const whoami = await run('kubectl', ['auth', 'whoami', '-o', 'json'], {
      env: { ...env, KUBECONFIG: kubeconfigPath },
    });
    expect(JSON.parse(whoami.stdout).status.userInfo.username).toBe(subject);

    const { backend, createAndSettle, deleteAndWait } =
      await startSimStoresBackend(kubeconfigPath);
    try {
      const name = `rbac-${process.pid % 100000}`;
      const ready = await createAndSettle({ name, engine: 'woocommerce' });
      expect(ready.reason).toBeUndefined();
      expect(ready.status).toBe('ready');
      expect((await deleteAndWait(ready.id)).status).toBe('deleted');
      expect(
        (await kubectl('get', 'namespace', `store-${name}`)).stderr,
      ).toMatch(/NotFound/);
    } finally {
      await backend.stop();
    }
  });
});
