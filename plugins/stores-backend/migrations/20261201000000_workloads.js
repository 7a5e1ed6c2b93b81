// @ts-check

/**
 * The workloads a store had when it last became Ready ("Deployment/shop-server", ...), so the
 * drift check can tell a workload deleted by hand from one the chart never had.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table
      .text('workloads')
      .nullable()
      .comment(
        'JSON list of Kind/name of the Deployments and StatefulSets at Ready',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('stores', table => {
    table.dropColumn('workloads');
  });
};
