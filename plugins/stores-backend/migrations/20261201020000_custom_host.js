// @ts-check

/**
 * The owner's own hostname for a store. No two live stores share one (a partial unique index,
 * on SQLite and PostgreSQL alike).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table
      .string('custom_host', 253)
      .nullable()
      .comment(
        "The owner's hostname for the store's Ingress; null: <name>.<base domain>",
      );
  });
  await knex.raw(
    "CREATE UNIQUE INDEX stores_live_custom_host_idx ON stores (custom_host) WHERE status <> 'deleted' AND custom_host IS NOT NULL",
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX stores_live_custom_host_idx');
  await knex.schema.alterTable('stores', table => {
    table.dropColumn('custom_host');
  });
};
