/**
 * The warm pool on the real node: a Medusa slot provisioned ahead of any request (real
 * containers, Ready by its order probe), claimed by a person's create, handed over with a new
 * admin password and the person's host, and the pool refilled.
 */
import request from 'supertest';
import { alice, startSimStoresBackend } from './__testUtils__/simStoresBackend';
import {
  medusaSignIn as signIn,
  run,
  simCluster,
  throughIngress as browse,
} from '@storefleet/sim-cluster';

jest.setTimeout(20 * 60_000);

describe('the warm pool on the real node', () => {
  let env: NodeJS.ProcessEnv;
  let sim: Awaited<ReturnType<typeof startSimStoresBackend>>;
  const kubectl = async (...args: string[]) => {
    const result = await run('kubectl', args, { env });
    if (result.code !== 0)
      throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const pool = async () => {
    const res = await request(sim.backend.server)
      .get('/api/stores/metrics/summary')
      .set('Authorization', alice)
      .expect(200);
    return res.body.warmPool?.[0] as { ready: number; provisioning: number };
  };
  const until = async (
    what: string,
    check: () => Promise<boolean>,
    ms: number,
  ) => {
    for (const end = Date.now() + ms; Date.now() < end; ) {
      if (await check()) return;
      await new Promise(r => setTimeout(r, 1000));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    env = await simCluster.up({ realNode: true });
    sim = await startSimStoresBackend(env.KUBECONFIG!, {
      valuesProfile: 'realnode',
      provisioningMinutes: 10,
      pool: { intervalSeconds: 2, medusa: { size: 1 } },
    });
  });

  afterAll(async () => {
    await sim?.backend.stop();
    // The slot the refill made belongs to no store the test deletes (nor, if it failed half-way,
    // the claimed store): their namespaces go here.
    const left = (
      await kubectl('get', 'namespaces', '-o', 'name').catch(() => '')
    )
      .split('\n')
      .filter(n => /^namespace\/store-(pool-medusa|claimed)-/.test(n));
    for (const ns of left) {
      await run('kubectl', ['delete', ns, '--wait=true', '--timeout=180s'], {
        env,
      });
    }
  });

  it('hands a Ready slot to a person in seconds: new admin password, their host, a real order; the old host is gone and the pool refills', async () => {
    const fillStarted = Date.now();
    await until(
      'a Ready Medusa slot',
      async () => (await pool())?.ready === 1,
      10 * 60_000,
    );
    const fillSeconds = Math.round((Date.now() - fillStarted) / 1000);
    const namespaces = (await kubectl('get', 'namespaces', '-o', 'name'))
      .split('\n')
      .filter(n => n.startsWith('namespace/store-pool-medusa-'));
    expect(namespaces).toHaveLength(1);
    const slot = namespaces[0].slice('namespace/store-'.length);
    const slotOrigin = `http://${slot}.localhost`;
    const slotPassword = Buffer.from(
      await kubectl(
        'get',
        'secret',
        `${slot}-credentials`,
        '-n',
        `store-${slot}`,
        '-o',
        'jsonpath={.data.admin-password}',
      ),
      'base64',
    ).toString('utf8');
    expect((await signIn(slotOrigin, slotPassword)).status).toBe(200);

    const name = `claimed-${process.pid % 10000}`;
    const claimStarted = Date.now();
    const created = await request(sim.backend.server)
      .post('/api/stores/stores')
      .set('Authorization', alice)
      .send({ name, engine: 'medusa' })
      .expect(201);
    const ready = await sim.waitForStatus(
      created.body.id,
      ['ready', 'failed'],
      5 * 60_000,
    );
    const claimSeconds = (Date.now() - claimStarted) / 1000;
    expect(ready.reason).toBeUndefined();
    expect(ready.status).toBe('ready');
    const activity = await request(sim.backend.server)
      .get(`/api/stores/stores/${ready.id}/activity`)
      .set('Authorization', alice)
      .expect(200);
    const lines: string[] = activity.body.items.map(
      (i: { message: string }) => i.message,
    );
    // eslint-disable-next-line no-console
    console.log(
      activity.body.items
        .filter((i: { at: string }) => Date.parse(i.at) >= claimStarted - 1000)
        .map((i: { at: string; message: string }) => `${i.at} ${i.message}`)
        .join('\n'),
    );
    // The slot's namespace and release, or the reason in the activity why not.
    expect({ namespace: ready.namespace, lines }).toMatchObject({
      namespace: `store-${slot}`,
    });
    const origin = `http://${name}.localhost`;
    expect(ready.storefrontUrl).toBe(`${origin}/`);

    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^From the warm pool \\(slot ${slot}, provisioned at \\S+, order probe passed at \\S+\\)$`,
        ),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^warm-pool hand-over: credentials: admin-password rotated/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^helm test \(order probe\): passed when the slot became Ready at \S+; not run again for the hand-over$/,
      ),
    );

    // The person's password is not the slot's: read both, sign in with each at the new host.
    const credentials = await request(sim.backend.server)
      .get(`/api/stores/stores/${ready.id}/credentials`)
      .set('Authorization', alice)
      .expect(200);
    expect(credentials.body.password).toBeTruthy();
    expect(credentials.body.password).not.toBe(slotPassword);
    expect((await signIn(origin, credentials.body.password)).status).toBe(200);
    expect((await signIn(origin, slotPassword)).status).toBe(401);

    // The URLs answer at the person's host; the slot's host no longer does (Traefik: no route).
    expect((await browse(`${origin}/`)).status).toBe(200);
    expect((await browse(`${origin}/app`)).status).toBeLessThan(400);
    expect((await browse(`${slotOrigin}/`)).status).toBe(404);

    // The shop shows the store's name as Medusa has it (renamed in the hand-over; no pod
    // restarted): what the shop's page reads, with its publishable key.
    const publishable = Buffer.from(
      await kubectl(
        'get',
        'secret',
        `${slot}-credentials`,
        '-n',
        `store-${slot}`,
        '-o',
        'jsonpath={.data.publishable-key}',
      ),
      'base64',
    ).toString('utf8');
    const shop = await browse(`${origin}/store/storefleet/shop`, {
      headers: { 'x-publishable-api-key': `pk_${publishable}` },
    });
    expect(JSON.parse(shop.body)).toEqual({ name });

    // An order goes through on the person's store: the chart's order probe, run by hand with
    // `helm test` against the release the slot was made as, signs in with the new password.
    const helmTest = await run(
      'helm',
      ['test', slot, '-n', `store-${slot}`, '--logs', '--timeout', '5m'],
      { env },
    );
    expect(helmTest.stderr).toBe('');
    const orderId = /order_[0-9A-Z]+/.exec(helmTest.stdout)?.[0];
    expect(orderId).toBeDefined();

    // The pool refills: a new slot, Ready again.
    await until(
      'the pool to be full again',
      async () => (await pool())?.ready === 1,
      10 * 60_000,
    );
    const refillSeconds = Math.round((Date.now() - claimStarted) / 1000);
    // eslint-disable-next-line no-console
    console.log(
      `warm pool on the real node: first slot Ready in ${fillSeconds} s; claim of ${slot} → ${name} Ready in ${claimSeconds.toFixed(
        1,
      )} s; order ${orderId} placed on it after; pool full again ${refillSeconds} s after the POST`,
    );

    await sim.deleteAndWait(ready.id, 5 * 60_000);
  });
});
