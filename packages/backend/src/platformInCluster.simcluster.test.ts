/**
 * Storefleet inside its cluster, as a platform team installs it: the backend image built from
 * packages/backend/Dockerfile (tools/backend-image/build.sh passes local stand-ins for the Node
 * and helm base images, as an adopter passes their registry's), imported into the real node's
 * containerd, and charts/storefleet installed with its PostgreSQL and two replicas. Its
 * ServiceAccount is the only cluster credential: a Medusa store is created through the
 * in-cluster API (reached through the Ingress, as a person would) and reaches Ready with a real
 * order. Then `helm upgrade` to a new image tag that carries one more migration (a test layer:
 * __testUtils__/upgradeProbe) keeps every store and row and runs the migration once with two
 * replicas, and `helm rollback` brings the previous image back against the newer schema.
 */
import {
  run,
  runOrThrow,
  simCluster,
  throughIngress,
} from '@storefleet/sim-cluster';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { poll } from './__testUtils__/backendProcess';

jest.setTimeout(40 * 60_000);

const namespace = 'storefleet-platform';
const release = 'sfp';
const host = 'backstage.localhost';
const imageA = 'localhost/storefleet/backstage:incluster-a';
const imageB = 'localhost/storefleet/backstage:incluster-b';
const storeName = `inc-${process.pid % 100000}`;
/** The chart's budget per client address for calls without credentials, small for the test. */
const anonymousPerMinute = 10;
const podmanLimits = [
  '--ulimit',
  'nofile=1024:1024',
  '--ulimit',
  'nproc=4096:4096',
];
const nodeScript = resolve(
  simCluster.root,
  'tools/sim-cluster/real-node/node.sh',
);
const chart = resolve(simCluster.root, 'charts/storefleet');
let env: NodeJS.ProcessEnv;
let scratch: string;
let token = '';
const timings: string[] = [];

/** The values a platform team on this machine would write: the real node, Traefik on the host. */
const values = {
  image: { repository: 'localhost/storefleet/backstage', pullPolicy: 'Never' },
  replicaCount: 2,
  autoscaling: { enabled: false },
  baseUrl: `http://${host}`,
  ingress: { enabled: true, className: 'traefik', tls: { enabled: false } },
  stores: {
    baseDomain: 'localhost',
    valuesProfile: 'realnode',
    enabledEngines: ['medusa'],
    // Traefik runs on the host; pods reach it at the node's bridge address.
    publicUrlCheck: { enabled: true, ingressAddress: '10.244.0.1:80' },
    anonymousRequestsPerMinute: anonymousPerMinute,
  },
  // The API opened to the guest for this test, as `npm start` does locally.
  appConfig: {
    auth: {
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
  },
  postgresql: {
    image: {
      repository: 'localhost/storefleet/postgres',
      tag: '15-bookworm',
      pullPolicy: 'Never',
    },
    persistence: { size: '1Gi' },
  },
  resources: {
    requests: { cpu: '100m', memory: '384Mi' },
    limits: { cpu: '2', memory: '1536Mi' },
  },
  nodeSelector: { 'storefleet.io/node': 'real' },
  tolerations: [
    {
      key: 'storefleet.io/real-node',
      operator: 'Exists',
      effect: 'NoSchedule',
    },
  ],
  networkPolicy: { ingressControllerIPBlocks: ['10.244.0.1/32'] },
  helmTest: {
    image: {
      repository: 'localhost/storefleet/node',
      tag: '22.23.3-bookworm',
      pullPolicy: 'Never',
    },
  },
};

async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  timings.push(`${what} ${Math.round((Date.now() - started) / 1000)} s`);
  return result;
}

const ok = (file: string, args: string[], timeoutMs = 600_000) =>
  runOrThrow(file, args, { env, timeoutMs });

/** An HTTP request through the ingress controller on :80, with the Host a browser would send. */
function viaIngress(
  hostname: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: 80,
        path,
        method: init.method ?? 'GET',
        headers: {
          Host: hostname,
          'Content-Type': 'application/json',
          'X-Requested-With': 'XMLHttpRequest',
          ...(token && { Authorization: `Bearer ${token}` }),
        },
      },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // HTML (a store's page) stays text.
          }
          done({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', fail);
    req.end(init.body === undefined ? undefined : JSON.stringify(init.body));
  });
}

const api = (path: string, init?: { method?: string; body?: unknown }) =>
  viaIngress(host, `/api/stores${path}`, init);

async function psql(sql: string) {
  return (
    await ok('kubectl', [
      '-n',
      namespace,
      'exec',
      `${release}-postgresql-0`,
      '--',
      'psql',
      '-U',
      'backstage',
      '-d',
      'backstage_plugin_stores',
      '-tAc',
      sql,
    ])
  ).trim();
}

async function readyReplicas(image: string) {
  await ok('kubectl', [
    '-n',
    namespace,
    'rollout',
    'status',
    `deployment/${release}-backend`,
    '--timeout=10m',
  ]);
  const pods = JSON.parse(
    await ok('kubectl', [
      '-n',
      namespace,
      'get',
      'pods',
      '-l',
      'app.kubernetes.io/component=backend',
      '-o',
      'json',
    ]),
  ).items.filter(
    (p: any) =>
      !p.metadata.deletionTimestamp &&
      p.spec.containers[0].image === image &&
      p.status.conditions?.some(
        (c: any) => c.type === 'Ready' && c.status === 'True',
      ),
  );
  return pods.map((p: any) => p.metadata.name as string);
}

async function logsOf(pods: string[]) {
  return Promise.all(
    pods.map(pod => ok('kubectl', ['-n', namespace, 'logs', pod])),
  );
}

/**
 * The stores and rows as the API and the database hold them. Right after a rollout a request
 * through the ingress may meet a replica on its way out (seen once in CI: an answer without a
 * list): asked again for up to a minute, and what was met goes into the timings line.
 */
async function storeState() {
  const seen: string[] = [];
  const started = Date.now();
  let { status, body } = await api('/stores?limit=100');
  while (status !== 200 && Date.now() - started < 60_000) {
    seen.push(`${status} ${JSON.stringify(body).slice(0, 120)}`);
    await new Promise(r => setTimeout(r, 1000));
    ({ status, body } = await api('/stores?limit=100'));
  }
  if (status !== 200) {
    throw new Error(`the stores list answered ${status}: ${seen.join('; ')}`);
  }
  if (seen.length) {
    timings.push(
      `the list answered ${seen.length} time(s) without stores for ${Math.round(
        (Date.now() - started) / 1000,
      )} s after the rollout (${seen[0]})`,
    );
  }
  const rows = await psql(
    "select (select count(*) from stores) || ' stores, ' || (select count(*) from store_activity) || ' activity lines'",
  );
  return {
    stores: (body.items as any[]).map(s => `${s.name}:${s.status}`).sort(),
    rows,
  };
}

beforeAll(async () => {
  env = await simCluster.up({ realNode: true });
  scratch = mkdtempSync(join(tmpdir(), 'storefleet-incluster-'));
  await run('helm', ['uninstall', release, '-n', namespace, '--wait'], { env });
  await run('kubectl', ['delete', 'namespace', namespace, '--wait=true'], {
    env,
  });
});

afterAll(async () => {
  await run('helm', ['uninstall', release, '-n', namespace, '--wait'], { env });
  await run(
    'kubectl',
    ['delete', 'namespace', namespace, `store-${storeName}`, '--wait=true'],
    { env, timeoutMs: 300_000 },
  );
  rmSync(scratch, { recursive: true, force: true });
  // eslint-disable-next-line no-console
  console.log(`in-cluster platform: ${timings.join('; ')}`);
});

it('runs inside its cluster with two replicas and only its ServiceAccount, takes a store to Ready, and survives an upgrade and a rollback', async () => {
  // The image, as an adopter builds it, and what is inside: its own helm, the store charts
  // inside the stores package, Node 22, a non-root user.
  const build = await step('image build', () =>
    run(
      'bash',
      [resolve(simCluster.root, 'tools/backend-image/build.sh'), 'incluster-a'],
      { env, timeoutMs: 30 * 60_000 },
    ),
  );
  expect(build.stderr).toMatch(
    /built localhost\/storefleet\/backstage:incluster-a in \d+ s/,
  );
  expect(build.code).toBe(0);
  expect(build.stdout.trim()).toBe(imageA);
  const inside = await ok('podman', [
    'run',
    '--rm',
    ...podmanLimits,
    '--entrypoint',
    'sh',
    imageA,
    '-c',
    'helm version --short && ls node_modules/@storefleet/plugin-stores-backend/charts && node --version && id -u',
  ]);
  expect(inside).toMatch(/^v3\.18\.0/);
  expect(inside).toContain('medusa-store');
  expect(inside).toMatch(/v22\.\d+\.\d+\n1000\n$/);

  // The next release: the same image and one more migration.
  copyFileSync(
    resolve(
      __dirname,
      '__testUtils__/upgradeProbe/20991231000000_upgrade_probe.js',
    ),
    join(scratch, '20991231000000_upgrade_probe.js'),
  );
  writeFileSync(
    join(scratch, 'Containerfile'),
    `FROM ${imageA}\nCOPY --chown=node:node 20991231000000_upgrade_probe.js /app/plugins/stores-backend/migrations/\n`,
  );
  await ok('podman', ['build', '--pull=never', '-q', '-t', imageB, scratch]);
  await step('import of both images into the node', async () => {
    await ok('bash', [nodeScript, 'import-image', imageA]);
    await ok('bash', [nodeScript, 'import-image', imageB]);
  });

  // Install: two replicas Ready, its helm test passing.
  writeFileSync(join(scratch, 'values.json'), JSON.stringify(values));
  await step('helm install', () =>
    ok('helm', [
      'install',
      release,
      chart,
      '-n',
      namespace,
      '--create-namespace',
      '-f',
      join(scratch, 'values.json'),
      '--set',
      'image.tag=incluster-a',
      '--wait',
      '--timeout',
      '10m',
    ]),
  );
  const installed = await readyReplicas(imageA);
  expect(installed).toHaveLength(2);
  // Each replica brought the schema up to date at start (a replica that started before
  // PostgreSQL answered exited and started again, so its first words may be in an earlier
  // container); every migration is recorded once.
  for (const log of await logsOf(installed)) {
    expect(log).toMatch(
      /Storefleet database: (applied \d+ migration|schema up to date)/,
    );
  }
  const migrationFiles = readdirSync(
    resolve(simCluster.root, 'plugins/stores-backend/migrations'),
  ).filter(f => f.endsWith('.js'));
  expect(
    await psql(
      "select count(*) || ' ' || count(distinct name) from knex_migrations",
    ),
  ).toBe(`${migrationFiles.length} ${migrationFiles.length}`);
  await ok('helm', ['test', release, '-n', namespace, '--timeout', '5m']);
  // Every client in a cluster arrives from an address that is not loopback: the backend must
  // not limit anything but the stores API (kubelet probes kept it unready when it did).
  for (let i = 0; i < 12; i++) {
    expect(
      (await viaIngress(host, '/.backstage/health/v1/readiness')).status,
    ).toBe(200);
  }

  // The stores API's budget for calls without credentials is per client, as Traefik reports the
  // client (backend.trustProxy: 1): one client's burst gets 429, another client still passes.
  // Two loopback addresses are two clients to Traefik; the budget is per replica (two here).
  const health = (client: string) =>
    throughIngress(`http://${host}/api/stores/health`, {
      localAddress: client,
    });
  const burst: number[] = [];
  for (let i = 0; i < 3 * anonymousPerMinute; i++) {
    burst.push((await health('127.0.0.2')).status);
  }
  const limited = burst.filter(s => s === 429).length;
  expect(limited).toBeGreaterThan(0);
  expect((await health('127.0.0.2')).status).toBe(429);
  const other = await health('127.0.0.3');
  expect(other.status).toBe(200);
  timings.push(
    `anonymous burst of ${burst.length} from 127.0.0.2: ${limited} answered 429; 127.0.0.3 then ${other.status}`,
  );

  // A person creates a store through the in-cluster API.
  const guest = await viaIngress(host, '/api/auth/guest/refresh');
  expect(guest.status).toBe(200);
  token = guest.body.backstageIdentity.token;
  const created = await api('/stores', {
    method: 'POST',
    body: { name: storeName, engine: 'medusa' },
  });
  expect(created.status).toBe(201);
  const ready = await step('store to Ready', () =>
    poll(
      `store ${storeName} ready or failed`,
      async () => {
        const { body } = await api(`/stores/${created.body.id}`);
        return ['ready', 'failed'].includes(body.status) ? body : undefined;
      },
      15 * 60_000,
    ),
  );
  expect(ready.reason).toBeUndefined();
  expect(ready.status).toBe('ready');
  const activity = (await api(`/stores/${created.body.id}/activity`)).body
    .items as { message: string }[];
  const order = activity
    .map(
      a => /order (order_[0-9A-Z]+) placed and confirmed/.exec(a.message)?.[1],
    )
    .find(Boolean);
  expect(order).toMatch(/^order_/);
  // The in-cluster backend bound the store role to its own ServiceAccount: no other credential.
  const binding = JSON.parse(
    await ok('kubectl', [
      '-n',
      `store-${storeName}`,
      'get',
      'rolebinding',
      'storefleet-provisioner',
      '-o',
      'json',
    ]),
  );
  expect(binding.subjects).toEqual([
    expect.objectContaining({
      kind: 'ServiceAccount',
      name: `${release}-provisioner`,
      namespace,
    }),
  ]);
  const storeHost = new URL(ready.storefrontUrl).host;
  expect((await viaIngress(storeHost, '/')).status).toBe(200);

  // Upgrade to the next image tag: the migration runs once, every store and row stays.
  const before = await storeState();
  await step('helm upgrade (two replicas, one new migration)', () =>
    ok('helm', [
      'upgrade',
      release,
      chart,
      '-n',
      namespace,
      '-f',
      join(scratch, 'values.json'),
      '--set',
      'image.tag=incluster-b',
      '--wait',
      '--timeout',
      '10m',
    ]),
  );
  const upgraded = await readyReplicas(imageB);
  expect(upgraded).toHaveLength(2);
  const upgradeLogs = await logsOf(upgraded);
  const appliedBy = upgradeLogs.filter(l =>
    l.includes('applied 1 migration(s) in batch'),
  );
  expect(appliedBy).toHaveLength(1);
  expect(appliedBy[0]).toContain('20991231000000_upgrade_probe.js');
  expect(
    upgradeLogs.filter(l =>
      l.includes('Storefleet database: schema up to date'),
    ),
  ).toHaveLength(1);
  expect(
    await psql(
      "select count(*) from knex_migrations where name = '20991231000000_upgrade_probe.js'",
    ),
  ).toBe('1');
  const probeRows = await psql(
    'select applied_by from storefleet_upgrade_probe',
  );
  expect(probeRows.split('\n')).toHaveLength(1);
  expect(upgraded).toContain(probeRows);
  expect(await storeState()).toEqual(before);
  expect((await viaIngress(storeHost, '/')).status).toBe(200);

  // Rollback: the previous image starts against the newer schema (migrations only go forward).
  await step('helm rollback', () =>
    ok('helm', [
      'rollback',
      release,
      '1',
      '-n',
      namespace,
      '--wait',
      '--timeout',
      '10m',
    ]),
  );
  const rolledBack = await readyReplicas(imageA);
  expect(rolledBack).toHaveLength(2);
  expect(
    (await logsOf(rolledBack)).every(l =>
      l.includes('Storefleet database: schema up to date'),
    ),
  ).toBe(true);
  expect(await storeState()).toEqual(before);

  expect(
    (await api(`/stores/${created.body.id}`, { method: 'DELETE' })).status,
  ).toBe(202);
  const deleted = await step('store deleted', () =>
    poll(
      `store ${storeName} deleted`,
      async () => {
        const { body } = await api(`/stores/${created.body.id}`);
        return body.status === 'deleted' ? body : undefined;
      },
      5 * 60_000,
    ),
  );
  expect(deleted.status).toBe('deleted');
  // eslint-disable-next-line no-console
  console.log(
    `in-cluster: pods ${installed.join(', ')} → ${upgraded.join(
      ', ',
    )} → ${rolledBack.join(', ')}; store ${storeName} Ready with ${order}; ${
      before.rows
    } kept through upgrade and rollback; ${
      appliedBy[0].match(/Storefleet database: applied[^"]*/)?.[0]
    }`,
  );
});
