/**
 * The built-in engines with the real store charts, through the plugin's HTTP API, on the sim
 * cluster with Pod Security "restricted" enforced on the store namespaces. Containers do not
 * run there: Ready means every object was admitted, the workloads reported ready and the
 * helm test pod (the order probe) was reported Succeeded by kwok.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { simCluster, run } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import request from 'supertest';
import { storesPlugin } from './plugin';

jest.setTimeout(5 * 60_000);

const auth = mockCredentials.user.header('user:default/alice');

async function waitFor(server: any, id: string, statuses: string[]) {
  for (let i = 0; i < 300; i++) {
    const res = await request(server)
      .get(`/api/stores/stores/${id}`)
      .set('Authorization', auth);
    if (statuses.includes(res.body.status)) return res.body;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`store ${id} never reached ${statuses.join('/')}`);
}

it.each(['woocommerce', 'medusa'])(
  'provisions a %s store with its real chart and deletes it',
  async engine => {
    const env = await simCluster.up();
    const backend = await startTestBackend({
      features: [
        storesPlugin,
        mockServices.rootConfig.factory({
          data: {
            stores: {
              kubernetes: { kubeconfigPath: env.KUBECONFIG! },
              helm: {
                binary: resolve(simCluster.root, '.tools', 'bin', 'helm'),
              },
              chartsDirectory: resolve(simCluster.root, 'charts'),
              podSecurityLevel: 'restricted',
              baseDomain: 'stores.test',
              reconcile: { intervalSeconds: 1 },
            },
          },
        }),
      ],
    });
    try {
      const name = `real-${engine}-${process.pid % 10000}`;
      const created = await request(backend.server)
        .post('/api/stores/stores')
        .set('Authorization', auth)
        .send({ name, engine });
      expect(created.status).toBe(201);
      const ready = await waitFor(backend.server, created.body.id, [
        'ready',
        'failed',
      ]);
      expect(ready.reason).toBeUndefined();
      expect(ready.status).toBe('ready');

      const ingress = await run(
        'kubectl',
        [
          'get',
          'ingress',
          '-n',
          `store-${name}`,
          '-o',
          'jsonpath={.items[0].spec.rules[0].host}',
        ],
        { env },
      );
      expect(ingress.stdout).toBe(`${name}.stores.test`);
      const values = await run(
        'helm',
        ['get', 'values', name, '-n', `store-${name}`, '-o', 'json'],
        { env },
      );
      expect(JSON.parse(values.stdout)).toMatchObject({
        backstageId: name,
        existingSecret: `${name}-credentials`,
        ingress: { className: 'nginx', host: `${name}.stores.test` },
      });

      // No generated credential reaches Helm: not in values, manifests or the release record.
      const secret = await run(
        'kubectl',
        [
          'get',
          'secret',
          `${name}-credentials`,
          '-n',
          `store-${name}`,
          '-o',
          'json',
        ],
        { env },
      );
      const credentials = Object.values(
        JSON.parse(secret.stdout).data as Record<string, string>,
      ).map(v => Buffer.from(v, 'base64').toString());
      expect(credentials.length).toBeGreaterThanOrEqual(4);
      const release = await run(
        'helm',
        ['get', 'all', name, '-n', `store-${name}`],
        { env },
      );
      expect(release.code).toBe(0);
      for (const credential of credentials)
        expect(release.stdout).not.toContain(credential);

      await request(backend.server)
        .delete(`/api/stores/stores/${created.body.id}`)
        .set('Authorization', auth)
        .expect(202);
      expect(
        (await waitFor(backend.server, created.body.id, ['deleted'])).status,
      ).toBe('deleted');
      expect(
        (await run('kubectl', ['get', 'namespace', `store-${name}`], { env }))
          .stderr,
      ).toMatch(/NotFound/);
    } finally {
      await backend.stop();
    }
  },
);
