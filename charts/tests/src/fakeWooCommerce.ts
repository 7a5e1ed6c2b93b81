import { createHmac } from 'node:crypto';
import { startFakeServer } from './fakeServer';

/**
 * Test double of a WooCommerce store (WooCommerce cannot run on these machines): the Store API
 * cart → add-item → checkout flow with Cart-Token, and REST v3 orders behind OAuth 1.0a,
 * verified the way WooCommerce's WC_REST_Authentication::check_oauth_signature does.
 */
export interface FakeWooCommerceOptions {
  homeUrl: string;
  consumerKey: string;
  consumerSecret: string;
  products?: { id: number; name: string }[];
  failCheckoutWith?: number;
  orderStatus?: string;
}

export async function startFakeWooCommerce(options: FakeWooCommerceOptions) {
  const carts = new Map<string, number[]>();
  const orders = new Map<number, { status: string; items: number[] }>();
  let nextOrder = 100;

  const server = await startFakeServer(({ req, url, raw, send }) => {
    const token = req.headers['cart-token'] as string | undefined;

    if (
      req.method === 'GET' &&
      url.pathname === '/wp-json/wc/store/v1/products'
    ) {
      return send(200, options.products ?? [{ id: 7, name: 'Storefleet Mug' }]);
    }
    if (req.method === 'GET' && url.pathname === '/wp-json/wc/store/v1/cart') {
      const newToken = `cart-${carts.size + 1}`;
      carts.set(newToken, []);
      return send(200, { items: [] }, { 'Cart-Token': newToken });
    }
    if (
      req.method === 'POST' &&
      url.pathname === '/wp-json/wc/store/v1/cart/add-item'
    ) {
      if (!token || !carts.has(token))
        return send(401, { code: 'woocommerce_rest_missing_nonce' });
      carts.get(token)!.push(JSON.parse(raw).id);
      return send(201, { items_count: carts.get(token)!.length });
    }
    if (
      req.method === 'POST' &&
      url.pathname === '/wp-json/wc/store/v1/checkout'
    ) {
      if (options.failCheckoutWith)
        return send(options.failCheckoutWith, {
          code: 'checkout_failed',
          message: 'no shipping method',
        });
      const body = JSON.parse(raw);
      if (!token || !carts.get(token)?.length)
        return send(400, { code: 'woocommerce_rest_cart_empty' });
      if (body.payment_method !== 'cod' || !body.billing_address?.email)
        return send(400, { code: 'invalid_payment' });
      const id = nextOrder++;
      orders.set(id, {
        status: options.orderStatus ?? 'processing',
        items: carts.get(token)!,
      });
      return send(200, {
        order_id: id,
        status: options.orderStatus ?? 'processing',
      });
    }
    const orderMatch = url.pathname.match(/^\/wp-json\/wc\/v3\/orders\/(\d+)$/);
    if (req.method === 'GET' && orderMatch) {
      if (!verifyOAuth(req.method, url, options)) {
        return send(401, {
          code: 'woocommerce_rest_authentication_error',
          message: 'Invalid signature - provided signature does not match.',
        });
      }
      const order = orders.get(Number(orderMatch[1]));
      if (!order)
        return send(404, { code: 'woocommerce_rest_shop_order_invalid_id' });
      return send(200, {
        id: Number(orderMatch[1]),
        status: order.status,
        total: '17.50',
      });
    }
    return send(404, { code: 'rest_no_route' });
  });
  return { ...server, orders };
}

/** PHP rawurlencode: RFC 3986 unreserved characters stay, everything else is %XX. */
const rawurlencode = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

function verifyOAuth(
  method: string,
  url: URL,
  options: FakeWooCommerceOptions,
): boolean {
  const params = Object.fromEntries(url.searchParams.entries());
  if (params.oauth_consumer_key !== options.consumerKey) return false;
  const age = Math.abs(Date.now() / 1000 - Number(params.oauth_timestamp));
  if (!(age < 15 * 60) || !params.oauth_nonce) return false;
  const provided = params.oauth_signature;
  delete params.oauth_signature;
  const normalized = Object.keys(params)
    .sort()
    .map(
      k =>
        `${rawurlencode(decodeURIComponent(k))}%3D${rawurlencode(params[k])}`,
    )
    .join('%26');
  const base = `${method}&${rawurlencode(
    `${options.homeUrl}${url.pathname}`,
  )}&${normalized}`;
  const algorithm = params.oauth_signature_method
    ?.replace('HMAC-', '')
    .toLowerCase();
  if (algorithm !== 'sha1' && algorithm !== 'sha256') return false;
  const expected = createHmac(algorithm, `${options.consumerSecret}&`)
    .update(base)
    .digest('base64');
  return expected === provided;
}
