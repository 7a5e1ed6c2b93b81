/* Test helper (not shipped): the databases the storage tests run against. */
import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * SQLite, and PostgreSQL 15 when the test command provides one (tools/test.sh starts a private
 * PostgreSQL and sets its connection string; STOREFLEET_REQUIRE_POSTGRES makes a missing one a
 * failure). Call at the top of a test file: it registers the databases' clean-up.
 */
export function storeTestDatabases() {
  const withPostgres = Boolean(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ||
      process.env.STOREFLEET_REQUIRE_POSTGRES,
  );
  return TestDatabases.create({
    ids: withPostgres ? ['SQLITE_3', 'POSTGRES_15'] : ['SQLITE_3'],
  });
}
