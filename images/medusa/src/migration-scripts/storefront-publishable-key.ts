import { MedusaContainer } from '@medusajs/framework/types';
import { ContainerRegistrationKeys, Modules } from '@medusajs/framework/utils';

/**
 * The shop (images/medusa-storefront) is handed its publishable key by the chart, from the
 * store's Secret; this makes the store's "Storefront" key (made by seed-store.ts, which runs
 * first: scripts run in name order) carry that token. It runs once per store, new or old.
 * Publishable keys are stored as they are (only secret keys are hashed) and are public by
 * design: every page of the shop sends it.
 */
export default async function storefrontPublishableKey({
  container,
}: {
  container: MedusaContainer;
}) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const token = process.env.MEDUSA_PUBLISHABLE_KEY;
  if (!token) {
    logger.warn('MEDUSA_PUBLISHABLE_KEY is not set: the shop keeps no key');
    return;
  }
  if (!/^pk_[A-Za-z0-9_-]{16,}$/.test(token)) {
    throw new Error(
      'MEDUSA_PUBLISHABLE_KEY must look like pk_ and at least 16 letters, digits, _ or -',
    );
  }
  const apiKeys = container.resolve(Modules.API_KEY);
  const [key] = await apiKeys.listApiKeys({
    type: 'publishable',
    title: 'Storefront',
  });
  if (!key) throw new Error('the store has no "Storefront" publishable key');
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION);
  await knex('api_key')
    .where({ id: key.id })
    .update({ token, redacted: `${token.slice(0, 6)}***${token.slice(-3)}` });
  logger.info(`The shop's publishable key is set on ${key.id}`);
}
