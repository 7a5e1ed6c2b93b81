// @ts-check

/**
 * A store's Kubernetes identity is its own: no two live stores share a namespace or a Helm
 * release (and so no Secret, which lives in the namespace under the release's name). Every row
 * records its release; before this, a null meant "the store's name".
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table
      .string('objects_store_id')
      .nullable()
      .comment(
        'The storefleet.io/store-id its Kubernetes objects carry when not its id (a failed hand-over clean-up)',
      );
  });
  await knex('stores')
    .whereNull('release_name')
    .update({ release_name: knex.ref('name') });
  await knex.schema.raw(
    "CREATE UNIQUE INDEX stores_live_namespace_idx ON stores (namespace) WHERE status <> 'deleted'",
  );
  await knex.schema.raw(
    "CREATE UNIQUE INDEX stores_live_release_idx ON stores (release_name) WHERE status <> 'deleted'",
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.raw('DROP INDEX stores_live_release_idx');
  await knex.schema.raw('DROP INDEX stores_live_namespace_idx');
  await knex.schema.alterTable('stores', table => {
    table.dropColumn('objects_store_id');
  });
};
