import { storeTestDatabases } from '../__testUtils__/storeTestDatabases';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { migrateToLatest } from './migrateToLatest';

jest.setTimeout(60_000);

const databases = storeTestDatabases();
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

  it.each(databases.eachSupportedId())(
    '%p: every store records its release, and two live stores cannot share a namespace or a release',
    async id => {
      const knex = await databases.init(id);
      await knex.migrate.latest({ directory });
      await knex.migrate.down({ directory });
      const row = (name: string, namespace: string, status = 'ready') => ({
        id: `id-${name}-${status}`,
        name,
        engine: 'medusa',
        owner: 'user:default/a',
        created_by: 'user:default/a',
        status,
        namespace,
        created_at: new Date(),
        updated_at: new Date(),
      });
      // A store of the release before: no release recorded (it meant the store's name).
      await knex('stores').insert(row('shop', 'store-shop'));
      await knex.migrate.latest({ directory });
      expect((await knex('stores').first()).release_name).toBe('shop');
      const attempt = (values: object) =>
        knex('stores')
          .insert(values)
          .then(
            () => 'inserted',
            (e: Error) => e.message,
          );
      expect(await attempt(row('other', 'store-shop'))).toMatch(
        /UNIQUE|duplicate key/,
      );
      expect(
        await attempt({ ...row('other', 'store-other'), release_name: 'shop' }),
      ).toMatch(/UNIQUE|duplicate key/);
      // A deleted store's namespace and release are free again.
      await knex('stores').insert({
        ...row('shop', 'store-shop', 'deleted'),
        release_name: 'shop',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: a rolled-back release starts against the schema a newer one left (migrations only go forward)',
    async id => {
      const knex = await databases.init(id);
      const logger = mockServices.logger.mock();
      expect((await migrateToLatest(knex, logger)).length).toBeGreaterThan(0);
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringMatching(/^Storefleet database: applied \d+ migration/),
      );
      // What a newer release recorded, which this release's directory does not have.
      await knex('knex_migrations').insert({
        name: '20991231000000_from_a_newer_release.js',
        batch: 99,
        migration_time: new Date(),
      });
      await expect(knex.migrate.latest({ directory })).rejects.toThrow(
        /migration directory is corrupt/,
      );
      expect(await migrateToLatest(knex, logger)).toEqual([]);
      expect(logger.info).toHaveBeenLastCalledWith(
        'Storefleet database: schema up to date, nothing to apply',
      );
    },
  );

  it('lets SQLite read a page of the store list in order from an index, with no sort of every store', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateToLatest(knex);
    const plan = await knex.raw(
      `EXPLAIN QUERY PLAN ${knex('stores')
        .whereNot('status', 'deleted')
        .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }])
        .limit(50)
        .toString()}`,
    );
    const steps = plan.map((row: { detail: string }) => row.detail).join(' | ');
    expect(steps).toContain('USING INDEX stores_created_at_idx');
    expect(steps).not.toContain('TEMP B-TREE');
  });

  it('lets SQLite read activity across stores by actor or kind from an index, newest first', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateToLatest(knex);
    for (const [column, index] of [
      ['actor', 'store_activity_actor_idx'],
      ['kind', 'store_activity_kind_idx'],
    ]) {
      const plan = await knex.raw(
        `EXPLAIN QUERY PLAN ${knex('store_activity')
          .where(column, 'x')
          .orderBy('id', 'desc')
          .limit(50)
          .toString()}`,
      );
      const steps = plan
        .map((row: { detail: string }) => row.detail)
        .join(' | ');
      expect(steps).toContain(`USING INDEX ${index}`);
      expect(steps).not.toContain('TEMP B-TREE');
    }
  });
});
