import {
  StoreEngine,
  StoreEngineContext,
} from '@storefleet/plugin-stores-node';

const host = (ctx: StoreEngineContext) => `${ctx.storeName}.${ctx.baseDomain}`;

/** Values every Storefleet chart understands; never a secret (those stay in the Secret). */
const commonValues = (ctx: StoreEngineContext) => ({
  backstageId: ctx.storeName,
  existingSecret: ctx.credentialsSecretName,
  ingress: { className: ctx.ingressClassName, host: host(ctx) },
});

/** WordPress + WooCommerce + MariaDB, chart `charts/woocommerce-store`. */
export const woocommerceEngine: StoreEngine = {
  id: 'woocommerce',
  title: 'WooCommerce',
  chart: 'woocommerce-store',
  credentialKeys: [
    'wordpress-admin-password',
    'mariadb-password',
    'mariadb-root-password',
    'wordpress-salt',
    'wc-consumer-key',
    'wc-consumer-secret',
  ],
  adminLogin: { username: 'admin', passwordKey: 'wordpress-admin-password' },
  values: commonValues,
  urls: ctx => ({
    storefrontUrl: `http://${host(ctx)}/`,
    adminUrl: `http://${host(ctx)}/wp-admin/`,
  }),
};

/** Medusa v2 + PostgreSQL + Redis, chart `charts/medusa-store`. */
export const medusaEngine: StoreEngine = {
  id: 'medusa',
  title: 'Medusa',
  chart: 'medusa-store',
  credentialKeys: [
    'admin-password',
    'postgres-password',
    'jwt-secret',
    'cookie-secret',
  ],
  adminLogin: { username: 'admin@example.com', passwordKey: 'admin-password' },
  values: commonValues,
  urls: ctx => ({
    storefrontUrl: `http://${host(ctx)}/store`,
    adminUrl: `http://${host(ctx)}/app`,
  }),
};

export const builtinEngines = [woocommerceEngine, medusaEngine];
