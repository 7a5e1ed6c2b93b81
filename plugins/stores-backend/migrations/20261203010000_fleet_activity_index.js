// @ts-check

/**
 * Activity across stores (GET /activity) is read newest first, filtered by actor or by kind:
 * an index for each, ending in the id the pages are cut at.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('store_activity', table => {
    table.index(['actor', 'id'], 'store_activity_actor_idx');
    table.index(['kind', 'id'], 'store_activity_kind_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('store_activity', table => {
    table.dropIndex(['actor', 'id'], 'store_activity_actor_idx');
    table.dropIndex(['kind', 'id'], 'store_activity_kind_idx');
  });
};
