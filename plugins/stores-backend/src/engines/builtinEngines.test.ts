import { StoreEngineContext } from '@storefleet/plugin-stores-node';
import { medusaEngine, woocommerceEngine } from './builtinEngines';

const context = (tls: boolean): StoreEngineContext => ({
  storeName: 'shop',
  release: 'shop',
  namespace: 'store-shop',
  baseDomain: 'stores.example.com',
  host: 'shop.stores.example.com',
  ingressClassName: 'traefik',
  tls,
  credentialsSecretName: 'shop-credentials',
  options: {},
});

describe('built-in engines', () => {
  it.each([
    [woocommerceEngine, '/', '/wp-admin/', undefined],
    [medusaEngine, '/', '/app', '/store'],
  ])(
    '%s: URLs follow whether the Ingress serves TLS',
    (engine, store, admin, api) => {
      for (const [tls, scheme] of [
        [true, 'https'],
        [false, 'http'],
      ] as const) {
        expect(engine.urls(context(tls))).toEqual({
          storefrontUrl: `${scheme}://shop.stores.example.com${store}`,
          adminUrl: `${scheme}://shop.stores.example.com${admin}`,
          ...(api && { apiUrl: `${scheme}://shop.stores.example.com${api}` }),
        });
      }
    },
  );

  it.each([woocommerceEngine, medusaEngine])(
    '%s: tells the chart to serve TLS exactly when the URLs say https',
    engine => {
      for (const tls of [true, false]) {
        expect(engine.values(context(tls))).toMatchObject({
          ingress: { host: 'shop.stores.example.com', tls: { enabled: tls } },
        });
      }
    },
  );

  it.each([woocommerceEngine, medusaEngine])(
    '%s: puts a custom domain on the Ingress and in the URLs',
    engine => {
      const custom = { ...context(true), host: 'shop.example.org' };
      expect(engine.values(custom)).toMatchObject({
        ingress: { host: 'shop.example.org', tls: { enabled: true } },
      });
      expect(engine.urls(custom).storefrontUrl).toMatch(
        /^https:\/\/shop\.example\.org\//,
      );
    },
  );
});
