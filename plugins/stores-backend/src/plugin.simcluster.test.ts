/**
 * The whole plugin in a real Backstage test backend, provisioning on the sim cluster through
 * its HTTP API: config → scheduler → reconciler → helm/kube-apiserver → status over HTTP.
 * Engine: the sim cluster's check chart, added through the engine extension point.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import request from 'supertest';
import { checkEngineModule } from './__testUtils__/checkEngine';
import { storesPlugin } from './plugin';

jest.setTimeout(5 * 60_000);

const auth = mockCredentials.user.header('user:default/alice');

async function waitFor(server: any, id: string, status: string) {
  for (let i = 0; i < 240; i++) {
    const res = await request(server)
      .get(`/api/stores/stores/${id}`)
      .set('Authorization', auth);
    if (res.body.status === status || res.body.status === 'failed')
      return res.body;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`store ${id} never became ${status}`);
}

/** The plugin and the check engine in a test backend on the sim cluster, with these stores settings. */
async function startOnSimCluster(stores: Record<string, unknown>) {
  const env = await simCluster.up();
  return startTestBackend({
    features: [
      storesPlugin,
      checkEngineModule,
      mockServices.rootConfig.factory({
        data: {
          stores: {
            enabledEngines: ['check'],
            kubernetes: { kubeconfigPath: env.KUBECONFIG! },
            helm: { binary: resolve(simCluster.root, '.tools', 'bin', 'helm') },
            podSecurityLevel: 'baseline',
            reconcile: { intervalSeconds: 1 },
            ...stores,
          },
        },
      }),
    ],
  });
}

it('provisions and deletes a store through the HTTP API', async () => {
  const backend = await startOnSimCluster({
    baseDomain: 'stores.test',
    // kwok's pods serve nothing: this simulated suite opts out of the public-URL step.
    publicUrlCheck: { enabled: false },
  });
  const server = backend.server;
  try {
    const name = `wired-${process.pid % 10000}`;
    const created = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', auth)
      .send({ name, engine: 'check' });
    expect(created.status).toBe(201);

    const ready = await waitFor(server, created.body.id, 'ready');
    expect(ready).toMatchObject({
      status: 'ready',
      storefrontUrl: `http://${name}.stores.test/`,
      attempts: 1,
    });

    const events = await request(server)
      .get(`/api/stores/stores/${created.body.id}/events`)
      .set('Authorization', auth);
    expect(events.body.items.map((e: any) => e.reason)).toContain(
      'SuccessfulCreate',
    );
    const activity = await request(server)
      .get(`/api/stores/stores/${created.body.id}/activity`)
      .set('Authorization', auth);
    expect(activity.body.items.at(-1)).toMatchObject({
      kind: 'ready',
      message: `Ready at http://${name}.stores.test/`,
    });
    // The opt-out is said in the store's activity, never skipped silently.
    expect(activity.body.items.at(-2)).toMatchObject({
      kind: 'step',
      message:
        'public URLs: not checked: stores.publicUrlCheck.enabled is false in this install',
    });

    await request(server)
      .delete(`/api/stores/stores/${created.body.id}`)
      .set('Authorization', auth)
      .expect(202);
    expect(await waitFor(server, created.body.id, 'deleted')).toMatchObject({
      status: 'deleted',
    });
    const summary = await request(server)
      .get('/api/stores/metrics/summary')
      .set('Authorization', auth);
    expect(summary.body.total).toBe(0);
  } finally {
    await backend.stop();
  }
});

it('fails the attempt, naming the URL, when a store URL cannot be reached', async () => {
  const backend = await startOnSimCluster({
    // No DNS knows this domain: the order probe passes in the cluster, but no customer could
    // open the store.
    baseDomain: 'stores.invalid',
    publicUrlCheck: { enabled: true, settleSeconds: 1 },
  });
  const server = backend.server;
  try {
    const name = `unreachable-${process.pid % 10000}`;
    const created = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', auth)
      .send({ name, engine: 'check' });
    expect(created.status).toBe(201);
    const failed = await waitFor(server, created.body.id, 'failed');
    expect(failed.reason).toMatch(
      new RegExp(
        `^public URLs: storefront http://${name}\\.stores\\.invalid/: the host name does not resolve`,
      ),
    );
    await request(server)
      .delete(`/api/stores/stores/${created.body.id}`)
      .set('Authorization', auth)
      .expect(202);
    await waitFor(server, created.body.id, 'deleted');
  } finally {
    await backend.stop();
  }
});
