/**
 * Two replicas of this backend started at the same moment on an empty PostgreSQL, as a fresh
 * `helm install` with two replicas starts them. Both must come up; every plugin's knex lock
 * table must hold exactly one row (knex inserts it after a select, so two processes can both
 * insert it, and two rows lock that plugin's migrations for ever: every later start fails with
 * "Migration table is already locked"); and the second says it waited for the first
 * (oneStartAtATime.ts). Real backend processes, real PostgreSQL; no cluster is needed.
 */
import {
  simCluster,
  storesConfigWithoutCluster,
} from '@storefleet/sim-cluster';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { backendProcesses } from './__testUtils__/backendProcess';
import { dropDatabases, postgresUrl } from './__testUtils__/pgFailpoints';

jest.setTimeout(10 * 60_000);

const suite = 'start-together';
const prefix = `start2_${process.pid}_`;
let backends: ReturnType<typeof backendProcesses> | undefined;

afterAll(async () => {
  await backends?.stopAll();
  await dropDatabases(prefix);
});

/** The rows of every knex lock table in this test's plugin databases, by database and table. */
async function lockRows(): Promise<Record<string, number>> {
  const admin = new Client({ connectionString: postgresUrl() });
  await admin.connect();
  const { rows: databases } = await admin
    .query('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
      prefix,
    ])
    .finally(() => admin.end());
  const counts: Record<string, number> = {};
  for (const { datname } of databases) {
    const url = new URL(postgresUrl());
    url.pathname = `/${datname}`;
    const db = new Client({ connectionString: url.toString() });
    await db.connect();
    try {
      const { rows: tables } = await db.query(
        "SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_name LIKE '%migrations_lock'",
      );
      for (const { name } of tables) {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM ${name}`,
        );
        counts[`${datname.slice(prefix.length)} ${name}`] = rows[0].n;
      }
    } finally {
      await db.end();
    }
  }
  return counts;
}

it('starts two replicas together on an empty PostgreSQL: both come up, one waits for the other, and no plugin is left with a doubled migration lock', async () => {
  backends = backendProcesses(suite, {});
  const config = {
    backend: {
      database: { client: 'pg', connection: postgresUrl(), prefix },
    },
    stores: storesConfigWithoutCluster(),
  };
  const [a, b] = await Promise.all([
    backends.start('replica-a', 7257, config),
    backends.start('replica-b', 7258, config),
  ]);

  for (const replica of [a, b]) {
    expect((await replica.api('/stores')).status).toBe(200);
  }
  const locks = await lockRows();
  // The catalog, the scaffolder, the stores plugin and the others each migrated.
  expect(Object.keys(locks).length).toBeGreaterThanOrEqual(8);
  expect(Object.entries(locks).filter(([, n]) => n !== 1)).toEqual([]);

  const logs = ['replica-a', 'replica-b'].map(label =>
    readFileSync(
      resolve(simCluster.root, 'artefacts', suite, `${label}.log`),
      'utf8',
    ),
  );
  const waited = logs.filter(log =>
    /The other replica has started \(waited \d+ s\); starting/.test(log),
  );
  expect(waited).toHaveLength(1);
});
