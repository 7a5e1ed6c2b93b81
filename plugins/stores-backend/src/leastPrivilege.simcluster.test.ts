/**
 * The provisioner's least privilege, against a real API server (the sim cluster): the
 * charts/storefleet chart installs; cluster-wide its ServiceAccount may only handle store
 * namespaces, list workloads and bind the store role; its ValidatingAdmissionPolicy refuses its
 * writes outside store namespaces and its relabelling of namespaces it did not create; and a
 * store goes queued → ready → suspended → ready → deleted with only that identity (a token of
 * the ServiceAccount, not the admin kubeconfig), binding the store role in the store's namespace.
 * Containers do not run on the sim cluster: the chart's pods are reported Running by kwok and
 * its helm test pod Succeeded.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { alice, startSimStoresBackend } from './__testUtils__/simStoresBackend';

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
/** A kubectl call made as the provisioner (impersonated by the admin): RBAC and admission apply. */
const asProvisioner = (...args: string[]) => kubectl('--as', subject, ...args);
const createNamespaceAsProvisioner = (
  name: string,
  labels: Record<string, string>,
  dryRun = false,
) =>
  run(
    'kubectl',
    [
      '--as',
      subject,
      'create',
      ...(dryRun ? ['--dry-run=server'] : []),
      '-f',
      '-',
    ],
    {
      env,
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, labels },
      }),
    },
  );
/** A namespace Storefleet did not create. */
const foreignNamespace = `lp-foreign-${process.pid % 100000}`;
/** A store-labelled namespace, as the lifecycle creates one. */
const storeNamespace = `store-lp-${process.pid % 100000}`;
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
  await kubectl('delete', 'namespace', storeNamespace, '--wait=false');
  await kubectl('delete', 'namespace', foreignNamespace, '--wait=false');
  await kubectl('delete', 'rolebinding', 'lp-too-broad', '-n', 'default');
  await kubectl(
    'delete',
    'clusterrole,clusterrolebinding',
    'sf-provisioner',
    'sf-store',
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
      // The drift check: three cluster-wide lists per pass.
      ['list', 'namespaces'],
      ['list', 'deployments.apps', '--all-namespaces'],
      ['list', 'statefulsets.apps', '--all-namespaces'],
      // A custom domain may not take a host another application's Ingress serves.
      ['list', 'ingresses.networking.k8s.io', '--all-namespaces'],
      // Its own RoleBinding in a store namespace (admission keeps it there), of the store role only.
      ['create', 'rolebindings.rbac.authorization.k8s.io', '-n', 'store-any'],
      ['bind', 'clusterroles.rbac.authorization.k8s.io/sf-store'],
    ].map(args => [args.join(' '), args]),
  )('lets the provisioner: can-i %s', async (_title, args) => {
    expect(await canI(...args)).toBe('yes');
  });

  it.each<[string, string[]]>(
    [
      // No Secret, pod or workload outside a namespace where it bound the store role.
      ['get', 'secrets', '-n', 'kube-system'],
      ['get', 'secrets', '-n', 'default'],
      ['list', 'secrets', '--all-namespaces'],
      ['create', 'secrets', '-n', 'store-any'],
      ['create', 'pods', '-n', 'default'],
      ['create', 'pods', '-n', 'kube-system'],
      ['create', 'deployments.apps', '-n', 'kube-system'],
      ['get', 'deployments.apps', '-n', 'kube-system'],
      ['get', 'configmaps', '-n', 'kube-system'],
      ['create', 'jobs.batch', '-n', 'default'],
      ['bind', 'clusterroles.rbac.authorization.k8s.io/cluster-admin'],
      ['bind', 'clusterroles.rbac.authorization.k8s.io/admin'],
      ['escalate', 'clusterroles.rbac.authorization.k8s.io'],
      ['create', 'clusterroles.rbac.authorization.k8s.io'],
      ['create', 'clusterrolebindings.rbac.authorization.k8s.io'],
      // `kubectl auth can-i` names subresources with --subresource (TYPE/NAME is a resource name).
      ['create', 'pods', '--subresource=exec', '-n', 'store-any'],
      ['create', 'pods', '--subresource=portforward', '-n', 'store-any'],
      ['create', 'pods', '--subresource=attach', '-n', 'store-any'],
      ['create', 'serviceaccounts', '--subresource=token', '-n', 'kube-system'],
      ['create', 'serviceaccounts', '-n', 'store-any'],
      ['patch', 'nodes'],
      ['create', 'persistentvolumes'],
      ['create', 'customresourcedefinitions.apiextensions.k8s.io'],
      ['delete', 'validatingadmissionpolicies.admissionregistration.k8s.io'],
      [
        'delete',
        'validatingwebhookconfigurations.admissionregistration.k8s.io',
      ],
      ['impersonate', 'users'],
      // It reads which hosts Ingresses serve; it changes none outside its store namespaces.
      ['create', 'ingresses.networking.k8s.io', '-n', 'default'],
      ['patch', 'ingresses.networking.k8s.io', '-n', 'kube-system'],
      // The Kubernetes tab reads with its own identity; these are the tab's, not the provisioner's.
      ['list', 'daemonsets.apps', '-n', 'store-any'],
      // Not before its RoleBinding in a store namespace (the store role has CronJobs there).
      ['list', 'cronjobs.batch', '-n', 'store-any'],
    ].map(args => [args.join(' '), args]),
  )('refuses the provisioner: can-i %s', async (_title, args) => {
    expect(await canI(...args)).toBe('no');
  });

  describe('admission (ValidatingAdmissionPolicy)', () => {
    const outside = /writes only in store namespaces .* is not one/;
    const notItsOwn = /changes and deletes only the namespaces it created/;

    it.each(['default', 'kube-system'])(
      'refuses the provisioner a RoleBinding in %s with the policy message',
      async ns => {
        const result = await asProvisioner(
          'create',
          'rolebinding',
          'sf-foothold',
          '-n',
          ns,
          '--clusterrole=sf-store',
          `--serviceaccount=${namespace}:${serviceAccount}`,
        );
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(outside);
        expect(result.stderr).toContain(`; ${ns} is not one`);
      },
    );

    it('refuses a pod in default even where RBAC would let it (a too-broad grant)', async () => {
      const pod = [
        'run',
        'sf-foothold',
        '-n',
        'default',
        '--image=registry.k8s.io/pause:3.10',
        '--restart=Never',
      ];
      // Without a grant, RBAC says no.
      expect((await asProvisioner(...pod)).stderr).toMatch(/forbidden/i);
      // An admin grants the store role in default by mistake: admission still says no.
      await kubectl(
        'create',
        'rolebinding',
        'lp-too-broad',
        '-n',
        'default',
        '--clusterrole=sf-store',
        `--serviceaccount=${namespace}:${serviceAccount}`,
      );
      for (const end = Date.now() + 10_000; Date.now() < end; ) {
        if ((await canI('create', 'pods', '-n', 'default')) === 'yes') break;
        await new Promise(r => setTimeout(r, 200));
      }
      const refused = await asProvisioner(...pod);
      expect(refused.stderr).toMatch(outside);
      await kubectl('delete', 'rolebinding', 'lp-too-broad', '-n', 'default');
    });

    it('refuses relabelling kube-system or deleting a namespace it did not create (server dry run)', async () => {
      const relabel = await asProvisioner(
        'label',
        'namespace',
        'kube-system',
        'app.kubernetes.io/managed-by=storefleet',
        '--dry-run=server',
      );
      expect(relabel.code).not.toBe(0);
      expect(relabel.stderr).toMatch(notItsOwn);
      // `default` itself Kubernetes never deletes; a namespace of another team's app, then.
      await kubectl('create', 'namespace', foreignNamespace);
      const remove = await asProvisioner(
        'delete',
        'namespace',
        foreignNamespace,
        '--dry-run=server',
      );
      expect(remove.code).not.toBe(0);
      expect(remove.stderr).toMatch(notItsOwn);
    });

    it('refuses creating an unlabelled or privileged namespace', async () => {
      const unlabelled = await createNamespaceAsProvisioner(
        'lp-unlabelled',
        {},
        true,
      );
      expect(unlabelled.stderr).toMatch(
        /creates only namespaces labelled app.kubernetes.io\/managed-by=storefleet/,
      );
      const privileged = await createNamespaceAsProvisioner(
        'lp-privileged',
        {
          'app.kubernetes.io/managed-by': 'storefleet',
          'pod-security.kubernetes.io/enforce': 'privileged',
        },
        true,
      );
      expect(privileged.stderr).toMatch(
        /with Pod Security level restricted only/,
      );
      // A labelled, restricted namespace that is not a store's name: refused by its name.
      const payments = await createNamespaceAsProvisioner(
        'payments',
        {
          'app.kubernetes.io/managed-by': 'storefleet',
          'pod-security.kubernetes.io/enforce': 'restricted',
        },
        true,
      );
      expect(payments.code).not.toBe(0);
      expect(payments.stderr).toMatch(
        /creates only store namespaces \(named store-<store>\); payments is not one/,
      );
    });

    it('lets it bind only the store role in its own store namespace', async () => {
      const created = await createNamespaceAsProvisioner(storeNamespace, {
        'app.kubernetes.io/managed-by': 'storefleet',
        'pod-security.kubernetes.io/enforce': 'restricted',
      });
      expect(created.stderr).toBe('');
      const bind = (role: string) =>
        asProvisioner(
          'create',
          'rolebinding',
          `lp-${role}`,
          '-n',
          storeNamespace,
          `--clusterrole=${role}`,
          `--serviceaccount=${namespace}:${serviceAccount}`,
        );
      expect((await bind('sf-store')).code).toBe(0);
      // RBAC's escalation check refuses a role with rights it lacks (cluster-admin); the policy
      // refuses any other role, even one whose rights it holds (system:basic-user).
      expect((await bind('cluster-admin')).stderr).toMatch(
        /attempting to grant RBAC permissions not currently held/,
      );
      expect((await bind('system:basic-user')).stderr).toMatch(
        /binds only the ClusterRole sf-store/,
      );
      // The store role, but to everyone signed in (or to anyone but itself): refused.
      const toEveryone = await asProvisioner(
        'create',
        'rolebinding',
        'lp-everyone',
        '-n',
        storeNamespace,
        '--clusterrole=sf-store',
        '--group=system:authenticated',
      );
      expect(toEveryone.code).not.toBe(0);
      expect(toEveryone.stderr).toMatch(
        new RegExp(
          `binds the store role only to itself \\(ServiceAccount ${namespace}/${serviceAccount}\\)`,
        ),
      );
      const alsoToAUser = await asProvisioner(
        'create',
        'rolebinding',
        'lp-and-a-user',
        '-n',
        storeNamespace,
        '--clusterrole=sf-store',
        `--serviceaccount=${namespace}:${serviceAccount}`,
        '--user=mallory',
      );
      expect(alsoToAUser.stderr).toMatch(/binds the store role only to itself/);
      // With the binding, the store's logs (GET /stores/{id}/logs), there and nowhere else.
      let logs = '';
      for (let i = 0; i < 20 && logs !== 'yes'; i++) {
        logs = await canI(
          'get',
          'pods',
          '--subresource=log',
          '-n',
          storeNamespace,
        );
        if (logs !== 'yes') await new Promise(r => setTimeout(r, 250));
      }
      expect(logs).toBe('yes');
      expect(
        await canI('get', 'pods', '--subresource=log', '-n', 'kube-system'),
      ).toBe('no');
      // The store's usage (GET /stores/{id}/usage): its pods' metrics, there and nowhere else.
      expect(
        await canI('list', 'pods.metrics.k8s.io', '-n', storeNamespace),
      ).toBe('yes');
      expect(
        await canI('list', 'pods.metrics.k8s.io', '-n', 'kube-system'),
      ).toBe('no');
      expect(await canI('list', 'nodes.metrics.k8s.io')).toBe('no');
    });
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

    const { backend, createAndSettle, deleteAndWait, waitForStatus } =
      await startSimStoresBackend(kubeconfigPath, { storeRole: 'sf-store' });
    try {
      const name = `rbac-${process.pid % 100000}`;
      const ready = await createAndSettle({ name, engine: 'woocommerce' });
      expect(ready.reason).toBeUndefined();
      expect(ready.status).toBe('ready');
      const binding = await kubectl(
        'get',
        'rolebinding',
        'storefleet-provisioner',
        '-n',
        `store-${name}`,
        '-o',
        'jsonpath={.roleRef.name} {.subjects[0].kind}/{.subjects[0].name}',
      );
      expect(binding.stdout).toBe(`sf-store ServiceAccount/${serviceAccount}`);
      // Day 2 with the same identity: suspend, resume, read credentials and events.
      for (const [path, status] of [
        ['suspend', 'suspended'],
        ['resume', 'ready'],
      ]) {
        await request(backend.server)
          .post(`/api/stores/stores/${ready.id}/${path}`)
          .set('Authorization', alice)
          .expect(202);
        expect((await waitForStatus(ready.id, [status, 'failed'])).status).toBe(
          status,
        );
      }
      for (const path of ['credentials', 'events'])
        await request(backend.server)
          .get(`/api/stores/stores/${ready.id}/${path}`)
          .set('Authorization', alice)
          .expect(200);
      expect((await deleteAndWait(ready.id)).status).toBe('deleted');
      expect(
        (await kubectl('get', 'namespace', `store-${name}`)).stderr,
      ).toMatch(/NotFound/);
    } finally {
      await backend.stop();
    }
  });
});
