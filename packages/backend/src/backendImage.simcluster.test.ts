/**
 * The backend image, as an adopter builds it: packages/backend/Dockerfile built with podman on
 * this machine (tools/backend-image/build.sh passes local stand-ins for the Node and helm base
 * images, as an adopter passes their registry's), then run as a container — its own helm, the
 * store charts inside the stores package, the production install of node_modules — against the
 * sim cluster's real node: health, then a Medusa store to Ready with a real order, then deleted.
 * The container reaches the API server over the host network; running it as a pod of the
 * cluster (charts/storefleet) is not done here.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { guestToken, poll } from './__testUtils__/backendProcess';

jest.setTimeout(25 * 60_000);

const port = 7517;
const baseUrl = `http://localhost:${port}`;
const container = `sf-image-test-${process.pid}`;
const name = `img-${process.pid % 100000}`;
const podmanLimits = [
  '--ulimit',
  'nofile=1024:1024',
  '--ulimit',
  'nproc=4096:4096',
];
let env: NodeJS.ProcessEnv;
let scratch: string;
let token: string;

async function api(path: string, init: RequestInit = {}) {
  const res = await fetch(`${baseUrl}/api/stores${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  env = await simCluster.up({ realNode: true });
  scratch = mkdtempSync(join(tmpdir(), 'storefleet-image-'));
  // The container's user (uid 1000) reads its config from here.
  chmodSync(scratch, 0o755);
});

afterAll(async () => {
  await run('podman', ['rm', '-f', container], { env });
  rmSync(scratch, { recursive: true, force: true });
});

it('builds from packages/backend/Dockerfile and, as a container, takes a Medusa store to Ready and deletes it', async () => {
  const started = Date.now();
  const build = await run(
    'bash',
    [resolve(simCluster.root, 'tools/backend-image/build.sh'), 'test'],
    { env },
  );
  expect(build.stderr).toMatch(
    /built localhost\/storefleet\/backstage:test in \d+ s/,
  );
  expect(build.code).toBe(0);
  const image = build.stdout.trim();
  const buildSeconds = Math.round((Date.now() - started) / 1000);

  // What is inside: its own helm, the charts of the stores package, Node 22.
  const inside = await run(
    'podman',
    [
      'run',
      '--rm',
      ...podmanLimits,
      '--entrypoint',
      'sh',
      image,
      '-c',
      'helm version --short && ls node_modules/@storefleet/plugin-stores-backend/charts && node --version && id -u',
    ],
    { env },
  );
  expect(inside.stdout).toMatch(/^v3\.18\.0/);
  expect(inside.stdout).toContain('medusa-store');
  expect(inside.stdout).toMatch(/v22\.\d+\.\d+\n1000\n$/);

  // The cluster's credentials as a file the container's user (uid 1000) can read; the store
  // API opened to the guest, as `npm start` does.
  const kubeconfig = await run(
    'kubectl',
    ['config', 'view', '--raw', '--flatten'],
    { env },
  );
  writeFileSync(join(scratch, 'kubeconfig'), kubeconfig.stdout, {
    mode: 0o644,
  });
  writeFileSync(
    join(scratch, 'overlay.yaml'),
    JSON.stringify({
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { port },
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      auth: {
        providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
      },
    }),
    { mode: 0o644 },
  );
  const runContainer = await run(
    'podman',
    [
      'run',
      '-d',
      '--name',
      container,
      '--network',
      'host',
      ...podmanLimits,
      '-v',
      `${scratch}:/cfg:ro`,
      '-e',
      'STOREFLEET_KUBECONFIG=/cfg/kubeconfig',
      '-e',
      'STOREFLEET_VALUES_PROFILE=realnode',
      image,
      'node',
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      '/cfg/overlay.yaml',
    ],
    { env },
  );
  expect(runContainer.stderr).toBe('');
  await poll(
    'the container backend healthy',
    async () => {
      const res = await fetch(`${baseUrl}/api/stores/health`);
      return res.ok ? true : undefined;
    },
    180_000,
  );
  token = await guestToken(baseUrl);

  const created = await api('/stores', {
    method: 'POST',
    body: JSON.stringify({ name, engine: 'medusa' }),
  });
  expect(created.status).toBe(201);
  const createdAt = Date.now();
  const ready = await poll(
    `store ${name} ready or failed`,
    async () => {
      const { body } = await api(`/stores/${created.body.id}`);
      return ['ready', 'failed'].includes(body.status) ? body : undefined;
    },
    15 * 60_000,
  );
  expect(ready.reason).toBeUndefined();
  expect(ready.status).toBe('ready');
  const activity = (
    await api(`/stores/${created.body.id}/activity`)
  ).body.items.map((a: { message: string }) => a.message);
  const order = activity
    .map(
      (m: string) =>
        /order (order_[0-9A-Z]+) placed and confirmed/.exec(m)?.[1],
    )
    .find(Boolean);
  expect(order).toMatch(/^order_/);
  // eslint-disable-next-line no-console
  console.log(
    `backend image ${image}: built in ${buildSeconds} s; store ${name} Ready in ${Math.round(
      (Date.now() - createdAt) / 1000,
    )} s from the container, order ${order}`,
  );

  expect(
    (await api(`/stores/${created.body.id}`, { method: 'DELETE' })).status,
  ).toBe(202);
  const deleted = await poll(
    `store ${name} deleted`,
    async () => {
      const { body } = await api(`/stores/${created.body.id}`);
      return body.status === 'deleted' ? body : undefined;
    },
    5 * 60_000,
  );
  expect(deleted.status).toBe('deleted');
});
