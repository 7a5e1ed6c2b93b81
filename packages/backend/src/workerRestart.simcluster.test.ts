/**
 * A crash, for real: the whole Storefleet backend runs as its own OS process (this package,
 * `backstage-cli package start`, SQLite on disk), is killed with SIGKILL — together with the
 * helm it runs — while a store's `helm upgrade --install` is in flight, and a new backend
 * process on the same database finishes the store: Ready, with exactly one Helm release.
 * The cluster is the sim cluster (real API server, kwok-simulated pods).
 */
import { simCluster } from '@storefleet/sim-cluster';
import { join } from 'node:path';
import {
  backendProcesses,
  helmReleases,
  poll,
  storeStatus,
} from './__testUtils__/backendProcess';

jest.setTimeout(10 * 60_000);

const port = 7207;
let env: NodeJS.ProcessEnv;
let backends: ReturnType<typeof backendProcesses>;
let config: Record<string, unknown>;

beforeAll(async () => {
  env = await simCluster.up();
  backends = backendProcesses('worker-restart', env);
  config = {
    backend: {
      database: {
        client: 'better-sqlite3',
        connection: { directory: join(backends.scratch, 'db') },
      },
    },
    stores: { reconcile: { intervalSeconds: 1, leaseSeconds: 5 } },
  };
});

afterAll(() => backends.stopAll());

it('finishes a store after the backend process is killed mid-install and started again', async () => {
  const first = await backends.start('first', port, config);
  const name = `crash-${process.pid % 100000}`;
  const namespace = `store-${name}`;
  const created = await first.api('/stores', {
    method: 'POST',
    body: JSON.stringify({ name, engine: 'woocommerce' }),
  });
  expect(created.status).toBe(201);

  // Kill the whole process group (backend and its helm) while the install is in flight.
  await poll('helm install in flight', async () =>
    (
      await helmReleases(env, namespace)
    ).some(r => r.status === 'pending-install')
      ? true
      : undefined,
  );
  first.kill('SIGKILL');
  await first.exited();
  expect((await helmReleases(env, namespace)).map(r => r.status)).toEqual([
    'pending-install',
  ]);

  const second = await backends.start('second', port, config);
  const ready = await storeStatus(second, created.body.id, ['ready', 'failed']);
  expect(ready.reason).toBeUndefined();
  expect(ready.status).toBe('ready');
  const releases = await helmReleases(env, namespace);
  expect(releases).toEqual([
    expect.objectContaining({ name, status: 'deployed' }),
  ]);
  // The timeline says what happened.
  const activity = (await second.api(`/stores/${created.body.id}/activity`))
    .body.items as { kind: string; message: string }[];
  expect(activity.map(a => a.message)).toEqual(
    expect.arrayContaining([
      'Attempt 1 started',
      'Attempt 1 resumed after its previous worker stopped',
      `helm upgrade --install: release ${name} revision 1 deployed (a release left pending-install by a stopped worker was removed first)`,
    ]),
  );

  expect(
    (await second.api(`/stores/${created.body.id}`, { method: 'DELETE' }))
      .status,
  ).toBe(202);
  await storeStatus(second, created.body.id, ['deleted']);
  second.kill('SIGTERM');
});
