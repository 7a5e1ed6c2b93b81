import {
  StoreEngine,
  StoreEngineContext,
} from '@storefleet/plugin-stores-node';

const host = (ctx: StoreEngineContext) => `${ctx.storeName}.${ctx.baseDomain}`;

/** WordPress + WooCommerce + MariaDB, chart `charts/woocommerce-store`. */
export const woocommerceEngine: StoreEngine = {
  id: 'woocommerce',
  title: 'WooCommerce',
  chart: 'woocommerce-store',
  credentialKeys: [
    'wordpress-admin-password',
    'mariadb-password',
    'mariadb-root-password',
  ],
  values: ctx => ({
    existingSecret: ctx.credentialsSecretName,
    ingress: { className: ctx.ingressClassName, host: host(ctx) },
  }),
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
  values: ctx => ({
    existingSecret: ctx.credentialsSecretName,
    ingress: { className: ctx.ingressClassName, host: host(ctx) },
  }),
  urls: ctx => ({
    storefrontUrl: `http://${host(ctx)}/store`,
    adminUrl: `http://${host(ctx)}/app`,
  }),
};

export const builtinEngines = [woocommerceEngine, medusaEngine];
