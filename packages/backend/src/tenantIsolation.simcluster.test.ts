/**
 * A hostile colleague, on the real node, with two real sign-ins. Two processes of this backend
 * (`backstage-cli package start`, as `npm start` runs it) share one PostgreSQL, as two replicas
 * of one Backstage; the second one's guest sign-in is configured to issue tokens for
 * `user:default/stranger` (`auth.providers.guest.userEntityRef`), and since both replicas keep
 * the auth plugin's signing keys in the shared database, the first replica accepts them. So:
 * user A is the local guest (`user:development/guest`), user B is `user:default/stranger`, in no
 * admin group, and every request of B's below goes to A's replica with B's own token.
 *
 * A gets a Medusa store from the warm pool. B tries each way of reaching it that a request can
 * name or derive — A's store itself (credentials, delete, domain, logs), the slot's name, a
 * leftover namespace of another store, a host another application serves, A's host, a title
 * WP-CLI would read as a flag — and is refused in words. After each attempt A's admin password,
 * Ingress host, namespace, Helm release revision, orders and storefront are what they were.
 */
import {
  medusaSignIn,
  run,
  simCluster,
  throughIngress,
} from '@storefleet/sim-cluster';
import {
  BackendProcess,
  backendProcesses,
  guestToken,
  poll,
} from './__testUtils__/backendProcess';
import { dropDatabases, postgresUrl } from './__testUtils__/pgFailpoints';

jest.setTimeout(30 * 60_000);

const prefix = `tenants_${process.pid}_`;
const suffix = process.pid % 10000;
const victimName = `victim-${suffix}`;
const leftover = `leftover-${suffix}`;
const strangersOwn = `stranger-${suffix}`;
const otherTeam = `other-team-${suffix}`;
const intranet = `intranet-${suffix}.example.test`;

let env: NodeJS.ProcessEnv;
let backends: ReturnType<typeof backendProcesses>;
let replicaA: BackendProcess;
let replicaB: BackendProcess;

const kubectl = async (...args: string[]) => {
  const result = await run('kubectl', args, { env });
  if (result.code !== 0) {
    throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  }
  return result.stdout;
};

/** The same for both replicas; only who the guest sign-in is differs. */
const config = (guest: Record<string, unknown> = {}) => ({
  auth: { providers: { guest } },
  backend: { database: { client: 'pg', connection: postgresUrl(), prefix } },
  stores: {
    enabledEngines: ['medusa'],
    valuesProfile: 'realnode',
    publicUrlCheck: { enabled: true },
    reconcile: { intervalSeconds: 1 },
    timeouts: { provisioningMinutes: 10 },
    pool: { intervalSeconds: 2, medusa: { size: 1 } },
    permissionPolicy: { adminGroups: ['user:development/guest'] },
  },
});

/** B's request, with B's token, to A's replica. */
async function asStranger(
  path: string,
  init: { method?: string; body?: unknown } = {},
) {
  const token = await guestToken(replicaB.baseUrl);
  const res = await fetch(`${replicaA.baseUrl}/api/stores${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: await res.json() };
}

const asGuest = (
  path: string,
  init: { method?: string; body?: unknown } = {},
) =>
  replicaA.api(path, {
    method: init.method,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

const status = (id: string, statuses: string[], timeoutMs = 10 * 60_000) =>
  poll(
    `store ${id} ${statuses.join('/')}`,
    async () => {
      const { body } = await asGuest(`/stores/${id}`);
      return statuses.includes(body.status) ? body : undefined;
    },
    timeoutMs,
  );

beforeAll(async () => {
  env = await simCluster.up({ realNode: true });
  backends = backendProcesses('tenant-isolation', env);
  replicaA = await backends.start('replica-a', 7267, config());
  replicaB = await backends.start(
    'replica-b',
    7268,
    config({ userEntityRef: 'user:default/stranger' }),
  );
});

afterAll(async () => {
  await backends?.stopAll();
  const left = (
    await kubectl('get', 'namespaces', '-o', 'name').catch(() => '')
  )
    .split('\n')
    .filter(n =>
      new RegExp(
        `^namespace/(store-(pool-medusa-|${victimName}$|${leftover}$|${strangersOwn}$)|${otherTeam}$)`,
      ).test(n),
    );
  for (const ns of left) {
    await run('kubectl', ['delete', ns, '--wait=true', '--timeout=180s'], {
      env,
    });
  }
  await dropDatabases(prefix);
});

it('B signs in as a second user: a token of its own, which A’s replica accepts as B', async () => {
  const a = await replicaA.api('/stores?mine=true');
  expect(a.status).toBe(200);
  const b = await asStranger('/stores?mine=true');
  expect(b.status).toBe(200);
  const token = await guestToken(replicaB.baseUrl);
  const claims = JSON.parse(
    Buffer.from(token.split('.')[1], 'base64url').toString(),
  );
  expect(claims.sub).toBe('user:default/stranger');
});

it("B cannot reach A's warm-pool store by any name, host or flag; A's password, host, namespace, revision and orders are unchanged after each attempt", async () => {
  await poll(
    'a Ready Medusa warm-pool slot',
    async () => {
      const { body } = await asGuest('/metrics/summary');
      return body.warmPool?.[0]?.ready === 1 ? true : undefined;
    },
    12 * 60_000,
  );
  const created = await asGuest('/stores', {
    method: 'POST',
    body: { name: victimName, engine: 'medusa' },
  });
  expect(created.status).toBe(201);
  const victim = await status(created.body.id, ['ready', 'failed'], 5 * 60_000);
  expect(victim.reason).toBeUndefined();
  const slot: string = victim.release;
  expect(slot).toMatch(/^pool-medusa-/);
  expect(victim.namespace).toBe(`store-${slot}`);
  const origin = `http://${victimName}.localhost`;

  /** What must not change, read as A and as the cluster see it. */
  async function victimState() {
    const { body } = await asGuest(`/stores/${victim.id}/credentials`);
    const password: string = body.password;
    const signIn = await medusaSignIn(origin, password);
    const { token } = JSON.parse(signIn.body);
    const orders = JSON.parse(
      (
        await throughIngress(`${origin}/admin/orders?fields=id&limit=100`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).body,
    ).orders as Array<{ id: string }>;
    const history = JSON.parse(
      (
        await run(
          'helm',
          ['history', slot, '-n', victim.namespace, '-o', 'json'],
          { env },
        )
      ).stdout,
    ) as Array<{ revision: number }>;
    return {
      password,
      hosts: await kubectl(
        'get',
        'ingress',
        '-n',
        victim.namespace,
        '-o',
        'jsonpath={.items[*].spec.rules[*].host}',
      ),
      namespace: (
        await kubectl('get', 'namespace', victim.namespace, '-o', 'name')
      ).trim(),
      revision: Math.max(...history.map(h => h.revision)),
      orders: orders.map(o => o.id).sort(),
      storefront: (await throughIngress(`${origin}/`)).status,
    };
  }
  const before = await victimState();
  expect(before).toMatchObject({
    hosts: `${victimName}.localhost`,
    namespace: `namespace/store-${slot}`,
    storefront: 200,
  });
  expect(before.orders.length).toBeGreaterThan(0);
  const table: string[] = [];
  const attempt = async (what: string, outcome: string) => {
    expect(await victimState()).toEqual(before);
    table.push(`| ${what} | ${outcome} | unchanged |`);
  };

  // A's store itself: every change and secret is the owner's (the real permission policy).
  for (const [what, path, method, body] of [
    ['read credentials', `/stores/${victim.id}/credentials`, 'GET'],
    ['read logs', `/stores/${victim.id}/logs`, 'GET'],
    ['delete', `/stores/${victim.id}`, 'DELETE'],
    [
      'set domain',
      `/stores/${victim.id}/domain`,
      'PUT',
      { hostname: 'shop.stranger.example' },
    ],
    ['suspend', `/stores/${victim.id}/suspend`, 'POST'],
  ] as Array<[string, string, string, unknown?]>) {
    const res = await asStranger(path, { method, body });
    expect({ what, status: res.status }).toEqual({ what, status: 403 });
    expect(res.body.error.message).toMatch(
      new RegExp(`^You may not .* store ${victimName}`),
    );
    await attempt(`${what} of A's store`, `403 ${res.body.error.message}`);
  }

  // 1. A store named after A's slot (its release, and its namespace once prefixed).
  const slotName = await asStranger('/stores', {
    method: 'POST',
    body: { name: slot, engine: 'medusa', options: { currency: 'EUR' } },
  });
  expect(slotName.status).toBe(400);
  expect(slotName.body.error.message).toBe(
    "Invalid request body: name: Store names starting with 'pool-' are the platform's own (warm-pool slots); choose another name",
  );
  await attempt(
    `create a store named ${slot} (A's slot)`,
    `400 ${slotName.body.error.message}`,
  );

  // 2. A namespace another store left behind (it carries that store's id): never adopted, and
  //    deleting B's store leaves it.
  await kubectl('create', 'namespace', `store-${leftover}`);
  await kubectl(
    'label',
    'namespace',
    `store-${leftover}`,
    'app.kubernetes.io/managed-by=storefleet',
    `storefleet.io/store-id=${victim.id}`,
  );
  const adopt = await asStranger('/stores', {
    method: 'POST',
    body: { name: leftover, engine: 'medusa', options: { currency: 'EUR' } },
  });
  expect(adopt.status).toBe(201);
  const refused = await status(adopt.body.id, ['failed'], 3 * 60_000);
  expect(refused.reason).toContain(
    `namespace: namespace store-${leftover} already exists and belongs to another store (its storefleet.io/store-id is not this store's id ${adopt.body.id}); Storefleet neither adopts nor deletes it`,
  );
  const removed = await asStranger(`/stores/${adopt.body.id}`, {
    method: 'DELETE',
  });
  expect(removed.status).toBe(202);
  await status(adopt.body.id, ['deleted'], 3 * 60_000);
  expect(
    await kubectl(
      'get',
      'namespace',
      `store-${leftover}`,
      '-o',
      'jsonpath={.metadata.labels.storefleet\\.io/store-id}',
    ),
  ).toBe(victim.id);
  await attempt(
    `create ${leftover} over a leftover namespace of another store, then delete it`,
    `failed: ${refused.reason.split(';')[0]}; the delete left the namespace`,
  );

  // 3. B's own store, then domains that would take a host.
  const own = await asStranger('/stores', {
    method: 'POST',
    body: { name: strangersOwn, engine: 'medusa' },
  });
  expect(own.status).toBe(201);
  const mine = await status(own.body.id, ['ready', 'failed']);
  expect(mine.reason).toBeUndefined();
  await kubectl('create', 'namespace', otherTeam);
  const ingress = await run('kubectl', ['apply', '-n', otherTeam, '-f', '-'], {
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
  expect(ingress.stderr).toBe('');
  const domain = (hostname: string) =>
    asStranger(`/stores/${own.body.id}/domain`, {
      method: 'PUT',
      body: { hostname },
    });
  const taken = await domain(intranet);
  expect(taken.status).toBe(409);
  expect(taken.body.error.message).toBe(
    `${intranet} is already served by Ingress ${otherTeam}/intranet, which is not this store's; a store cannot take a host another application serves`,
  );
  await attempt(
    `set their store's domain to ${intranet} (another team's Ingress)`,
    `409 ${taken.body.error.message}`,
  );
  const hostOfA = await domain(`${victimName}.localhost`);
  expect(hostOfA.status).toBe(400);
  expect(hostOfA.body.error.message).toBe(
    "Hostnames under localhost are Storefleet's own (<store>.localhost); choose a domain of your own",
  );
  await attempt(
    `set their store's domain to ${victimName}.localhost (A's host)`,
    `400 ${hostOfA.body.error.message}`,
  );
  expect(
    await kubectl(
      'get',
      'ingress',
      '-n',
      mine.namespace,
      '-o',
      'jsonpath={.items[*].spec.rules[*].host}',
    ),
  ).toBe(`${strangersOwn}.localhost`);

  // 4. A title WP-CLI would read as a flag (--exec runs PHP in the set-up Job).
  const flag = await asStranger('/stores', {
    method: 'POST',
    body: {
      name: `flag-${suffix}`,
      engine: 'medusa',
      displayName: '--exec=file_put_contents("/tmp/x", 1);',
    },
  });
  expect(flag.status).toBe(400);
  expect(flag.body.error.message).toBe(
    "Invalid request body: displayName: Display name must not start with '-' (set-up tools would read it as an option)",
  );
  await attempt('a display name --exec=…', `400 ${flag.body.error.message}`);

  // 5. The activity across stores: the warm pool's own lines are the admins' (A is one here).
  const lines = async (activity: {
    body: { items: Array<{ storeName: string }> };
  }) => activity.body.items.map(i => i.storeName);
  const strangers = await lines(await asStranger('/activity?limit=200'));
  const admins = await lines(await asGuest('/activity?limit=200'));
  expect(strangers.filter(n => n.startsWith('pool-'))).toEqual([]);
  expect(admins.some(n => n.startsWith('pool-'))).toBe(true);

  // B deletes their own store: A's namespace and release stay.
  const gone = await asStranger(`/stores/${own.body.id}`, { method: 'DELETE' });
  expect(gone.status).toBe(202);
  await status(own.body.id, ['deleted'], 5 * 60_000);
  await attempt(`delete their own store ${strangersOwn}`, '202, deleted');

  // eslint-disable-next-line no-console
  console.log(
    [
      `B (user:default/stranger) against A's store ${victimName} (slot ${slot}, revision ${before.revision}, ${before.orders.length} order(s)):`,
      '| attempt | answer | A afterwards |',
      '| --- | --- | --- |',
      ...table,
    ].join('\n'),
  );
  const deleted = await asGuest(`/stores/${victim.id}`, { method: 'DELETE' });
  expect(deleted.status).toBe(202);
  await status(victim.id, ['deleted'], 5 * 60_000);
});
