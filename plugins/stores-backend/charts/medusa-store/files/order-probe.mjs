// Places a real order through the Medusa v2 Store API and confirms it through the admin API.
// No dependencies: Node's fetch. Exit 0 only when an order exists and its payment is authorized.
//
// Env: MEDUSA_URL, MEDUSA_ADMIN_EMAIL, MEDUSA_ADMIN_PASSWORD. The publishable API key is read
// through the admin API, so nothing but the admin credentials has to be shared.
import { writeFileSync } from 'node:fs';

const baseUrl = process.env.MEDUSA_URL?.replace(/\/$/, '');
const email = process.env.MEDUSA_ADMIN_EMAIL;
const password = process.env.MEDUSA_ADMIN_PASSWORD;

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
    return JSON.parse(text);
  } catch {
    throw new ProbeError(
      `${step}: ${method} ${path} did not answer JSON: ${text.slice(0, 200)}`,
    );
  }
}

async function main() {
  if (!baseUrl || !email || !password) {
    throw new ProbeError(
      'MEDUSA_URL, MEDUSA_ADMIN_EMAIL and MEDUSA_ADMIN_PASSWORD must be set',
    );
  }
  const { token } = await call('admin login', '/auth/user/emailpass', {
    method: 'POST',
    body: { email, password },
  });
  const admin = { Authorization: `Bearer ${token}` };

  // Medusa's own migrations create a default key on an empty sales channel; the storefront's
  // key is the one whose sales channel sells something.
  const { api_keys: keys } = await call(
    'publishable key',
    '/admin/api-keys?type=publishable&limit=50',
    { headers: admin },
  );
  const live = (keys ?? []).filter(k => !k.revoked_at);
  if (!live.length)
    throw new ProbeError(
      'publishable key: the store has no publishable API key',
    );

  const { regions } = await call('region', '/store/regions?limit=1', {
    headers: { 'x-publishable-api-key': live[0].token },
  });
  if (!regions?.length) throw new ProbeError('region: the store has no region');
  const region = regions[0];
  const country = region.countries?.[0]?.iso_2;
  if (!country)
    throw new ProbeError(`region: region ${region.id} has no country`);

  let store;
  let products = [];
  for (const key of live) {
    store = { 'x-publishable-api-key': key.token };
    ({ products } = await call(
      'product',
      `/store/products?limit=1&region_id=${region.id}`,
      { headers: store },
    ));
    if (products?.[0]?.variants?.length) break;
  }
  const variant = products?.[0]?.variants?.[0];
  if (!variant)
    throw new ProbeError(
      `product: no sales channel of the store's ${live.length} publishable key(s) has a product with a variant`,
    );
  log('product', { product: products[0].title, variant: variant.id });

  const { cart } = await call('create cart', '/store/carts', {
    method: 'POST',
    headers: store,
    body: { region_id: region.id },
  });
  await call('add line item', `/store/carts/${cart.id}/line-items`, {
    method: 'POST',
    headers: store,
    body: { variant_id: variant.id, quantity: 1 },
  });
  const address = {
    first_name: 'Storefleet',
    last_name: 'Probe',
    address_1: '1 Market Street',
    city: 'San Francisco',
    postal_code: '94105',
    country_code: country.toLowerCase(),
    phone: '5555550100',
  };
  await call('set address', `/store/carts/${cart.id}`, {
    method: 'POST',
    headers: store,
    body: {
      email: 'probe@storefleet.invalid',
      shipping_address: address,
      billing_address: address,
    },
  });
  const { shipping_options: options } = await call(
    'shipping options',
    `/store/shipping-options?cart_id=${cart.id}`,
    { headers: store },
  );
  if (!options?.length)
    throw new ProbeError(`shipping options: none for a cart in ${country}`);
  await call('shipping method', `/store/carts/${cart.id}/shipping-methods`, {
    method: 'POST',
    headers: store,
    body: { option_id: options[0].id },
  });
  const { payment_collection: collection } = await call(
    'payment collection',
    '/store/payment-collections',
    {
      method: 'POST',
      headers: store,
      body: { cart_id: cart.id },
    },
  );
  await call(
    'payment session',
    `/store/payment-collections/${collection.id}/payment-sessions`,
    {
      method: 'POST',
      headers: store,
      body: { provider_id: 'pp_system_default' },
    },
  );
  const completed = await call(
    'complete cart',
    `/store/carts/${cart.id}/complete`,
    { method: 'POST', headers: store },
  );
  if (completed.type !== 'order') {
    throw new ProbeError(
      `complete cart: no order: ${JSON.stringify(
        completed.error ?? completed,
      ).slice(0, 300)}`,
    );
  }
  log('order placed', { orderId: completed.order.id });

  const { order } = await call(
    'confirm as admin',
    `/admin/orders/${completed.order.id}?fields=id,status,payment_status,total`,
    { headers: admin },
  );
  if (
    order.id !== completed.order.id ||
    order.payment_status !== 'authorized'
  ) {
    throw new ProbeError(
      `confirm as admin: order ${completed.order.id} has payment status ${order.payment_status}, expected authorized`,
    );
  }
  report('order confirmed', {
    orderId: order.id,
    status: order.status,
    paymentStatus: order.payment_status,
  });
}

main().catch(error => {
  console.error(`order probe failed: ${error.message}`);
  report('failed', { error: error.message });
  process.exit(1);
});
