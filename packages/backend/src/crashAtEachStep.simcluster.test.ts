/**
 * R1: the real backend process (this package, PostgreSQL) is SIGKILLed — with the helm it
 * runs — at each step of one store's lifecycle in turn, and started again each time: after the
 * row is written, after the namespace, after the Secret, during `helm upgrade --install`,
 * during `helm test`, before it is marked Ready, and during delete. The store must end Ready
 * (and then deleted) with exactly one Helm release, no orphan namespace or Secret, and no
 * success claimed twice in its activity.
 *
 * The exact points come from PostgreSQL (see __testUtils__/pgFailpoints.ts): the write that
 * records a step is held, the process killed, the held write rolled back. "During helm test"
 * pauses the sim cluster's kwok controller (the simulated kubelet) for a few seconds so the
 * test pod cannot finish before the kill. The cluster is the sim cluster.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import {
  BackendProcess,
  backendProcesses,
  helmReleases,
  poll,
  storeStatus,
} from './__testUtils__/backendProcess';
import {
  CLAIM,
  dropDatabases,
  failpoints,
  postgresUrl,
} from './__testUtils__/pgFailpoints';

jest.setTimeout(20 * 60_000);

const port = 7217;
const prefix = `r1_${process.pid}_`;
const name = `r1-${process.pid % 100000}`;
const namespace = `store-${name}`;
let env: NodeJS.ProcessEnv;
let backends: ReturnType<typeof backendProcesses>;
let points: Awaited<ReturnType<typeof failpoints>> | undefined;
let starts = 0;

const config = () => ({
  backend: {
    database: { client: 'pg', connection: postgresUrl(), prefix },
  },
  stores: { reconcile: { intervalSeconds: 1, leaseSeconds: 5 } },
});

const start = () => backends.start(`backend-${++starts}`, port, config());

/** SIGKILLs the backend (and its helm), then rolls back the write it was held in, if any. */
async function crash(backend: BackendProcess) {
  backend.kill('SIGKILL');
  await backend.exited();
  await points!.release();
  await points!.disarm();
}

const kubectl = async (args: string[]) => {
  const r = await run('kubectl', args, { env });
  return r.code === 0 ? r.stdout.trim() : undefined;
};
const namespaceExists = async () =>
  (await kubectl(['get', 'namespace', namespace, '-o', 'name'])) !== undefined;
/** The namespace's Secrets that are not Helm's own release records. */
const storeSecrets = async () =>
  (
    (await kubectl([
      'get',
      'secrets',
      '-n',
      namespace,
      '-l',
      'owner!=helm',
      '-o',
      'jsonpath={.items[*].metadata.name}',
    ])) ?? ''
  )
    .split(' ')
    .filter(Boolean);
const activityOf = async (backend: BackendProcess, id: string) =>
  (await backend.api(`/stores/${id}/activity`)).body.items as {
    kind: string;
    message: string;
  }[];

beforeAll(async () => {
  env = await simCluster.up();
  backends = backendProcesses('crash-at-each-step', env);
});

afterAll(async () => {
  process.kill(simCluster.componentPid('kwok-controller'), 'SIGCONT');
  await points?.end();
  await backends.stopAll();
  await run('kubectl', ['delete', 'namespace', namespace, '--wait=false'], {
    env,
  });
  await dropDatabases(prefix);
});

it('ends Ready, then deleted, after a SIGKILL at each step of the lifecycle', async () => {
  let backend = await start();
  points = await failpoints(`${prefix}stores`);

  // 1. After the row is written: the lease on the queued store is held.
  await points.arm(CLAIM);
  const created = await backend.api('/stores', {
    method: 'POST',
    body: JSON.stringify({ name, engine: 'woocommerce' }),
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  await points.held();
  await crash(backend);
  expect(await namespaceExists()).toBe(false);

  // 2. After the namespace: its activity line is held.
  await points.arm('namespace:');
  backend = await start();
  await points.held();
  await crash(backend);
  expect(await namespaceExists()).toBe(true);
  expect(await storeSecrets()).toEqual([]);

  // 3. After the Secret.
  await points.arm('credentials:');
  backend = await start();
  await points.held();
  await crash(backend);
  expect(await storeSecrets()).toEqual([`${name}-credentials`]);
  expect(await helmReleases(env, namespace)).toEqual([]);

  // 4. During helm upgrade --install.
  backend = await start();
  await poll('helm install in flight', async () =>
    (
      await helmReleases(env, namespace)
    ).some(r => r.status === 'pending-install')
      ? true
      : undefined,
  );
  await crash(backend);
  expect((await helmReleases(env, namespace)).map(r => r.status)).toEqual([
    'pending-install',
  ]);

  // 5. During helm test: hold the install's activity line for 3 s, pause the simulated
  // kubelet meanwhile, and kill once the test pod exists (it cannot finish while paused).
  await points.arm('helm upgrade --install:', 3);
  backend = await start();
  await points.held();
  const kwok = simCluster.componentPid('kwok-controller');
  process.kill(kwok, 'SIGSTOP');
  try {
    await poll(
      'the helm test pod',
      async () =>
        (await kubectl([
          'get',
          'pods',
          '-n',
          namespace,
          '-o',
          'jsonpath={.items[?(@.metadata.annotations.helm\\.sh/hook=="test")].metadata.name}',
        ])) || undefined,
      30_000,
    );
    await crash(backend);
  } finally {
    process.kill(kwok, 'SIGCONT');
  }
  expect((await helmReleases(env, namespace)).map(r => r.status)).toEqual([
    'deployed',
  ]);

  // 6. Before it is marked Ready: the order probe's activity line is held.
  await points.arm('helm test (order probe):');
  backend = await start();
  await points.held();
  await crash(backend);

  // Started once more, with nothing armed: it finishes.
  backend = await start();
  const ready = await storeStatus(backend, id, ['ready', 'failed']);
  expect(ready).toMatchObject({ status: 'ready' });
  expect(ready.reason).toBeUndefined();
  expect(await helmReleases(env, namespace)).toEqual([
    expect.objectContaining({ name, status: 'deployed' }),
  ]);
  expect(await storeSecrets()).toEqual([`${name}-credentials`]);
  let activity = await activityOf(backend, id);
  const count = (test: (a: { kind: string; message: string }) => boolean) =>
    activity.filter(test).length;
  expect(count(a => a.kind === 'ready')).toBe(1);
  expect(count(a => a.message.startsWith('helm test (order probe):'))).toBe(1);
  expect(count(a => a.message === 'Attempt 1 started')).toBe(1);
  // Each start after the first claim took the attempt over: steps 3, 4, 5, 6 and the last.
  expect(
    count(
      a => a.message === 'Attempt 1 resumed after its previous worker stopped',
    ),
  ).toBe(5);
  expect(count(a => a.kind === 'failed')).toBe(0);

  // 7. During delete: after helm uninstall, before the namespace is removed.
  await points.arm('helm uninstall:');
  expect(
    (await backend.api(`/stores/${id}`, { method: 'DELETE' })).status,
  ).toBe(202);
  await points.held();
  await crash(backend);
  expect(await namespaceExists()).toBe(true);
  backend = await start();
  const deleted = await storeStatus(backend, id, ['deleted']);
  expect(deleted.reason).toBeUndefined();
  expect(await namespaceExists()).toBe(false);
  activity = await activityOf(backend, id);
  expect(count(a => a.kind === 'deleted')).toBe(1);
  expect(count(a => a.kind === 'ready')).toBe(1);
  backend.kill('SIGTERM');
});
