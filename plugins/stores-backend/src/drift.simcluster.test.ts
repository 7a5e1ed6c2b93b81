/**
 * The drift check on the sim cluster, through the plugin's HTTP API with the real WooCommerce
 * chart: a Deployment deleted by hand makes the Ready store `degraded` with the reason within
 * one check, and Retry repairs it (helm recreates the Deployment, the order probe runs again).
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import request from 'supertest';
import { alice, startSimStoresBackend } from './__testUtils__/simStoresBackend';

jest.setTimeout(6 * 60_000);

it('marks a store whose Deployment was deleted by hand degraded, and Retry brings it back to Ready', async () => {
  const env = await simCluster.up();
  const { backend, createAndSettle, waitForStatus, deleteAndWait } =
    await startSimStoresBackend(env.KUBECONFIG!, { driftSeconds: 2 });
  const server = backend.server;
  try {
    const name = `drift-${process.pid % 10000}`;
    const namespace = `store-${name}`;
    const ready = await createAndSettle({ name, engine: 'woocommerce' });
    expect(ready.status).toBe('ready');

    // Several checks pass over a healthy store without changing it.
    await new Promise(r => setTimeout(r, 8_000));
    expect(
      (
        await request(server)
          .get(`/api/stores/stores/${ready.id}`)
          .set('Authorization', alice)
      ).body.status,
    ).toBe('ready');

    const deleted = await run(
      'kubectl',
      ['delete', 'deployment', `${name}-wordpress`, '-n', namespace, '--wait'],
      { env },
    );
    expect(deleted.code).toBe(0);
    const degraded = await waitForStatus(ready.id, ['degraded'], 60_000);
    expect(degraded.reason).toBe(
      `drift: Deployment/${name}-wordpress was deleted`,
    );

    const retried = await request(server)
      .post(`/api/stores/stores/${ready.id}/retry`)
      .set('Authorization', alice);
    expect(retried.status).toBe(202);
    const repaired = await waitForStatus(ready.id, ['ready', 'failed']);
    expect(repaired).toMatchObject({ status: 'ready', attempts: 2 });
    const back = await run(
      'kubectl',
      [
        'get',
        'deployment',
        `${name}-wordpress`,
        '-n',
        namespace,
        '-o',
        'jsonpath={.status.readyReplicas}',
      ],
      { env },
    );
    expect(back.stdout).toBe('1');

    const activity = await request(server)
      .get(`/api/stores/stores/${ready.id}/activity`)
      .set('Authorization', alice);
    const kinds = activity.body.items.map((a: any) => a.kind);
    expect(kinds.filter((k: string) => k === 'degraded')).toHaveLength(1);
    expect(kinds.slice(kinds.indexOf('degraded'))).toEqual([
      'degraded',
      'retry-requested',
      'provisioning',
      'step', // namespace
      'step', // credentials
      'step', // helm upgrade --install
      'step', // helm test (order probe)
      'step', // public URLs (not checked: this simulated suite opts out)
      'ready',
    ]);
    // Check now places a test order on demand and records it.
    const checked = await request(server)
      .post(`/api/stores/stores/${ready.id}/check`)
      .set('Authorization', alice);
    expect(checked.status).toBe(202);
    let checkLine: string | undefined;
    for (let i = 0; i < 120 && !checkLine; i++) {
      await new Promise(r => setTimeout(r, 500));
      const lines = (
        await request(server)
          .get(`/api/stores/stores/${ready.id}/activity`)
          .set('Authorization', alice)
      ).body.items.filter((a: any) => a.kind === 'check');
      checkLine = lines[0]?.message;
    }
    expect(checkLine).toMatch(
      /^Order probe on demand: passed.*; public URLs: not checked: /,
    );
    // It stays Ready through the next checks.
    await new Promise(r => setTimeout(r, 8_000));
    expect(
      (
        await request(server)
          .get(`/api/stores/stores/${ready.id}`)
          .set('Authorization', alice)
      ).body.status,
    ).toBe('ready');

    expect((await deleteAndWait(ready.id)).status).toBe('deleted');
  } finally {
    await backend.stop();
  }
});
