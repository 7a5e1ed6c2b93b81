// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('stores', table => {
    table.comment(
      'One row per store: desired state and observed lifecycle status',
    );
    table.string('id').primary().notNullable();
    table
      .string('name')
      .notNullable()
      .comment('DNS-1123 label, also the Helm release name');
    table.string('display_name').nullable();
    table.string('engine').notNullable();
    table
      .string('owner')
      .notNullable()
      .comment('Entity ref of the owning user or group');
    table
      .string('created_by')
      .notNullable()
      .comment('User entity ref of the requester');
    table.string('desired').notNullable().defaultTo('present');
    table.string('status').notNullable();
    table.text('reason').nullable();
    table.string('namespace').notNullable();
    table.string('storefront_url').nullable();
    table.string('admin_url').nullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.integer('generation').notNullable().defaultTo(1);
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('ready_at', { useTz: true }).nullable();
    table.index(['status'], 'stores_status_idx');
    table.index(['created_by'], 'stores_created_by_idx');
  });
  // A live store name is unique; a deleted store frees its name (its row stays for the record).
  await knex.schema.raw(
    "CREATE UNIQUE INDEX stores_live_name_idx ON stores (name) WHERE status <> 'deleted'",
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('stores');
};
