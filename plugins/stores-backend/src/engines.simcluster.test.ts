/**
 * The built-in engines with the real store charts, through the plugin's HTTP API, on the sim
 * cluster with Pod Security "restricted" enforced on the store namespaces. Containers do not
 * run there: Ready means every object was admitted, the workloads reported ready and the
 * helm test pod (the order probe) was reported Succeeded by kwok.
 */
import { simCluster, run } from '@storefleet/sim-cluster';
import { startSimStoresBackend } from './__testUtils__/simStoresBackend';

jest.setTimeout(5 * 60_000);

it.each([
  ['woocommerce', { country: 'DE', currency: 'EUR' }],
  ['medusa', { countries: ['DE', 'AT'], currency: 'EUR' }],
])(
  'provisions a %s store with its real chart and options %j, and deletes it',
  async (engine, options) => {
    const env = await simCluster.up();
    const { backend, createAndSettle, deleteAndWait } =
      await startSimStoresBackend(env.KUBECONFIG!);
    try {
      const name = `real-${engine}-${process.pid % 10000}`;
      const ready = await createAndSettle({
        name,
        engine,
        displayName: 'Shop Süd & Co',
        options,
      });
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
        ingress: { className: 'traefik', host: `${name}.stores.test` },
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

      expect((await deleteAndWait(ready.id)).status).toBe('deleted');
      expect(
        (await run('kubectl', ['get', 'namespace', `store-${name}`], { env }))
          .stderr,
      ).toMatch(/NotFound/);
    } finally {
      await backend.stop();
    }
  },
);

it('with stores.ingress.tls, the Ingress serves TLS and the store URLs are https', async () => {
  const env = await simCluster.up();
  const { backend, createAndSettle, deleteAndWait } =
    await startSimStoresBackend(env.KUBECONFIG!, { tls: true });
  try {
    const name = `tls-medusa-${process.pid % 10000}`;
    const ready = await createAndSettle({ name, engine: 'medusa' });
    expect(ready.status).toBe('ready');
    expect(ready).toMatchObject({
      storefrontUrl: `https://${name}.stores.test/`,
      apiUrl: `https://${name}.stores.test/store`,
      adminUrl: `https://${name}.stores.test/app`,
    });
    const ingress = await run(
      'kubectl',
      [
        'get',
        'ingress',
        '-n',
        `store-${name}`,
        '-o',
        'jsonpath={.items[0].spec.tls[0].hosts[0]} {.items[0].spec.tls[0].secretName}',
      ],
      { env },
    );
    expect(ingress.stdout).toBe(`${name}.stores.test ${name}-tls`);
    expect((await deleteAndWait(ready.id)).status).toBe('deleted');
  } finally {
    await backend.stop();
  }
});
