// @ts-check

/**
 * Work leases for the reconciler and the per-store activity timeline.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table
      .string('lease_owner')
      .nullable()
      .comment('Worker that currently reconciles the store');
    table
      .timestamp('lease_expires_at', { useTz: true })
      .nullable()
      .comment('After this time another worker may take the store over');
    table
      .timestamp('provisioning_started_at', { useTz: true })
      .nullable()
      .comment('Start of the current attempt, for the provisioning timeout');
  });
  await knex.schema.createTable('store_activity', table => {
    table.comment('What happened to a store, in order, for people to read');
    table.increments('id').primary();
    table
      .string('store_id')
      .notNullable()
      .references('id')
      .inTable('stores')
      .onDelete('CASCADE');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('kind').notNullable();
    table.text('message').notNullable();
    table.string('actor').nullable();
    table.index(['store_id', 'id'], 'store_activity_store_idx');
  });
  // Serializes quota checks across transactions and replicas (a row lock on PostgreSQL;
  // SQLite serializes writers anyway).
  await knex.schema.createTable('store_quota_lock', table => {
    table.integer('id').primary();
    table.integer('version').notNullable();
  });
  await knex('store_quota_lock').insert({ id: 1, version: 0 });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('store_quota_lock');
  await knex.schema.dropTable('store_activity');
  await knex.schema.alterTable('stores', table => {
    table.dropColumn('lease_owner');
    table.dropColumn('lease_expires_at');
    table.dropColumn('provisioning_started_at');
  });
};
