import { StoreEngine } from '@storefleet/plugin-stores-node';
import { medusaEngine, woocommerceEngine } from './builtinEngines';
import { validateOptions } from './validateOptions';

const context = {
  storeName: 'berlin',
  release: 'berlin',
  namespace: 'store-berlin',
  baseDomain: 'stores.example.com',
  host: 'berlin.stores.example.com',
  ingressClassName: 'traefik',
  tls: true,
  credentialsSecretName: 'berlin-credentials',
};

describe('validateOptions', () => {
  it('passes the options an engine allows', () => {
    expect(
      validateOptions(woocommerceEngine, { country: 'DE', currency: 'EUR' }),
    ).toEqual({ country: 'DE', currency: 'EUR' });
    expect(validateOptions(medusaEngine, { countries: ['DE', 'AT'] })).toEqual({
      countries: ['DE', 'AT'],
    });
    expect(validateOptions(woocommerceEngine, {})).toBeUndefined();
    expect(validateOptions(woocommerceEngine, undefined)).toBeUndefined();
  });

  it('names every bad option', () => {
    expect(() =>
      validateOptions(medusaEngine, {
        countries: ['DE', 'aut'],
        currency: 'euro',
      }),
    ).toThrow(
      "Invalid options for store engine 'medusa': options.countries.1: an ISO 3166-1 alpha-2 country code in capitals, e.g. DE; options.currency: an ISO 4217 currency code in capitals, e.g. EUR",
    );
  });

  it('refuses options an engine does not know, and any option for an engine without options', () => {
    expect(() =>
      validateOptions(woocommerceEngine, { countries: ['DE'] }),
    ).toThrow(/Unrecognized key: "countries"/);
    const plain: StoreEngine = {
      ...woocommerceEngine,
      id: 'plain',
      options: undefined,
    };
    expect(() => validateOptions(plain, { country: 'DE' })).toThrow(
      "Store engine 'plain' takes no options",
    );
  });
});

describe('engine values', () => {
  it('puts the display name and the options into the chart store block, next to the common values', () => {
    expect(
      woocommerceEngine.values({
        ...context,
        displayName: 'Berlin Shop',
        options: { country: 'DE', currency: 'EUR' },
      }),
    ).toEqual({
      backstageId: 'berlin',
      existingSecret: 'berlin-credentials',
      ingress: {
        className: 'traefik',
        host: 'berlin.stores.example.com',
        tls: { enabled: true },
      },
      store: { title: 'Berlin Shop', country: 'DE', currency: 'EUR' },
    });
    expect(medusaEngine.values({ ...context, options: {} })).toMatchObject({
      store: { title: 'berlin' },
    });
  });
});
