/*
 * Replicas of this backend start one at a time on a shared PostgreSQL.
 *
 * Every Backstage plugin migrates its own database at start with knex. On an empty database two
 * processes starting together can both find knex's lock table empty and both insert its one row;
 * from then on knex reads "Migration table is already locked" for that plugin on every start, in
 * every replica, for ever (knex's table-creator inserts the row after a select, outside any
 * lock). Seen here as both replicas of a fresh `helm install` in CrashLoopBackOff; reported
 * upstream as backstage/charts#300. A session-level advisory lock held from before the first
 * plugin starts until the backend has started closes that window: the second replica waits,
 * then finds every migration done. A replica that dies while it holds the lock drops its
 * session, and with it the lock.
 */
import { ConfigSources } from '@backstage/config-loader';
import { Config } from '@backstage/config';
import { createHash } from 'node:crypto';
import { Client, ClientConfig } from 'pg';

/** How long a replica waits for another to finish starting before it gives up and exits. */
const WAIT = '10min';

type Say = (line: string) => void;

/** The connection the lock uses: the backend's own PostgreSQL, or undefined for any other store. */
export function lockConnection(config: Config): ClientConfig | undefined {
  if (config.getOptionalString('backend.database.client') !== 'pg') {
    return undefined;
  }
  const connection = config.get('backend.database.connection');
  if (typeof connection === 'string') {
    const url = new URL(connection);
    // Any database will do for an advisory lock; `postgres` is always there.
    if (url.pathname.length <= 1) url.pathname = '/postgres';
    return { connectionString: url.toString() };
  }
  const c = config.getConfig('backend.database.connection');
  return {
    host: c.getOptionalString('host'),
    port: c.getOptionalNumber('port'),
    user: c.getOptionalString('user'),
    password: c.getOptionalString('password'),
    database: c.getOptionalString('database') ?? 'postgres',
    ssl: c.getOptional('ssl') as ClientConfig['ssl'],
  };
}

/** Two 32-bit keys from the database prefix: installations that share a server do not wait on each other. */
export function lockKeys(config: Config): [number, number] {
  const prefix =
    config.getOptionalString('backend.database.prefix') ?? 'backstage_plugin_';
  const digest = createHash('sha256')
    .update(`storefleet:backend-start:${prefix}`)
    .digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

/**
 * Runs `start` while holding the start lock of this installation's database, waiting for
 * another replica that holds it. Without PostgreSQL it just runs `start`.
 */
export async function oneStartAtATime(
  start: () => Promise<unknown>,
  say: Say = line => console.log(line), // eslint-disable-line no-console
): Promise<void> {
  const config = await ConfigSources.toConfig(
    ConfigSources.default({ argv: process.argv }),
  );
  const connection = lockConnection(config);
  const keys = lockKeys(config);
  config.close();
  if (!connection) {
    await start();
    return;
  }
  const client = new Client(connection);
  await client.connect();
  try {
    await client.query(`SET statement_timeout = '${WAIT}'`);
    const { rows } = await client.query(
      'SELECT pg_try_advisory_lock($1, $2) AS taken',
      keys,
    );
    if (!rows[0].taken) {
      say(
        'Another replica is starting on this database; waiting until it has applied its migrations',
      );
      const waited = Date.now();
      await client.query('SELECT pg_advisory_lock($1, $2)', keys);
      say(
        `The other replica has started (waited ${Math.round(
          (Date.now() - waited) / 1000,
        )} s); starting`,
      );
    }
    await start();
  } finally {
    // Ending the session releases the lock.
    await client.end().catch(() => undefined);
  }
}
