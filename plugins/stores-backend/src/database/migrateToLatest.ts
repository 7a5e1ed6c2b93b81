import {
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

export const migrationsDirectory = resolvePackagePath(
  '@storefleet/plugin-stores-backend',
  'migrations',
);

/**
 * Brings the Storefleet tables to the newest schema this release knows, and says what it did.
 *
 * Replicas starting together take knex's migration lock in turn: the first applies what is new,
 * the others find nothing left to do. Migrations only go forward and only add (columns, tables,
 * indexes), so a rolled-back release runs against the newer schema: knex's check that every
 * applied migration is still on disk is off for that reason, or the older image would refuse to
 * start after `helm rollback`.
 */
export async function migrateToLatest(
  client: Knex,
  logger?: LoggerService,
): Promise<string[]> {
  const [batch, applied] = (await client.migrate.latest({
    directory: migrationsDirectory,
    disableMigrationsListValidation: true,
  })) as [number, string[]];
  if (applied.length) {
    logger?.info(
      `Storefleet database: applied ${
        applied.length
      } migration(s) in batch ${batch}: ${applied.join(', ')}`,
    );
  } else {
    logger?.info('Storefleet database: schema up to date, nothing to apply');
  }
  return applied;
}
