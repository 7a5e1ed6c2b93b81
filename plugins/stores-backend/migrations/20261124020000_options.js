// @ts-check

/**
 * The engine options a requester set for a store (country, currency, ...), as JSON. They
 * become Helm values on every attempt; they are never secrets.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table
      .text('options')
      .nullable()
      .comment(
        'JSON of the engine options set by the requester; never secrets',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('stores', table => {
    table.dropColumn('options');
  });
};
