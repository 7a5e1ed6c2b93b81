import { run } from '@storefleet/sim-cluster';
import { orderProbePath } from './fakeServer';
import { startFakeWooCommerce } from './fakeWooCommerce';

const probe = orderProbePath('woocommerce-store');
const node = process.execPath;
const key = 'k3yMaterial_from-the-Secret';
const secret = 'S3cret_from-the-Secret';

function runProbe(storeUrl: string, env: Record<string, string> = {}) {
  return run(node, [probe], {
    env: {
      STORE_URL: storeUrl,
      STORE_PUBLIC_URL: 'https://shop.stores.example.com',
      WC_CONSUMER_KEY: key,
      WC_CONSUMER_SECRET: secret,
      ...env,
    },
    timeoutMs: 30_000,
  });
}

const fakeOptions = {
  homeUrl: 'http://shop.stores.example.com',
  consumerKey: `ck_${key}`,
  consumerSecret: `cs_${secret}`,
};

describe('WooCommerce order probe (against a fake WooCommerce)', () => {
  it('places an order through the Store API and confirms it through the signed admin API', async () => {
    const store = await startFakeWooCommerce(fakeOptions);
    try {
      const result = await runProbe(store.url);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(store.requests).toEqual([
        'GET /wp-json/wc/store/v1/products',
        'GET /wp-json/wc/store/v1/cart',
        'POST /wp-json/wc/store/v1/cart/add-item',
        'POST /wp-json/wc/store/v1/checkout',
        'GET /wp-json/wc/v3/orders/100',
      ]);
      expect(store.orders.get(100)).toEqual({
        status: 'processing',
        items: [7],
      });
      expect(result.stdout).toContain(
        '"step":"order confirmed","orderId":100,"status":"processing"',
      );
    } finally {
      await store.close();
    }
  });

  it('fails when the admin signature is wrong (wrong secret)', async () => {
    const store = await startFakeWooCommerce(fakeOptions);
    try {
      const result = await runProbe(store.url, {
        WC_CONSUMER_SECRET: 'not-the-secret',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /confirm as admin: GET \/wp-json\/wc\/v3\/orders\/100\?.* answered HTTP 401: .*Invalid signature/,
      );
    } finally {
      await store.close();
    }
  });

  it('fails with the step and what the store said when checkout fails', async () => {
    const store = await startFakeWooCommerce({
      ...fakeOptions,
      failCheckoutWith: 500,
    });
    try {
      const result = await runProbe(store.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'order probe failed: checkout: POST /wp-json/wc/store/v1/checkout answered HTTP 500',
      );
      expect(result.stderr).toContain('no shipping method');
    } finally {
      await store.close();
    }
  });

  it('fails when the store has no products', async () => {
    const store = await startFakeWooCommerce({ ...fakeOptions, products: [] });
    try {
      const result = await runProbe(store.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'find a product: the store has no published products',
      );
    } finally {
      await store.close();
    }
  });

  it('fails when the order is not processing', async () => {
    const store = await startFakeWooCommerce({
      ...fakeOptions,
      orderStatus: 'pending',
    });
    try {
      const result = await runProbe(store.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'order 100 is pending, expected processing',
      );
    } finally {
      await store.close();
    }
  });

  it('refuses to run without its settings', async () => {
    const result = await run(node, [probe], {
      env: { STORE_URL: '', WC_CONSUMER_KEY: '', WC_CONSUMER_SECRET: '' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'STORE_URL, WC_CONSUMER_KEY and WC_CONSUMER_SECRET must be set',
    );
  });
});
