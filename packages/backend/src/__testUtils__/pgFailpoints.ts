/*
 * Test helper (not shipped): stops a backend at an exact point of a store's lifecycle, through
 * PostgreSQL. A trigger holds the write the backend makes right after a step (the activity line
 * "namespace: …", the lease it takes on a queued store, …) in pg_sleep, so the test knows the
 * step has happened and its record has not; it then SIGKILLs the backend and ends the held
 * transaction, which rolls back as a crash before the commit would.
 */
import { Client } from 'pg';
import { poll } from './backendProcess';

/** The lease a backend takes on a queued store: after the row is written, before any work. */
export const CLAIM = '@claim';

export function postgresUrl(): string {
  const url = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!url) {
    throw new Error(
      'This test needs PostgreSQL: run it through `yarn test` (tools/test.sh starts one), or set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
    );
  }
  return url;
}

/** Drops every database whose name starts with `prefix` (a test's own plugin databases). */
export async function dropDatabases(prefix: string) {
  const admin = new Client({ connectionString: postgresUrl() });
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

/** Installs the failpoint triggers in the stores plugin's database `database`. */
export async function failpoints(database: string) {
  const url = new URL(postgresUrl());
  url.pathname = `/${database}`;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  await db.query(`
    CREATE TABLE IF NOT EXISTS test_failpoint (prefix text NOT NULL, seconds int NOT NULL);
    CREATE OR REPLACE FUNCTION test_failpoint_hold(what text) RETURNS void AS $$
    DECLARE held int;
    BEGIN
      SELECT seconds INTO held FROM test_failpoint WHERE starts_with(what, prefix) LIMIT 1;
      IF held IS NOT NULL THEN PERFORM pg_sleep(held); END IF;
    END $$ LANGUAGE plpgsql;
    CREATE OR REPLACE FUNCTION test_failpoint_activity() RETURNS trigger AS $$
    BEGIN PERFORM test_failpoint_hold(NEW.message); RETURN NEW; END $$ LANGUAGE plpgsql;
    CREATE OR REPLACE FUNCTION test_failpoint_claim() RETURNS trigger AS $$
    BEGIN
      IF OLD.lease_owner IS NULL AND NEW.lease_owner IS NOT NULL AND OLD.status = 'queued' THEN
        PERFORM test_failpoint_hold('${CLAIM}');
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    DROP TRIGGER IF EXISTS test_failpoint_activity ON store_activity;
    CREATE TRIGGER test_failpoint_activity BEFORE INSERT ON store_activity
      FOR EACH ROW EXECUTE FUNCTION test_failpoint_activity();
    DROP TRIGGER IF EXISTS test_failpoint_claim ON stores;
    CREATE TRIGGER test_failpoint_claim BEFORE UPDATE ON stores
      FOR EACH ROW EXECUTE FUNCTION test_failpoint_claim();
  `);

  const heldPids = async () =>
    (
      await db.query(
        "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event = 'PgSleep'",
        [database],
      )
    ).rows.map(r => r.pid as number);

  return {
    /**
     * Holds the next write that starts with `prefix` (an activity message, or CLAIM) for
     * `seconds`; only one point is armed at a time.
     */
    async arm(prefix: string, seconds = 600) {
      await db.query('DELETE FROM test_failpoint');
      await db.query('INSERT INTO test_failpoint VALUES ($1, $2)', [
        prefix,
        seconds,
      ]);
    },
    async disarm() {
      await db.query('DELETE FROM test_failpoint');
    },
    /** Resolves when a backend's write is being held. */
    held: (timeoutMs?: number) =>
      poll(
        'a write held at the failpoint',
        async () => {
          const pids = await heldPids();
          return pids.length ? pids : undefined;
        },
        timeoutMs,
      ),
    /** Ends the held transactions (after their backend was killed): they roll back. */
    async release() {
      await db.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND wait_event = 'PgSleep'",
        [database],
      );
    },
    query: (sql: string, params?: unknown[]) => db.query(sql, params),
    end: () => db.end(),
  };
}
