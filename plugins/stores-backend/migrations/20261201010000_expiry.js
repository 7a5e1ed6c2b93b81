// @ts-check

/**
 * Optional time to live: the expiry check deletes a store after `expires_at`, and tells its
 * owner once, some time before (`expiry_notified_at`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('stores', table => {
    table
      .timestamp('expires_at', { useTz: true })
      .nullable()
      .comment(
        'The store is deleted after this time; null: it does not expire',
      );
    table
      .timestamp('expiry_notified_at', { useTz: true })
      .nullable()
      .comment('When the owner was told of the coming expiry');
    table.index(['expires_at'], 'stores_expires_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('stores', table => {
    table.dropIndex(['expires_at'], 'stores_expires_at_idx');
    table.dropColumn('expires_at');
    table.dropColumn('expiry_notified_at');
  });
};
