// @ts-check

/**
 * Upgrades and rollbacks: the revisions Storefleet made (who asked for what, with which
 * options), and a rollback a person asked for, which the next attempt performs instead of an
 * upgrade.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table
      .integer('rollback_to')
      .nullable()
      .comment('Helm revision the next attempt rolls the release back to');
  });
  await knex.schema.createTable('store_revisions', table => {
    table.comment(
      'Each Helm revision Storefleet made: who asked for what, and its options',
    );
    table.increments('id').primary();
    table
      .string('store_id')
      .notNullable()
      .references('id')
      .inTable('stores')
      .onDelete('CASCADE');
    table.integer('revision').notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor').nullable();
    table.text('change').notNullable();
    table
      .text('options')
      .nullable()
      .comment('JSON of the engine options; never secrets');
    table.index(['store_id', 'revision'], 'store_revisions_store_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('store_revisions');
  await knex.schema.alterTable('stores', table => {
    table.dropColumn('rollback_to');
  });
};
