import { startFakeServer } from './fakeServer';

/**
 * Test double of a Medusa v2 server for the probe's unit test: admin login, publishable keys,
 * and the Store API checkout with its preconditions (the real Medusa run is a separate test).
 */
export interface FakeMedusaOptions {
  adminEmail: string;
  adminPassword: string;
  shippingOptions?: boolean;
  paymentStatus?: string;
  /** The storefront's key sells products; with false, no key's sales channel does. */
  products?: boolean;
}

export async function startFakeMedusa(options: FakeMedusaOptions) {
  const publishableKey = 'pk_fake';
  // As in a real Medusa: its migrations create a default key on an empty sales channel, and the
  // admin API lists it first.
  const defaultKey = 'pk_default';
  const adminToken = 'admin-jwt';
  const carts = new Map<string, any>();
  const orders = new Map<string, any>();

  const server = await startFakeServer(({ req, url, raw, send }) => {
    const path = url.pathname;
    const body = raw ? JSON.parse(raw) : {};
    const isAdmin = req.headers.authorization === `Bearer ${adminToken}`;
    const key = req.headers['x-publishable-api-key'];
    const isStore = key === publishableKey || key === defaultKey;

    if (req.method === 'POST' && path === '/auth/user/emailpass') {
      return body.email === options.adminEmail &&
        body.password === options.adminPassword
        ? send(200, { token: adminToken })
        : send(401, {
            type: 'unauthorized',
            message: 'Invalid email or password',
          });
    }
    if (path.startsWith('/admin/')) {
      if (!isAdmin)
        return send(401, { type: 'unauthorized', message: 'Unauthorized' });
      if (path === '/admin/api-keys')
        return send(200, {
          api_keys: [
            { id: 'apk_0', token: defaultKey, type: 'publishable' },
            { id: 'apk_1', token: publishableKey, type: 'publishable' },
          ],
        });
      const orderId = path.match(/^\/admin\/orders\/([\w-]+)$/)?.[1];
      if (orderId && orders.has(orderId))
        return send(200, { order: orders.get(orderId) });
      return send(404, { type: 'not_found', message: 'Not found' });
    }
    if (!isStore) {
      return send(400, {
        type: 'not_allowed',
        message:
          'Publishable API key required in the request header: x-publishable-api-key.',
      });
    }
    if (req.method === 'GET' && path === '/store/regions') {
      return send(200, {
        regions: [
          { id: 'reg_1', currency_code: 'usd', countries: [{ iso_2: 'us' }] },
        ],
      });
    }
    if (req.method === 'GET' && path === '/store/products') {
      if (key === defaultKey || options.products === false)
        return send(200, { products: [] });
      return url.searchParams.get('region_id') === 'reg_1'
        ? send(200, {
            products: [
              {
                id: 'prod_1',
                title: 'Storefleet Hoodie',
                variants: [{ id: 'variant_1' }],
              },
            ],
          })
        : send(400, { message: 'region_id required for prices' });
    }
    if (req.method === 'POST' && path === '/store/carts') {
      const cart = {
        id: `cart_${carts.size + 1}`,
        region_id: body.region_id,
        items: [] as any[],
      };
      carts.set(cart.id, cart);
      return send(200, { cart });
    }
    const cartMatch = path.match(/^\/store\/carts\/(cart_\d+)(\/.*)?$/);
    if (cartMatch) {
      const cart = carts.get(cartMatch[1]);
      if (!cart) return send(404, { message: 'cart not found' });
      const sub = cartMatch[2] ?? '';
      if (sub === '/line-items') cart.items.push(body);
      else if (sub === '') Object.assign(cart, body);
      else if (sub === '/shipping-methods') cart.shipping = body.option_id;
      else if (sub === '/complete') {
        const ready =
          cart.items.length &&
          cart.email &&
          cart.shipping_address?.country_code === 'us' &&
          cart.shipping &&
          cart.payment_session === 'pp_system_default';
        if (!ready)
          return send(200, {
            type: 'cart',
            error: { message: 'cart not ready', cart },
          });
        const order = {
          id: `order_${orders.size + 1}`,
          status: 'pending',
          payment_status: options.paymentStatus ?? 'authorized',
        };
        orders.set(order.id, order);
        return send(200, { type: 'order', order: { id: order.id } });
      }
      return send(200, { cart });
    }
    if (req.method === 'GET' && path === '/store/shipping-options') {
      const cart = carts.get(url.searchParams.get('cart_id') ?? '');
      return send(200, {
        shipping_options:
          options.shippingOptions === false || !cart ? [] : [{ id: 'so_1' }],
      });
    }
    if (req.method === 'POST' && path === '/store/payment-collections') {
      return send(200, {
        payment_collection: { id: `pay_col_${body.cart_id}` },
      });
    }
    const sessionMatch = path.match(
      /^\/store\/payment-collections\/pay_col_(cart_\d+)\/payment-sessions$/,
    );
    if (req.method === 'POST' && sessionMatch) {
      carts.get(sessionMatch[1]).payment_session = body.provider_id;
      return send(200, {
        payment_collection: { id: `pay_col_${sessionMatch[1]}` },
      });
    }
    return send(404, { message: `no route ${req.method} ${path}` });
  });
  return { ...server, orders };
}
