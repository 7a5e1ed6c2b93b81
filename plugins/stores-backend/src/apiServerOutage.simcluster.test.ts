/**
 * R5: the API server goes away for 30 s in the middle of provisioning. The stores plugin runs
 * in a real test backend against the sim cluster through a TCP proxy (its kubeconfig and helm
 * point at the proxy); stopping the proxy resets every connection and refuses new ones, which
 * is what the backend sees of a stopped API server — without stopping the one the other
 * suites share. One store is mid `helm upgrade --install` when it goes, another is requested
 * while it is gone: both must end Ready once it is back, never stuck in provisioning.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { apiServerProxy } from './__testUtils__/apiServerProxy';
import { alice, startSimStoresBackend } from './__testUtils__/simStoresBackend';

jest.setTimeout(10 * 60_000);

const OUTAGE_MS = 30_000;
let env: NodeJS.ProcessEnv;
let scratch: string;

beforeAll(async () => {
  env = await simCluster.up();
  scratch = mkdtempSync(join(tmpdir(), 'storefleet-outage-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const releaseStatus = async (name: string) => {
  const r = await run(
    'helm',
    ['status', name, '-n', `store-${name}`, '-o', 'json'],
    { env },
  );
  return r.code === 0 ? JSON.parse(r.stdout).info.status : undefined;
};

it('finishes stores once the API server is back after 30 s away', async () => {
  const proxy = await apiServerProxy(
    env.KUBECONFIG!,
    join(scratch, 'kubeconfig.yaml'),
  );
  const sim = await startSimStoresBackend(join(scratch, 'kubeconfig.yaml'));
  const server = sim.backend.server;
  const suffix = process.pid % 100000;
  const create = async (name: string) => {
    const res = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', alice)
      .send({ name, engine: 'woocommerce' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const status = async (id: string) =>
    (
      await request(server)
        .get(`/api/stores/stores/${id}`)
        .set('Authorization', alice)
    ).body;
  try {
    const first = await create(`outage-a-${suffix}`);
    // The install is in flight (read through the real API server, not the proxy).
    for (
      let i = 0;
      (await releaseStatus(`outage-a-${suffix}`)) !== 'pending-install';
      i++
    ) {
      if (i > 600) throw new Error('the install never started');
      await new Promise(r => setTimeout(r, 100));
    }
    await proxy.stop();
    const wentAt = Date.now();
    const second = await create(`outage-b-${suffix}`);
    const during: string[] = [];
    while (Date.now() - wentAt < OUTAGE_MS) {
      during.push((await status(first)).status, (await status(second)).status);
      await new Promise(r => setTimeout(r, 1000));
    }
    await proxy.start();

    for (const id of [first, second]) {
      const settled = await sim.waitForStatus(id, ['ready', 'failed'], 240_000);
      expect({ status: settled.status, reason: settled.reason }).toEqual({
        status: 'ready',
        reason: undefined,
      });
    }
    // While it was away the stores waited; none was given up as failed.
    expect(during.filter(s => s === 'failed')).toEqual([]);
    for (const id of [first, second]) {
      const activity = (
        await request(server)
          .get(`/api/stores/stores/${id}/activity`)
          .set('Authorization', alice)
      ).body.items as { kind: string; message: string }[];
      expect(activity.filter(a => a.kind === 'ready')).toHaveLength(1);
      // The wait is in the store's timeline, once per step that had to wait.
      const waits = activity.filter(a => a.kind === 'waiting');
      expect(waits.length).toBeGreaterThanOrEqual(1);
      expect(waits[0].message).toMatch(
        /^(namespace|helm upgrade --install): the Kubernetes API server cannot be reached \(.*(refused|reset).*\); trying again/i,
      );
    }
    for (const id of [first, second]) {
      await sim.deleteAndWait(id, 180_000);
    }
  } finally {
    await sim.backend.stop();
    await proxy.stop().catch(() => {});
    // After a failure, what the test made is removed here (deleteAndWait did it otherwise).
    await run(
      'kubectl',
      [
        'delete',
        'namespace',
        `store-outage-a-${suffix}`,
        `store-outage-b-${suffix}`,
        '--ignore-not-found',
        '--wait=false',
      ],
      { env },
    );
  }
});
