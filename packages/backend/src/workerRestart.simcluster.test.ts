/**
 * A crash, for real: the whole Storefleet backend runs as its own OS process (this package,
 * `backstage-cli package start`, SQLite on disk), is killed with SIGKILL — together with the
 * helm it runs — while a store's `helm upgrade --install` is in flight, and a new backend
 * process on the same database finishes the store: Ready, with exactly one Helm release.
 * The cluster is the sim cluster (real API server, kwok-simulated pods).
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { ChildProcess, spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

jest.setTimeout(10 * 60_000);

const port = 7207;
const baseUrl = `http://localhost:${port}`;
const logDir = resolve(simCluster.root, 'artefacts', 'worker-restart');
let env: NodeJS.ProcessEnv;
let scratch: string;
const started: ChildProcess[] = [];

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function poll<T>(what: string, fn: () => Promise<T | undefined>) {
  for (let i = 0; i < 600; i++) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Starts the real backend as a process group of its own; resolves when it is ready. */
async function startBackend(label: string) {
  const child = spawn(
    process.execPath,
    [
      resolve(simCluster.root, '.yarn', 'releases', 'yarn-4.13.0.cjs'),
      'backstage-cli',
      'package',
      'start',
      '--config',
      resolve(simCluster.root, 'app-config.yaml'),
      '--config',
      join(scratch, 'app-config.test.yaml'),
    ],
    {
      cwd: resolve(simCluster.root, 'packages', 'backend'),
      env: {
        ...process.env,
        ...env,
        // As `npm start` runs it (Jest's NODE_ENV=test would turn guest sign-in off).
        NODE_ENV: 'development',
        // The CLI spawns `node` from PATH: the same Node as this test (native addons match).
        PATH: `${dirname(process.execPath)}:${env.PATH ?? process.env.PATH}`,
        STOREFLEET_KUBECONFIG: env.KUBECONFIG,
      },
      detached: true,
      stdio: ['ignore', openSync(join(logDir, `${label}.log`), 'w'), 'pipe'],
    },
  );
  child.stderr!.resume();
  started.push(child);
  await poll(`backend ${label} ready`, async () => {
    if (child.exitCode !== null) throw new Error(`backend ${label} exited`);
    const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
    return res.ok ? true : undefined;
  });
  return child;
}

const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
};

async function guestToken() {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in: HTTP ${res.status}`);
  return (await res.json()).backstageIdentity.token as string;
}

async function api(path: string, init: RequestInit = {}) {
  const res = await fetch(`${baseUrl}/api/stores${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${await guestToken()}`,
      'Content-Type': 'application/json',
    },
  });
  return { status: res.status, body: await res.json() };
}

const helmReleases = async (namespace: string) =>
  JSON.parse(
    (await run('helm', ['list', '-a', '-n', namespace, '-o', 'json'], { env }))
      .stdout || '[]',
  ) as { name: string; status: string }[];

beforeAll(async () => {
  env = await simCluster.up();
  scratch = mkdtempSync(join(tmpdir(), 'storefleet-restart-'));
  mkdirSync(logDir, { recursive: true });
  writeFileSync(
    join(scratch, 'app-config.test.yaml'),
    JSON.stringify({
      app: { baseUrl: 'http://localhost:3207' },
      backend: {
        baseUrl,
        listen: { port },
        database: {
          client: 'better-sqlite3',
          connection: { directory: join(scratch, 'db') },
        },
      },
      stores: { reconcile: { intervalSeconds: 1, leaseSeconds: 5 } },
    }),
  );
});

afterAll(async () => {
  for (const child of started) killGroup(child, 'SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

it('finishes a store after the backend process is killed mid-install and started again', async () => {
  const first = await startBackend('first');
  const name = `crash-${process.pid % 100000}`;
  const namespace = `store-${name}`;
  const created = await api('/stores', {
    method: 'POST',
    body: JSON.stringify({ name, engine: 'woocommerce' }),
  });
  expect(created.status).toBe(201);

  // Kill the whole process group (backend and its helm) while the install is in flight.
  await poll('helm install in flight', async () =>
    (await helmReleases(namespace)).some(r => r.status === 'pending-install')
      ? true
      : undefined,
  );
  killGroup(first, 'SIGKILL');
  await poll('first backend gone', async () =>
    first.exitCode !== null || first.signalCode !== null ? true : undefined,
  );
  expect((await helmReleases(namespace)).map(r => r.status)).toEqual([
    'pending-install',
  ]);

  const second = await startBackend('second');
  const ready = await poll('store ready or failed', async () => {
    const { body } = await api(`/stores/${created.body.id}`);
    return ['ready', 'failed'].includes(body.status) ? body : undefined;
  });
  expect(ready.reason).toBeUndefined();
  expect(ready.status).toBe('ready');
  const releases = await helmReleases(namespace);
  expect(releases).toEqual([
    expect.objectContaining({ name, status: 'deployed' }),
  ]);
  // The timeline says what happened.
  const activity = (await api(`/stores/${created.body.id}/activity`)).body
    .items as { kind: string; message: string }[];
  expect(activity.map(a => a.message)).toEqual(
    expect.arrayContaining([
      'Attempt 1 started',
      'Attempt 1 resumed after its previous worker stopped',
      `helm upgrade --install: release ${name} revision 1 deployed (a release left pending-install by a stopped worker was removed first)`,
    ]),
  );

  expect(
    (await api(`/stores/${created.body.id}`, { method: 'DELETE' })).status,
  ).toBe(202);
  await poll('store deleted', async () => {
    const { body } = await api(`/stores/${created.body.id}`);
    return body.status === 'deleted' ? true : undefined;
  });
  killGroup(second, 'SIGTERM');
});
