/**
 * A hostile colleague, on the real node: user A (alice) gets a Medusa store from the warm pool;
 * user B (mallory, an ordinary user) tries each way of reaching it that a request can name or
 * derive — the slot's name, a leftover namespace of another store, a custom domain another
 * application serves, a store's own host, a title that WP-CLI would read as a flag — and is
 * refused in words. Afterwards A's admin password, Ingress host, namespace, Helm release revision
 * and orders are what they were.
 *
 * The two identities are Backstage user tokens of the test backend (`mockCredentials.user`,
 * `user:default/alice` and `user:default/mallory`): every check here is on what B's own requests
 * may name, which needs no permission decision (those are proven with the real policy in
 * permission-backend-module-stores-policy and router.test.ts).
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { alice, startSimStoresBackend } from './__testUtils__/simStoresBackend';
import { browse, signIn } from './__testUtils__/browse';

jest.setTimeout(25 * 60_000);

const mallory = mockCredentials.user.header('user:default/mallory');
const suffix = process.pid % 10000;
const victimName = `victim-${suffix}`;
const leftover = `leftover-${suffix}`;
const otherTeam = `other-team-${suffix}`;
const intranet = `intranet-${suffix}.example.test`;

describe('one tenant cannot touch another tenant’s store (real node)', () => {
  let env: NodeJS.ProcessEnv;
  let sim: Awaited<ReturnType<typeof startSimStoresBackend>>;
  const kubectl = async (...args: string[]) => {
    const result = await run('kubectl', args, { env });
    if (result.code !== 0)
      throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const api = () => request(sim.backend.server);
  let victim: { id: string; namespace: string; release: string };
  let origin: string;

  /** What must not change, whatever B does: read the way A and the cluster see it. */
  async function victimState() {
    const credentials = await api()
      .get(`/api/stores/stores/${victim.id}/credentials`)
      .set('Authorization', alice)
      .expect(200);
    const password: string = credentials.body.password;
    const token = JSON.parse((await signIn(origin, password)).body).token;
    const orders = JSON.parse(
      (
        await browse(`${origin}/admin/orders?fields=id&limit=100`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).body,
    );
    const history = JSON.parse(
      (
        await run(
          'helm',
          ['history', victim.release, '-n', victim.namespace, '-o', 'json'],
          { env },
        )
      ).stdout,
    ) as Array<{ revision: number }>;
    return {
      password,
      hosts: (
        await kubectl(
          'get',
          'ingress',
          '-n',
          victim.namespace,
          '-o',
          'jsonpath={.items[*].spec.rules[*].host}',
        )
      )
        .split(' ')
        .sort(),
      namespace: (
        await kubectl('get', 'namespace', victim.namespace, '-o', 'name')
      ).trim(),
      revision: Math.max(...history.map(h => h.revision)),
      orders: (orders.orders as Array<{ id: string }>).map(o => o.id).sort(),
      storefront: (await browse(`${origin}/`)).status,
    };
  }

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
    const left = (
      await kubectl('get', 'namespaces', '-o', 'name').catch(() => '')
    )
      .split('\n')
      .filter(n =>
        new RegExp(
          `^namespace/(store-(pool-medusa|${victimName}|${leftover}|mallory-${suffix})|${otherTeam})`,
        ).test(n),
      );
    for (const ns of left) {
      await run('kubectl', ['delete', ns, '--wait=true', '--timeout=180s'], {
        env,
      });
    }
  });

  it("B cannot take A's warm-pool slot, adopt a leftover namespace, take a host or pass a flag; A's store is unchanged after each", async () => {
    // A's store, claimed from a Ready warm-pool slot: namespace and release are the slot's.
    for (const end = Date.now() + 10 * 60_000; ; ) {
      const summary = await api()
        .get('/api/stores/metrics/summary')
        .set('Authorization', alice)
        .expect(200);
      if (summary.body.warmPool?.[0]?.ready === 1) break;
      if (Date.now() > end) throw new Error('no Ready warm-pool slot');
      await new Promise(r => setTimeout(r, 1000));
    }
    const created = await api()
      .post('/api/stores/stores')
      .set('Authorization', alice)
      .send({ name: victimName, engine: 'medusa' })
      .expect(201);
    const ready = await sim.waitForStatus(
      created.body.id,
      ['ready', 'failed'],
      5 * 60_000,
    );
    expect(ready.reason).toBeUndefined();
    victim = ready;
    origin = `http://${victimName}.localhost`;
    const slot = victim.release;
    expect(slot).toMatch(/^pool-medusa-/);
    const before = await victimState();
    expect(before.hosts).toEqual([`${victimName}.localhost`]);
    expect(before.storefront).toBe(200);
    const attacks: string[] = [];
    const unchanged = async (attack: string) => {
      expect(await victimState()).toEqual(before);
      attacks.push(attack);
    };

    // 1. A store named after A's slot (its release, and its namespace once prefixed).
    const slotName = await api()
      .post('/api/stores/stores')
      .set('Authorization', mallory)
      .send({ name: slot, engine: 'medusa', options: { currency: 'EUR' } });
    expect(slotName.status).toBe(400);
    expect(slotName.body.error.message).toBe(
      "Invalid request body: name: Store names starting with 'pool-' are the platform's own (warm-pool slots); choose another name",
    );
    await unchanged(`store named ${slot}: 400 ${slotName.body.error.message}`);

    // 2. A namespace another store left behind (labelled with its id): never adopted, and
    //    deleting B's store does not delete it.
    await kubectl('create', 'namespace', `store-${leftover}`);
    await kubectl(
      'label',
      'namespace',
      `store-${leftover}`,
      'app.kubernetes.io/managed-by=storefleet',
      `storefleet.io/store-id=${victim.id}`,
    );
    const adopt = await api()
      .post('/api/stores/stores')
      .set('Authorization', mallory)
      .send({ name: leftover, engine: 'medusa', options: { currency: 'EUR' } })
      .expect(201);
    const refused = await sim.waitForStatus(adopt.body.id, ['failed'], 120_000);
    expect(refused.reason).toContain(
      `namespace: namespace store-${leftover} already exists and belongs to another store (its storefleet.io/store-id is not this store's id ${adopt.body.id}); Storefleet neither adopts nor deletes it`,
    );
    await api()
      .delete(`/api/stores/stores/${adopt.body.id}`)
      .set('Authorization', mallory)
      .expect(202);
    await sim.waitForStatus(adopt.body.id, ['deleted'], 120_000);
    expect(
      (
        await kubectl('get', 'namespace', `store-${leftover}`, '-o', 'name')
      ).trim(),
    ).toBe(`namespace/store-${leftover}`);
    await unchanged(
      `store in a leftover namespace: failed "${refused.reason}"; its delete left the namespace`,
    );

    // 3. B's own store, then custom domains that would take a host.
    const own = await api()
      .post('/api/stores/stores')
      .set('Authorization', mallory)
      .send({ name: `mallory-${suffix}`, engine: 'medusa' })
      .expect(201);
    const mine = await sim.waitForStatus(
      own.body.id,
      ['ready', 'failed'],
      8 * 60_000,
    );
    expect(mine.reason).toBeUndefined();
    await kubectl('create', 'namespace', otherTeam);
    await run('kubectl', ['apply', '-n', otherTeam, '-f', '-'], {
      env,
      input: JSON.stringify({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'intranet' },
        spec: {
          ingressClassName: 'traefik',
          rules: [
            {
              host: intranet,
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: {
                      service: { name: 'intranet', port: { number: 80 } },
                    },
                  },
                ],
              },
            },
          ],
        },
      }),
    });
    const domain = (hostname: string) =>
      api()
        .put(`/api/stores/stores/${own.body.id}/domain`)
        .set('Authorization', mallory)
        .send({ hostname });
    const taken = await domain(intranet);
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toBe(
      `${intranet} is already served by Ingress ${otherTeam}/intranet, which is not this store's; a store cannot take a host another application serves`,
    );
    await unchanged(`domain ${intranet}: 409 ${taken.body.error.message}`);
    const victimHost = await domain(`${victimName}.localhost`);
    expect(victimHost.status).toBe(400);
    expect(victimHost.body.error.message).toMatch(
      /^Hostnames under localhost are Storefleet's own/,
    );
    await unchanged(
      `domain ${victimName}.localhost: 400 ${victimHost.body.error.message}`,
    );
    expect(
      (
        await kubectl(
          'get',
          'ingress',
          '-n',
          mine.namespace,
          '-o',
          'jsonpath={.items[*].spec.rules[*].host}',
        )
      ).split(' '),
    ).toEqual([`mallory-${suffix}.localhost`]);

    // 4. A title WP-CLI would take as a flag (--exec runs PHP in the setup Job).
    const flag = await api()
      .post('/api/stores/stores')
      .set('Authorization', mallory)
      .send({
        name: `flag-${suffix}`,
        engine: 'medusa',
        displayName: '--exec=file_put_contents("/tmp/x", 1);',
      });
    expect(flag.status).toBe(400);
    expect(flag.body.error.message).toMatch(
      /Display name must not start with '-' \(set-up tools would read it as an option\)/,
    );
    await unchanged(`display name --exec=…: 400 ${flag.body.error.message}`);

    // B deletes their own store: A's namespace and release stay.
    await api()
      .delete(`/api/stores/stores/${own.body.id}`)
      .set('Authorization', mallory)
      .expect(202);
    await sim.waitForStatus(own.body.id, ['deleted'], 5 * 60_000);
    await unchanged(`B deleted their own store mallory-${suffix}`);
    // eslint-disable-next-line no-console
    console.log(
      `hostile tenant, each refused with A's store ${victimName} (slot ${slot}) unchanged after it (password, Ingress host, namespace, revision ${
        before.revision
      }, ${before.orders.length} order(s)):\n- ${attacks.join('\n- ')}`,
    );
    await sim.deleteAndWait(victim.id, 5 * 60_000);
  });
});
