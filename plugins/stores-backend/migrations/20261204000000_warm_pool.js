// @ts-check

/**
 * The warm pool: a slot is a store provisioned ahead of any request (never in the catalog,
 * never counted against a person); a claimed slot becomes a person's store and keeps the
 * namespace and Helm release it was made with.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table
      .boolean('pool_slot')
      .notNullable()
      .defaultTo(false)
      .comment('A warm-pool slot, provisioned ahead of any request');
    table
      .string('release_name', 63)
      .nullable()
      .comment(
        "The store's Helm release when it is not its name (a claimed slot)",
      );
    table
      .text('claimed_from')
      .nullable()
      .comment(
        'While a claimed slot is being handed over: the slot it was (JSON); null after',
      );
    table.index(['pool_slot', 'engine', 'status'], 'stores_pool_slot_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('stores', table => {
    table.dropIndex(['pool_slot', 'engine', 'status'], 'stores_pool_slot_idx');
    table.dropColumn('claimed_from');
    table.dropColumn('release_name');
    table.dropColumn('pool_slot');
  });
};
