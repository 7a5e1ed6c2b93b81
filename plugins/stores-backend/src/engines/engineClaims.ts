import {
  StoreClaimCredentials,
  StoreEngineClaim,
} from '@storefleet/plugin-stores-node';

/** The Medusa admin's e-mail, the chart's `store.adminEmail` (which Storefleet does not change). */
export const MEDUSA_ADMIN_EMAIL = 'admin@example.com';

/**
 * A Medusa slot's hand-over: a new admin password, set through the store's own admin API (sign
 * in with the slot's password, then `POST /admin/storefleet/admin-password`, a route of the
 * Medusa image that calls Medusa's auth module). Nothing restarts for it.
 */
export const medusaClaim: StoreEngineClaim = {
  rotatedCredentialKeys: ['admin-password'],
  async applyRotatedCredentials(input: StoreClaimCredentials) {
    const { origin, previous, next, request } = input;
    const signIn = await request(`${origin}/auth/user/emailpass`, {
      method: 'POST',
      body: { email: MEDUSA_ADMIN_EMAIL, password: previous['admin-password'] },
    });
    const token = (signIn.body as { token?: unknown } | undefined)?.token;
    if (signIn.status !== 200 || typeof token !== 'string') {
      throw new Error(
        `signing in to the slot's Medusa admin failed (HTTP ${signIn.status})`,
      );
    }
    const changed = await request(`${origin}/admin/storefleet/admin-password`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: { password: next['admin-password'] },
    });
    if (changed.status !== 200) {
      throw new Error(
        `changing the admin password through Medusa's admin API failed (HTTP ${changed.status})`,
      );
    }
    return "admin password changed through the store's admin API";
  },
};

/**
 * A WooCommerce slot's hand-over: a new admin password in the Secret; the chart's setup hook
 * (post-upgrade) sets it in WordPress with WP-CLI (`wp eval` + `wp_set_password`, the password
 * read with getenv, never in argv) when it differs from the one WordPress has.
 */
export const woocommerceClaim: StoreEngineClaim = {
  rotatedCredentialKeys: ['wordpress-admin-password'],
};
