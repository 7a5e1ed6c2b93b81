import { MedusaContainer } from '@medusajs/framework/types';
import {
  ContainerRegistrationKeys,
  Modules,
  ProductStatus,
} from '@medusajs/framework/utils';
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createStoresWorkflow,
  createTaxRegionsWorkflow,
  createUserAccountWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from '@medusajs/medusa/core-flows';

/**
 * Makes a new store sellable, once (Medusa records migration scripts it ran): a sales channel,
 * the store currency, a region paid with pp_system_default, a tax region, a stock location
 * shipping with manual_manual, a flat shipping option, a publishable API key, sample
 * products, and the admin user (password from MEDUSA_ADMIN_PASSWORD, never argv).
 */
export default async function seedStore({
  container,
}: {
  container: MedusaContainer;
}) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const link = container.resolve(ContainerRegistrationKeys.LINK);
  const currency = (process.env.STORE_CURRENCY || 'usd').toLowerCase();
  const countries = (process.env.STORE_COUNTRIES || 'us')
    .toLowerCase()
    .split(',')
    .filter(Boolean);

  // The default store is created when the server first starts, which is after migrations.
  const storeModule = container.resolve(Modules.STORE);
  let [store] = await storeModule.listStores();
  if (!store) {
    const { result } = await createStoresWorkflow(container).run({
      input: {
        stores: [
          {
            name: process.env.STORE_NAME || 'Store',
            supported_currencies: [
              { currency_code: currency, is_default: true },
            ],
          },
        ],
      },
    });
    store = result[0];
  }

  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: 'Storefront' }] },
  });
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        name: process.env.STORE_NAME || store.name,
        supported_currencies: [{ currency_code: currency, is_default: true }],
        default_sales_channel_id: salesChannel.id,
      },
    },
  });

  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: 'Default',
          currency_code: currency,
          countries,
          payment_providers: ['pp_system_default'],
        },
      ],
    },
  });
  await createTaxRegionsWorkflow(container).run({
    input: countries.map(country_code => ({
      country_code,
      provider_id: 'tp_system',
    })),
  });

  const {
    result: [stockLocation],
  } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        {
          name: 'Warehouse',
          address: {
            address_1: '1 Main Street',
            city: 'Springfield',
            country_code: countries[0],
          },
        },
      ],
    },
  });
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: 'manual_manual' },
  });

  const fulfillment = container.resolve(Modules.FULFILLMENT);
  let [shippingProfile] = await fulfillment.listShippingProfiles({
    type: 'default',
  });
  if (!shippingProfile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: 'Default', type: 'default' }] },
    });
    shippingProfile = result[0];
  }
  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: 'Warehouse delivery',
    type: 'shipping',
    service_zones: [
      {
        name: 'Default',
        geo_zones: countries.map(country_code => ({
          country_code,
          type: 'country' as const,
        })),
      },
    ],
  });
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: stockLocation.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  });
  await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: 'Standard shipping',
        price_type: 'flat',
        provider_id: 'manual_manual',
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: shippingProfile.id,
        type: {
          label: 'Standard',
          description: 'Ships in 2-3 days.',
          code: 'standard',
        },
        prices: [
          { currency_code: currency, amount: 5 },
          { region_id: region.id, amount: 5 },
        ],
        rules: [
          { attribute: 'enabled_in_store', value: 'true', operator: 'eq' },
          { attribute: 'is_return', value: 'false', operator: 'eq' },
        ],
      },
    ],
  });
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: stockLocation.id, add: [salesChannel.id] },
  });

  const {
    result: [publishableKey],
  } = await createApiKeysWorkflow(container).run({
    input: {
      api_keys: [{ title: 'Storefront', type: 'publishable', created_by: '' }],
    },
  });
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: publishableKey.id, add: [salesChannel.id] },
  });

  await createProductsWorkflow(container).run({
    input: {
      products: [
        { title: 'Storefleet Hoodie', handle: 'storefleet-hoodie', price: 45 },
        { title: 'Storefleet Cap', handle: 'storefleet-cap', price: 20 },
        {
          title: 'Storefleet Stickers',
          handle: 'storefleet-stickers',
          price: 4,
        },
      ].map(p => ({
        title: p.title,
        handle: p.handle,
        status: ProductStatus.PUBLISHED,
        shipping_profile_id: shippingProfile.id,
        sales_channels: [{ id: salesChannel.id }],
        options: [{ title: 'Size', values: ['One size'] }],
        variants: [
          {
            title: 'One size',
            sku: p.handle.toUpperCase(),
            manage_inventory: false,
            options: { Size: 'One size' },
            prices: [{ currency_code: currency, amount: p.price }],
          },
        ],
      })),
    },
  });

  const email = process.env.MEDUSA_ADMIN_EMAIL;
  const password = process.env.MEDUSA_ADMIN_PASSWORD;
  if (email && password) {
    const auth = container.resolve(Modules.AUTH);
    const { authIdentity, error } = await auth.register('emailpass', {
      body: { email, password },
    });
    if (error || !authIdentity)
      throw new Error(`creating the admin identity failed: ${error}`);
    await createUserAccountWorkflow(container).run({
      input: { authIdentityId: authIdentity.id, userData: { email } },
    });
  }
  logger.info(
    `Store seeded: region ${region.id}, publishable key ${
      publishableKey.id
    }, admin ${email ?? 'not created'}`,
  );
}
