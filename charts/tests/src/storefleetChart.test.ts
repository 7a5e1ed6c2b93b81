/**
 * charts/storefleet, statically: helm lint --strict, schema refusals, and policy over every
 * rendered manifest. Installing it on a real API server, and provisioning with its
 * ServiceAccount, is plugins/stores-backend/src/leastPrivilege.simcluster.test.ts.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { helmTemplate, Manifest } from './render';
import { containersOf, workloads } from './workloads';

const dir = resolve(simCluster.root, 'charts', 'storefleet');
const helm = resolve(simCluster.root, '.tools', 'bin', 'helm');
const valuesFiles = ['values.yaml', 'values-local.yaml', 'values-prod.yaml'];

async function render(valuesFile: string, extra: string[] = []) {
  const result = await helmTemplate(dir, [
    '--values',
    resolve(dir, valuesFile),
    ...extra,
  ]);
  if (result.code !== 0) throw new Error(result.stderr);
  return parseAllDocuments(result.stdout)
    .map(doc => doc.toJSON() as Manifest)
    .filter(Boolean);
}

describe('charts/storefleet', () => {
  it.each(valuesFiles)('passes helm lint --strict with %s', async file => {
    const result = await run(helm, [
      'lint',
      '--strict',
      dir,
      '--values',
      resolve(dir, file),
    ]);
    expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.code).toBe(0);
  });

  it.each([
    ['an image tag of latest', ['--set', 'image.tag=latest'], 'image.tag'],
    [
      'a baseUrl with a path',
      ['--set', 'baseUrl=https://x.example/a'],
      'baseUrl',
    ],
    [
      'an unknown values profile',
      ['--set', 'stores.valuesProfile=staging'],
      'stores.valuesProfile',
    ],
    ['an unknown key', ['--set', 'replicas=3'], 'replicas'],
    [
      'a negative quota',
      ['--set', 'stores.quotas.maxStores=-1'],
      'stores.quotas.maxStores',
    ],
  ])('rejects %s through values.schema.json', async (_what, args, field) => {
    const result = await helmTemplate(dir, args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      "values don't meet the specifications of the schema",
    );
    expect(result.stderr).toContain(field);
  });

  describe.each(valuesFiles)('rendered with %s', file => {
    let manifests: Manifest[];
    beforeAll(async () => {
      manifests = await render(file);
    });

    it('hardens every container: limits, non-root, no escalation, read-only root', () => {
      const all = workloads(manifests).flatMap(containersOf);
      expect(all.length).toBeGreaterThanOrEqual(3);
      for (const { workload, pod, c } of all) {
        const where = `${workload}/${c.name}`;
        expect([where, c.resources?.limits?.memory]).not.toContain(undefined);
        expect([where, c.resources?.limits?.cpu]).not.toContain(undefined);
        expect([where, pod.securityContext.runAsNonRoot]).toEqual([
          where,
          true,
        ]);
        expect([where, c.securityContext.privileged]).toEqual([where, false]);
        expect([where, c.securityContext.allowPrivilegeEscalation]).toEqual([
          where,
          false,
        ]);
        expect([where, c.securityContext.readOnlyRootFilesystem]).toEqual([
          where,
          true,
        ]);
        expect([where, c.securityContext.capabilities.drop]).toEqual([
          where,
          ['ALL'],
        ]);
        expect(c.image).not.toMatch(/:latest$/);
      }
    });

    it('gives the provisioner cluster-wide only namespaces, read-only lists and bind on the store role', () => {
      const byName = (name: string) =>
        manifests.find(
          m => m.kind === 'ClusterRole' && m.metadata.name === name,
        ) as any;
      const grants = (role: any) =>
        role.rules.flatMap((r: any) =>
          r.resources.map(
            (res: string) =>
              `${res}:${r.verbs.join(',')}${
                r.resourceNames ? `@${r.resourceNames.join(',')}` : ''
              }`,
          ),
        );
      expect(grants(byName('store-provisioner'))).toEqual([
        'namespaces:get,list,watch,create,patch,delete',
        'deployments:list,watch',
        'statefulsets:list,watch',
        'ingresses:list',
        'rolebindings:create',
        'clusterroles:bind@store-store',
      ]);
      const binding = manifests.find(
        m =>
          m.kind === 'ClusterRoleBinding' && m.metadata.name === 'store-store',
      );
      expect(binding).toBeUndefined();
      const store = byName('store-store');
      const resources = store.rules.flatMap((r: any) => r.resources);
      const verbs = store.rules.flatMap((r: any) => r.verbs);
      expect(resources).toContain('secrets');
      expect(resources).not.toContain('*');
      expect(verbs).not.toContain('*');
      for (const forbidden of [
        'nodes',
        'namespaces',
        'clusterroles',
        'rolebindings',
        'pods/exec',
        'serviceaccounts',
        'serviceaccounts/token',
        'persistentvolumes',
      ])
        expect(resources).not.toContain(forbidden);
      expect(verbs).not.toContain('escalate');
      expect(verbs).not.toContain('impersonate');
    });

    it('tells the backend which role to bind, and confines the provisioner at admission', () => {
      const config = manifests.find(
        m =>
          m.kind === 'ConfigMap' && m.metadata.name === 'store-backend-config',
      ) as any;
      expect(config.data['app-config.cluster.yaml']).toContain(
        'storeRole: "store-store"',
      );
      const policies = manifests.filter(
        m => m.kind === 'ValidatingAdmissionPolicy',
      ) as any[];
      const bindings = manifests.filter(
        m => m.kind === 'ValidatingAdmissionPolicyBinding',
      ) as any[];
      expect(
        bindings.map(b => [b.spec.policyName, b.spec.validationActions]),
      ).toEqual(policies.map(p => [p.metadata.name, ['Deny']]));
      for (const policy of policies)
        expect(policy.spec.matchConditions[0].expression).toBe(
          "request.userInfo.username == 'system:serviceaccount:store-test:store-provisioner'",
        );
    });

    it('labels every object with the recommended labels', () => {
      for (const m of manifests) {
        expect(m.metadata.labels).toMatchObject({
          'app.kubernetes.io/part-of': 'storefleet',
          'app.kubernetes.io/managed-by': 'Helm',
        });
        expect(m.metadata.labels!['app.kubernetes.io/name']).toBeTruthy();
      }
    });
  });

  it('renders no Secret holding a credential with an external database (only the tab token Kubernetes fills in)', async () => {
    const manifests = await render('values-prod.yaml', [
      '--set',
      'database.existingSecret=backstage-db',
      '--set',
      'postgresql.enabled=false',
    ]);
    const secrets = manifests.filter(m => m.kind === 'Secret');
    expect(
      secrets.map(m => [m.metadata.name, (m as any).type, m.data]),
    ).toEqual([
      [
        'store-kubernetes-tab-token',
        'kubernetes.io/service-account-token',
        undefined,
      ],
    ]);
    expect(manifests.filter(m => m.kind === 'StatefulSet')).toEqual([]);
    const deployment = manifests.find(m => m.kind === 'Deployment')!;
    expect(
      deployment.spec.template.spec.containers[0].envFrom[0].secretRef.name,
    ).toBe('backstage-db');
  });

  it('puts no credential in the backend config: the database password comes from a Secret', async () => {
    const manifests = await render('values.yaml');
    const config = manifests.find(m => m.kind === 'ConfigMap')!;
    const secret = manifests.find(m => m.kind === 'Secret')!;
    const password = Buffer.from(
      secret.data!.POSTGRES_PASSWORD,
      'base64',
    ).toString();
    expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(JSON.stringify(config)).not.toContain(password);
    expect(secret.metadata.annotations).toMatchObject({
      'helm.sh/resource-policy': 'keep',
    });
  });

  it('rate-limits the stores API per caller, trusts exactly the ingress hop, and 0 turns the limit off', async () => {
    const appConfig = async (extra: string[] = []) => {
      const config = (await render('values.yaml', extra)).find(
        m => m.kind === 'ConfigMap',
      )!;
      return parseAllDocuments(
        config.data!['app-config.cluster.yaml'],
      )[0].toJSON();
    };
    const defaults = await appConfig();
    // No address-keyed limit (behind the ingress every caller has the controller's address).
    expect(defaults.backend.rateLimit).toBeUndefined();
    expect(defaults.backend.trustProxy).toBe(1);
    expect(defaults.stores.rateLimit).toEqual({
      windowSeconds: 60,
      perCaller: 600,
      anonymous: 60,
    });
    const off = await appConfig([
      '--set',
      'stores.requestsPerMinute=0',
      '--set',
      'ingress.trustedHops=2',
    ]);
    expect(off.stores.rateLimit.perCaller).toBe(0);
    expect(off.backend.trustProxy).toBe(2);
  });

  it("renders a Let's Encrypt ClusterIssuer only when asked, and refuses one without an e-mail", async () => {
    expect(
      (await render('values-prod.yaml')).filter(
        m => m.kind === 'ClusterIssuer',
      ),
    ).toEqual([]);
    const [issuer] = (
      await render('values-prod.yaml', [
        '--set',
        'clusterIssuer.create=true',
        '--set',
        'clusterIssuer.email=ops@example.com',
      ])
    ).filter(m => m.kind === 'ClusterIssuer');
    expect(issuer.metadata.name).toBe('letsencrypt-prod');
    expect(issuer.spec).toEqual({
      acme: {
        email: 'ops@example.com',
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        privateKeySecretRef: { name: 'letsencrypt-prod-account-key' },
        solvers: [{ http01: { ingress: { ingressClassName: 'traefik' } } }],
      },
    });
    await expect(
      render('values-prod.yaml', ['--set', 'clusterIssuer.create=true']),
    ).rejects.toThrow(/clusterIssuer.create needs clusterIssuer.email/);
  });

  it('exposes Prometheus metrics: the port, pod annotations, the Service port, a NetworkPolicy door for the scraper, and a ServiceMonitor only when asked', async () => {
    const manifests = await render('values.yaml');
    const deployment = manifests.find(m => m.kind === 'Deployment')!;
    const pod = deployment.spec.template;
    expect(pod.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9464',
      'prometheus.io/path': '/metrics',
    });
    const container = pod.spec.containers[0];
    expect(container.env).toContainEqual({
      name: 'STOREFLEET_METRICS_PORT',
      value: '9464',
    });
    expect(container.ports).toContainEqual({
      name: 'metrics',
      containerPort: 9464,
    });
    const service = manifests.find(
      m => m.kind === 'Service' && m.metadata.name.endsWith('-backend'),
    )!;
    expect(service.spec.ports).toContainEqual({
      name: 'metrics',
      port: 9464,
      targetPort: 'metrics',
    });
    const policy = manifests.find(
      m => m.kind === 'NetworkPolicy' && m.metadata.name.endsWith('-backend'),
    )!;
    expect(policy.spec.ingress).toContainEqual({
      from: [
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
          },
        },
      ],
      ports: [{ port: 'metrics' }],
    });
    expect(manifests.find(m => m.kind === 'ServiceMonitor')).toBeUndefined();
    const monitored = await render('values.yaml', [
      '--set',
      'metrics.serviceMonitor.enabled=true',
    ]);
    expect(
      monitored.find(m => m.kind === 'ServiceMonitor')!.spec.endpoints,
    ).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    const off = await render('values.yaml', ['--set', 'metrics.enabled=false']);
    expect(
      off.find(m => m.kind === 'Deployment')!.spec.template.spec.containers[0]
        .env,
    ).not.toContainEqual(
      expect.objectContaining({ name: 'STOREFLEET_METRICS_PORT' }),
    );
  });
});
