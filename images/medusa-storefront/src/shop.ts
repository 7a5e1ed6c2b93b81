import Medusa from '@medusajs/js-sdk';

/** What the shop's server tells the page at run time (server.mjs, from the chart's values). */
export interface ShopConfig {
  title: string;
  publishableKey: string;
}

export async function loadConfig(): Promise<ShopConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(
      `The shop's configuration did not load (HTTP ${response.status}).`,
    );
  }
  return response.json();
}

/**
 * The shop's name as the store's admin has it (a route of the store's Medusa image); empty
 * when the store has none, and the run-time config's title is shown instead.
 */
export async function loadShopName(sdk: Medusa): Promise<string> {
  const { name } = await sdk.client.fetch<{ name: string }>(
    '/store/storefleet/shop',
  );
  return name;
}

/**
 * The Medusa Store API lives on the same host as the shop (the store's Ingress routes /store and
 * /auth to the Medusa server), so the SDK talks to this page's own origin: no CORS, one URL.
 */
export function createClient(config: ShopConfig): Medusa {
  return new Medusa({
    baseUrl: window.location.origin,
    publishableKey: config.publishableKey,
  });
}

export function formatPrice(
  amount: number | null | undefined,
  currency: string,
): string {
  if (amount === null || amount === undefined) return '—';
  return new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency: currency.toUpperCase(),
  }).format(amount);
}

/** The message of whatever went wrong, in words a customer can read. */
export function describeError(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}
