// @ts-check
// Test only (platformInCluster.simcluster.test.ts): the migration a "next release" of the backend
// image adds. Each replica that ran it would leave a row with its pod's host name, so one row
// after a two-replica upgrade shows the migration ran once.
const { hostname } = require('node:os');

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('storefleet_upgrade_probe', table => {
    table.string('applied_by').notNullable();
    table.timestamp('applied_at').notNullable().defaultTo(knex.fn.now());
  });
  await knex('storefleet_upgrade_probe').insert({ applied_by: hostname() });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('storefleet_upgrade_probe');
};
