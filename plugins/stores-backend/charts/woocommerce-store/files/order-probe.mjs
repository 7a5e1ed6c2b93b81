// Places a real order as an anonymous customer through the WooCommerce Store API, then confirms
// it through the admin side (REST API v3, OAuth 1.0a one-legged, read-only key). No
// dependencies: Node's fetch and crypto. Exit 0 only when an order exists and is processing.
//
// Env: STORE_URL (where to send requests), STORE_PUBLIC_URL (the store's home URL, which
// WooCommerce signs against; defaults to STORE_URL), WC_CONSUMER_KEY, WC_CONSUMER_SECRET.
import { createHmac, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const baseUrl = process.env.STORE_URL?.replace(/\/$/, '');
const publicUrl = (process.env.STORE_PUBLIC_URL ?? baseUrl)?.replace(/\/$/, '');
const consumerKey = `ck_${process.env.WC_CONSUMER_KEY ?? ''}`;
const consumerSecret = `cs_${process.env.WC_CONSUMER_SECRET ?? ''}`;

const log = (step, detail) => console.log(JSON.stringify({ step, ...detail }));

// The outcome also goes to ORDER_PROBE_RESULT_FILE (the chart sets the container's
// /dev/termination-log), where the platform reads it from the pod's status, logs or not.
const report = (step, detail) => {
  log(step, detail);
  if (process.env.ORDER_PROBE_RESULT_FILE)
    writeFileSync(
      process.env.ORDER_PROBE_RESULT_FILE,
      JSON.stringify({ step, ...detail }),
    );
};

class ProbeError extends Error {}

async function call(step, path, { method = 'GET', headers = {}, body } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new ProbeError(
      `${step}: ${method} ${path} answered HTTP ${
        response.status
      }: ${text.slice(0, 300)}`,
    );
  }
  try {
    return { json: JSON.parse(text), headers: response.headers };
  } catch {
    throw new ProbeError(
      `${step}: ${method} ${path} did not answer JSON: ${text.slice(0, 200)}`,
    );
  }
}

/** OAuth 1.0a query parameters, signed the way WooCommerce checks them over plain HTTP. */
export function oauthQuery(
  method,
  path,
  key,
  secret,
  { nonce, timestamp, signingBase },
) {
  const params = {
    oauth_consumer_key: key,
    oauth_nonce: nonce,
    oauth_signature_method: 'HMAC-SHA256',
    oauth_timestamp: String(timestamp),
  };
  const enc = s =>
    encodeURIComponent(s).replace(
      /[!'()*]/g,
      c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  const normalized = Object.keys(params)
    .sort()
    .map(k => `${enc(k)}%3D${enc(params[k])}`)
    .join('%26');
  const base = `${method}&${enc(`${signingBase}${path}`)}&${normalized}`;
  const signature = createHmac('sha256', `${secret}&`)
    .update(base)
    .digest('base64');
  return new URLSearchParams({
    ...params,
    oauth_signature: signature,
  }).toString();
}

async function main() {
  if (
    !baseUrl ||
    !process.env.WC_CONSUMER_KEY ||
    !process.env.WC_CONSUMER_SECRET
  ) {
    throw new ProbeError(
      'STORE_URL, WC_CONSUMER_KEY and WC_CONSUMER_SECRET must be set',
    );
  }
  const { json: products } = await call(
    'find a product',
    '/wp-json/wc/store/v1/products?per_page=1',
  );
  if (!Array.isArray(products) || products.length === 0) {
    throw new ProbeError('find a product: the store has no published products');
  }
  log('product', { id: products[0].id, name: products[0].name });

  const { headers } = await call('open a cart', '/wp-json/wc/store/v1/cart');
  const cartToken = headers.get('cart-token');
  if (!cartToken)
    throw new ProbeError('open a cart: no Cart-Token header in the answer');
  const cart = { 'Cart-Token': cartToken };

  await call('add to cart', '/wp-json/wc/store/v1/cart/add-item', {
    method: 'POST',
    headers: cart,
    body: { id: products[0].id, quantity: 1 },
  });
  const address = {
    first_name: 'Storefleet',
    last_name: 'Probe',
    address_1: '1 Market Street',
    city: 'San Francisco',
    state: 'CA',
    postcode: '94105',
    country: 'US',
    email: 'probe@storefleet.invalid',
    phone: '5555550100',
  };
  const { json: order } = await call(
    'checkout',
    '/wp-json/wc/store/v1/checkout',
    {
      method: 'POST',
      headers: cart,
      body: {
        billing_address: address,
        shipping_address: address,
        payment_method: 'cod',
      },
    },
  );
  if (!order.order_id)
    throw new ProbeError(
      `checkout: no order id in ${JSON.stringify(order).slice(0, 200)}`,
    );
  log('order placed', { orderId: order.order_id, status: order.status });

  const path = `/wp-json/wc/v3/orders/${order.order_id}`;
  const query = oauthQuery('GET', path, consumerKey, consumerSecret, {
    nonce: randomBytes(16).toString('hex'),
    timestamp: Math.floor(Date.now() / 1000),
    signingBase: publicUrl.replace(/^https:/, 'http:'),
  });
  const { json: confirmed } = await call(
    'confirm as admin',
    `${path}?${query}`,
  );
  if (confirmed.id !== order.order_id || confirmed.status !== 'processing') {
    throw new ProbeError(
      `confirm as admin: order ${order.order_id} is ${confirmed.status}, expected processing`,
    );
  }
  report('order confirmed', {
    orderId: confirmed.id,
    status: confirmed.status,
    total: confirmed.total,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch(error => {
    console.error(`order probe failed: ${error.message}`);
    report('failed', { error: error.message });
    process.exit(1);
  });
}
