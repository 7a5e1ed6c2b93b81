import {
  StoreEngineClaim,
  StoreHandOver,
} from '@storefleet/plugin-stores-node';

/** The Medusa admin's e-mail, the chart's `store.adminEmail` (which Storefleet does not change). */
export const MEDUSA_ADMIN_EMAIL = 'admin@example.com';

/**
 * A Medusa slot's hand-over, through the store's own admin API: sign in with the slot's
 * password; the store's name (`POST /admin/stores/{id}`); a new admin password
 * (`POST /admin/storefleet/admin-password`, a route of the Medusa image that calls Medusa's auth
 * module). Nothing restarts for it.
 */
export const medusaClaim: StoreEngineClaim = {
  rotatedCredentialKeys: ['admin-password'],
  async handOver(input: StoreHandOver) {
    const { origin, previous, next, title, request } = input;
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
    const auth = { Authorization: `Bearer ${token}` };
    const stores = await request(`${origin}/admin/stores?fields=id`, {
      method: 'GET',
      headers: auth,
    });
    const storeId = (stores.body as { stores?: { id?: string }[] } | undefined)
      ?.stores?.[0]?.id;
    if (stores.status !== 200 || !storeId) {
      throw new Error(
        `reading the store through Medusa's admin API failed (HTTP ${stores.status})`,
      );
    }
    const renamed = await request(`${origin}/admin/stores/${storeId}`, {
      method: 'POST',
      headers: auth,
      body: { name: title },
    });
    if (renamed.status !== 200) {
      throw new Error(
        `renaming the store through Medusa's admin API failed (HTTP ${renamed.status})`,
      );
    }
    const changed = await request(`${origin}/admin/storefleet/admin-password`, {
      method: 'POST',
      headers: auth,
      body: { password: next['admin-password'] },
    });
    if (changed.status !== 200) {
      throw new Error(
        `changing the admin password through Medusa's admin API failed (HTTP ${changed.status})`,
      );
    }
    return "store renamed and admin password changed through the store's admin API";
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
