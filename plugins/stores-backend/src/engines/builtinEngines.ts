import {
  StoreEngine,
  StoreEngineContext,
} from '@storefleet/plugin-stores-node';
import { z } from 'zod';
import {
  medusaClaim,
  MEDUSA_ADMIN_EMAIL,
  woocommerceClaim,
} from './engineClaims';

/** The store's origin, with the scheme its Ingress serves. */
const origin = (ctx: StoreEngineContext) =>
  `${ctx.tls ? 'https' : 'http'}://${ctx.host}`;

const country = z
  .string()
  .regex(
    /^[A-Z]{2}$/,
    'an ISO 3166-1 alpha-2 country code in capitals, e.g. DE',
  );
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code in capitals, e.g. EUR');

/** Values every Storefleet chart understands; never a secret (those stay in the Secret). */
const commonValues = (ctx: StoreEngineContext) => ({
  // The pods' label for the Kubernetes tab: the release, which a hand-over from the warm pool
  // keeps (so no pod restarts for it); the entity's kubernetes-id annotation names it.
  backstageId: ctx.release,
  existingSecret: ctx.credentialsSecretName,
  ingress: {
    className: ctx.ingressClassName,
    host: ctx.host,
    tls: { enabled: ctx.tls },
  },
});

/** The chart's `store` block: the title customers see, and the requester's options. */
const storeValues = (ctx: StoreEngineContext) => ({
  store: { title: ctx.displayName || ctx.storeName, ...ctx.options },
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
  options: z
    .object({ country: country.optional(), currency: currency.optional() })
    .strict(),
  values: ctx => ({ ...commonValues(ctx), ...storeValues(ctx) }),
  urls: ctx => ({
    storefrontUrl: `${origin(ctx)}/`,
    adminUrl: `${origin(ctx)}/wp-admin/`,
  }),
  claim: woocommerceClaim,
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
    // The shop's publishable API key (public by design; the chart prefixes it with pk_).
    'publishable-key',
  ],
  adminLogin: { username: MEDUSA_ADMIN_EMAIL, passwordKey: 'admin-password' },
  options: z
    .object({
      countries: z.array(country).min(1).max(50).optional(),
      currency: currency.optional(),
    })
    .strict(),
  values: ctx => ({ ...commonValues(ctx), ...storeValues(ctx) }),
  // The shop (images/medusa-storefront) at /, Medusa's admin and Store API on their paths.
  urls: ctx => ({
    storefrontUrl: `${origin(ctx)}/`,
    adminUrl: `${origin(ctx)}/app`,
    apiUrl: `${origin(ctx)}/store`,
  }),
  claim: medusaClaim,
};

export const builtinEngines = [woocommerceEngine, medusaEngine];
