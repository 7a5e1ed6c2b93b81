/**
 * The built-in engines with the real store charts, through the plugin's HTTP API, on the sim
 * cluster with Pod Security "restricted" enforced on the store namespaces. Containers do not
 * run there: Ready means every object was admitted, the workloads reported ready and the
 * helm test pod (the order probe) was reported Succeeded by kwok.
 */
import { simCluster, run } from '@storefleet/sim-cluster';
import request from 'supertest';
import {
  alice as auth,
  startSimStoresBackend,
} from './__testUtils__/simStoresBackend';

jest.setTimeout(5 * 60_000);

it.each([
  ['woocommerce', { country: 'DE', currency: 'EUR' }],
  ['medusa', { countries: ['DE', 'AT'], currency: 'EUR' }],
])(
  'provisions a %s store with its real chart and options %j, and deletes it',
  async (engine, options) => {
    const env = await simCluster.up();
    const { backend, waitForStatus } = await startSimStoresBackend(
      env.KUBECONFIG!,
    );
    try {
      const name = `real-${engine}-${process.pid % 10000}`;
      const created = await request(backend.server)
        .post('/api/stores/stores')
        .set('Authorization', auth)
        .send({ name, engine, displayName: 'Shop Süd & Co', options });
      expect(created.status).toBe(201);
      const ready = await waitForStatus(created.body.id, ['ready', 'failed']);
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
        // The options reached the chart (and passed its values.schema.json).
        store: { title: 'Shop Süd & Co', ...options },
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
      expect((await waitForStatus(created.body.id, ['deleted'])).status).toBe(
        'deleted',
      );
      expect(
        (await run('kubectl', ['get', 'namespace', `store-${name}`], { env }))
          .stderr,
      ).toMatch(/NotFound/);
    } finally {
      await backend.stop();
    }
  },
);
