import { run, simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import { Client } from 'pg';

/** Starts (or reuses) the private PostgreSQL the tests use (tools/postgres.sh); its URL. */
export async function startPostgres(): Promise<string> {
  const pg = await run('bash', [
    resolve(simCluster.root, 'tools', 'postgres.sh'),
    'up',
  ]);
  if (pg.code !== 0) throw new Error(`PostgreSQL did not start: ${pg.stderr}`);
  return pg.stdout.trim();
}

/** Drops the databases a benchmark's backend made (their names start with `prefix`). */
export async function dropDatabases(url: string, prefix: string) {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
