import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';

jest.setTimeout(60_000);

const withPostgres = Boolean(
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ||
    process.env.STOREFLEET_REQUIRE_POSTGRES,
);
const databases = TestDatabases.create({
  ids: withPostgres ? ['SQLITE_3', 'POSTGRES_15'] : ['SQLITE_3'],
});
const directory = resolvePackagePath(
  '@storefleet/plugin-stores-backend',
  'migrations',
);

describe('migrations', () => {
  it.each(databases.eachSupportedId())(
    '%p: apply, roll back to nothing, and apply again',
    async id => {
      const knex = await databases.init(id);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('store_activity')).toBe(true);
      expect(await knex.schema.hasColumn('stores', 'lease_expires_at')).toBe(
        true,
      );
      expect((await knex('store_quota_lock').first()).version).toBe(0);

      await knex.migrate.rollback({ directory }, true);
      expect(await knex.schema.hasTable('stores')).toBe(false);
      expect(await knex.schema.hasTable('store_activity')).toBe(false);

      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('stores')).toBe(true);
    },
  );
});
