// @ts-check

/**
 * The engine's API for storefronts (Medusa's Store API), shown beside the shop and the admin.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table
      .string('api_url', 2048)
      .nullable()
      .comment(
        "The engine's API for storefronts; null: none apart from the shop",
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('stores', table => {
    table.dropColumn('api_url');
  });
};
