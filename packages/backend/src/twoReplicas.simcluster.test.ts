/**
 * R2: two real backend processes (this package) on one PostgreSQL, as two replicas of one
 * Backstage. 50 stores are requested, spread across both, with maxConcurrentProvisions 2 (a cap
 * across replicas); one replica is SIGKILLed while it holds work. Every store must be
 * provisioned exactly once (one `helm upgrade --install` recorded, one Helm revision unless
 * the install was cut by the kill), both replicas must have worked, the killed replica's
 * stores must be finished by the other, and never more than 2 stores in work at once.
 * Which replica works on which store is read from the lease owner column, sampled.
 * The cluster is the sim cluster.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import {
  backendProcesses,
  helmReleases,
  poll,
} from './__testUtils__/backendProcess';
import { dropDatabases, postgresUrl } from './__testUtils__/pgFailpoints';

jest.setTimeout(25 * 60_000);

const STORES = 50;
const prefix = `r2_${process.pid}_`;
const tag = `r2-${process.pid % 100000}`;
let env: NodeJS.ProcessEnv;
let backends: ReturnType<typeof backendProcesses>;
let db: Client | undefined;

const config = () => ({
  backend: {
    database: { client: 'pg', connection: postgresUrl(), prefix },
  },
  stores: {
    reconcile: { intervalSeconds: 1, leaseSeconds: 5 },
    quotas: {
      maxStores: STORES + 10,
      maxStoresPerUser: STORES + 10,
      maxCreatesPerHour: STORES + 10,
      maxConcurrentProvisions: 2,
    },
  },
});

beforeAll(async () => {
  env = await simCluster.up();
  // 50 stores hold ~100 pods besides the other suites'; kwok nodes hold 110 each. The nodes
  // stay afterwards: other suites may have pods on them.
  await run('bash', [simCluster.script, 'kwok-nodes', '3']);
  backends = backendProcesses('two-replicas', env);
});

afterAll(async () => {
  await db?.end();
  await backends.stopAll();
  const listed = await run('kubectl', ['get', 'namespaces', '-o', 'name'], {
    env,
  });
  const mine = listed.stdout
    .split('\n')
    .filter(n => n.startsWith(`namespace/store-${tag}-`));
  if (mine.length) {
    await run('kubectl', ['delete', ...mine, '--wait=false'], { env });
  }
  await dropDatabases(prefix);
});

it('provisions 50 stores exactly once across two replicas, and one finishes what the killed one held', async () => {
  // One after the other, as a rollout does (replicas started together: startTogether.postgres.test.ts).
  const a = await backends.start('replica-a', 7227, config());
  const b = await backends.start('replica-b', 7228, config());
  // A worker id ends in -<pid>-<random>; the pid is the backend's, inside the replica's
  // process group (the CLI runs the backend as its child).
  const replicaOf = new Map<string, string>();
  const replica = (owner: string) => {
    if (!replicaOf.has(owner)) {
      const pid = owner.split('-').at(-2);
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      const groups: Record<number, string> = {
        [a.child.pid!]: 'a',
        [b.child.pid!]: 'b',
      };
      replicaOf.set(owner, groups[group] ?? '?');
    }
    return replicaOf.get(owner)!;
  };
  const url = new URL(postgresUrl());
  url.pathname = `/${prefix}stores`;
  db = new Client({ connectionString: url.toString() });
  await db.connect();

  // Which worker holds which store, sampled every 100 ms; worker ids end in -<pid>-<random>.
  const workedBy = new Map<string, Set<string>>();
  let maxLeases = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await db!.query(
        'SELECT name, lease_owner FROM stores WHERE lease_expires_at > now()',
      );
      maxLeases = Math.max(maxLeases, rows.length);
      for (const row of rows) {
        const who = replica(row.lease_owner);
        workedBy.set(row.name, (workedBy.get(row.name) ?? new Set()).add(who));
      }
      await new Promise(r => setTimeout(r, 100));
    }
  })();

  const names = Array.from(
    { length: STORES },
    (_, i) => `${tag}-${String(i).padStart(2, '0')}`,
  );
  const createOn = async (backend: typeof a, name: string) => {
    const created = await backend.api('/stores', {
      method: 'POST',
      body: JSON.stringify({ name, engine: 'woocommerce' }),
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const statusOf = async (name: string) =>
    (await db!.query('SELECT status FROM stores WHERE name = $1', [name]))
      .rows[0]?.status;

  // The first store through a alone (the replica a request reaches claims it at once)...
  await createOn(a, names[0]);
  await poll('the first store ready', async () =>
    ['ready', 'failed'].includes(await statusOf(names[0])) ? true : undefined,
  );
  // ...then the other 49 at once, spread across both.
  await Promise.all(
    names.slice(1).map((name, i) => createOn(i % 2 ? b : a, name)),
  );
  // Kill replica a while it holds work.
  const heldByA = await poll('replica a holding work', async () => {
    const { rows } = await db!.query(
      'SELECT name, lease_owner FROM stores WHERE lease_expires_at > now()',
    );
    const held = rows.filter(r => replica(r.lease_owner) === 'a');
    return held.length ? held.map(r => r.name as string) : undefined;
  });
  a.kill('SIGKILL');
  await a.exited();

  await poll(
    'every store ready or failed',
    async () => {
      const { rows } = await db!.query(
        "SELECT count(*) AS n FROM stores WHERE status IN ('ready', 'failed')",
      );
      return Number(rows[0].n) === STORES ? true : undefined;
    },
    20 * 60_000,
  );
  sampling = false;
  await sampler;

  const { rows: stores } = await db.query(
    'SELECT id, name, status, reason FROM stores ORDER BY name',
  );
  expect(stores.filter(s => s.status !== 'ready')).toEqual([]);
  const { rows: activity } = await db.query(
    'SELECT store_id, kind, message FROM store_activity',
  );
  // Per store: what it should show, and what it shows.
  const summaries = [];
  for (const store of stores) {
    const lines = activity.filter(l => l.store_id === store.id);
    const installs = lines
      .filter(l => l.message.startsWith('helm upgrade --install:'))
      .map(l => l.message);
    const releases = await helmReleases(env, `store-${store.name}`);
    const killed = heldByA.includes(store.name);
    summaries.push({
      name: store.name,
      readyLines: lines.filter(l => l.kind === 'ready').length,
      releases: releases.map(r => `${r.name} ${r.status}`),
      // One replica, one install that made the only revision; a store the killed replica
      // held was resumed by the other, whose install ran again on top of (or instead of) it.
      workers: killed ? 2 : workedBy.get(store.name)?.size,
      onlyInstallRevision1: killed
        ? installs.length <= 2
        : installs.length === 1 &&
          /^helm upgrade --install: release \S+ revision 1 deployed$/.test(
            installs[0],
          ) &&
          releases[0]?.revision === '1',
    });
  }
  expect(summaries).toEqual(
    stores.map(store => ({
      name: store.name,
      readyLines: 1,
      releases: [`${store.name} deployed`],
      workers: heldByA.includes(store.name) ? 2 : 1,
      onlyInstallRevision1: true,
    })),
  );
  // Both replicas worked; the killed one's stores were finished by the other.
  const by = (which: string) =>
    names.filter(n => workedBy.get(n)?.has(which)).length;
  expect(by('a')).toBeGreaterThanOrEqual(2);
  expect(by('b')).toBeGreaterThan(0);
  for (const name of heldByA) {
    expect([name, [...(workedBy.get(name) ?? [])].sort()]).toEqual([
      name,
      ['a', 'b'],
    ]);
  }
  expect(maxLeases).toBeLessThanOrEqual(2);
  // eslint-disable-next-line no-console
  console.log(
    `R2: replica a worked on ${by('a')} stores, b on ${by(
      'b',
    )}; a was killed holding ${heldByA.join(
      ', ',
    )}; at most ${maxLeases} leases at once`,
  );
  b.kill('SIGTERM');
});
