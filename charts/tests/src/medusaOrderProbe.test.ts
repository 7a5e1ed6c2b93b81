import { run } from '@storefleet/sim-cluster';
import { orderProbePath } from './fakeServer';
import { startFakeMedusa } from './fakeMedusa';

const probe = orderProbePath('medusa-store');
const admin = {
  adminEmail: 'admin@example.com',
  adminPassword: 'from-the-Secret',
};

function runProbe(url: string, password = admin.adminPassword) {
  return run(process.execPath, [probe], {
    env: {
      MEDUSA_URL: url,
      MEDUSA_ADMIN_EMAIL: admin.adminEmail,
      MEDUSA_ADMIN_PASSWORD: password,
    },
    timeoutMs: 30_000,
  });
}

async function withStore(
  options: Partial<Parameters<typeof startFakeMedusa>[0]>,
  fn: (store: Awaited<ReturnType<typeof startFakeMedusa>>) => Promise<void>,
) {
  const store = await startFakeMedusa({ ...admin, ...options });
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

describe('Medusa order probe (against a fake Medusa)', () => {
  it('walks cart → line item → shipping → payment collection → complete, then confirms as admin', () =>
    withStore({}, async store => {
      const result = await runProbe(store.url);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(store.requests).toEqual([
        'POST /auth/user/emailpass',
        'GET /admin/api-keys',
        'GET /store/regions',
        // Medusa's default key (empty sales channel), then the storefront's.
        'GET /store/products',
        'GET /store/products',
        'POST /store/carts',
        'POST /store/carts/cart_1/line-items',
        'POST /store/carts/cart_1',
        'GET /store/shipping-options',
        'POST /store/carts/cart_1/shipping-methods',
        'POST /store/payment-collections',
        'POST /store/payment-collections/pay_col_cart_1/payment-sessions',
        'POST /store/carts/cart_1/complete',
        'GET /admin/orders/order_1',
      ]);
      expect(store.orders.size).toBe(1);
      expect(result.stdout).toContain(
        '"step":"order confirmed","orderId":"order_1"',
      );
    }));

  it('fails on a wrong admin password with what Medusa said', () =>
    withStore({}, async store => {
      const result = await runProbe(store.url, 'wrong');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'admin login: POST /auth/user/emailpass answered HTTP 401',
      );
      expect(store.orders.size).toBe(0);
    }));

  it('fails when no shipping option serves the region', () =>
    withStore({ shippingOptions: false }, async store => {
      const result = await runProbe(store.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'shipping options: none for a cart in us',
      );
    }));

  it('fails when the order payment is not authorized', () =>
    withStore({ paymentStatus: 'not_paid' }, async store => {
      const result = await runProbe(store.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'has payment status not_paid, expected authorized',
      );
    }));

  it('fails when no sales channel of any publishable key sells a product', () =>
    withStore({ products: false }, async store => {
      const result = await runProbe(store.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        "product: no sales channel of the store's 2 publishable key(s) has a product with a variant",
      );
      expect(store.orders.size).toBe(0);
    }));
});
