/*
 * The browser test of Storefleet, on the sim cluster's real node (store containers run for
 * real; Traefik serves the store URLs on this machine): a guest asks for a Medusa store from
 * the template, waits for Ready, clicks Storefront in the Store tab, buys a product in the shop
 * (product page, cart, checkout, confirmation with the order id), then clicks Admin, signs in
 * with "Show admin login"'s credentials and finds the same order in Medusa's admin. Then the
 * day-2 path: the Kubernetes tab, the Stores page, suspend and resume, a refused duplicate name,
 * delete. No port-forward, no resolver flags, no API call in the customer part: every page is
 * reached by clicking what the previous page showed.
 * Screenshots: artefacts/e2e/NN-*.png.
 */
import { expect, Page, test } from '@playwright/test';
import {
  deleteFromStoresPage,
  follow,
  frontendUp,
  shot,
  signInAsGuest,
  startTemplate,
} from './helpers';

test.beforeAll(frontendUp);

/** The link the Store tab shows for a URL: its text is the URL (Backstage adds ", Opens in a new window"). */
const storeLink = (page: Page, url: string) =>
  page.getByRole('link', {
    name: new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`),
  });

/** Fills the checkout's address form as a shopper does. */
async function fillAddress(shop: Page) {
  await shop.getByLabel('Email').fill('shopper@example.com');
  await shop.getByLabel('First name').fill('Ada');
  await shop.getByLabel('Last name').fill('Lovelace');
  await shop.getByLabel('Address').fill('12 Market Street');
  await shop.getByLabel('Postal code').fill('10115');
  await shop.getByLabel('City').fill('Berlin');
}

test('a guest asks for a Medusa store, buys in its shop, finds the order in its admin, and manages the store', async ({
  page,
}) => {
  const name = `shop-${Date.now().toString(36)}`;
  const origin = `http://${name}.localhost`;

  await signInAsGuest(page);
  await shot(page, '01-signed-in');

  // The form a person fills first: its help text reads as written, the country rows are
  // labelled, and Owner may stay empty (the store is then the person's own).
  await startTemplate(page, 'New Medusa Store');
  await expect(
    page.getByText(/The store's namespace is store-NAME, and it opens at NAME/),
  ).toBeVisible();
  await expect(page.getByText('countries-0')).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Display name' }).fill('Spring shop');
  await page.getByRole('textbox', { name: 'Currency' }).fill('EUR');
  await page.getByRole('textbox', { name: 'Country' }).fill('DE');
  await shot(page, '02-template-form');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  const created = Date.now();

  // The task streams the lifecycle and ends with the store's links.
  const openInCatalog = page.getByRole('button', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 12 * 60_000 });
  const readySeconds = Math.round((Date.now() - created) / 1000);
  await expect(
    page.getByText(/public URLs: storefront 200, admin 200/),
  ).toBeVisible();
  await shot(page, '03-task-finished');

  // Entity page → Store tab: Ready, with the shop, the admin and the Store API.
  await openInCatalog.click();
  await page.getByRole('link', { name: 'Store', exact: true }).click();
  await expect(page.getByText('Ready', { exact: true }).first()).toBeVisible();
  const storefront = storeLink(page, `${origin}/`);
  await expect(storefront).toBeVisible();
  await expect(storeLink(page, `${origin}/app`)).toBeVisible();
  await expect(storeLink(page, `${origin}/store`)).toBeVisible();
  await shot(page, '04-entity-ready');

  // The customer: Storefront → a product → cart → checkout → confirmation.
  const readyAt = Date.now();
  const shop = await follow(page, storefront);
  expect(shop.url()).toBe(`${origin}/`);
  await expect(shop.getByRole('link', { name: 'Spring shop' })).toBeVisible();
  await expect(shop.getByRole('heading', { name: 'Products' })).toBeVisible();
  await shot(shop, '05-shop');
  await shop.getByRole('link', { name: /Storefleet Hoodie/ }).click();
  await expect(
    shop.getByRole('heading', { name: 'Storefleet Hoodie' }),
  ).toBeVisible();
  await expect(shop.getByText('€45.00')).toBeVisible();
  await shot(shop, '06-product');
  await shop.getByRole('button', { name: 'Add to cart' }).click();
  await expect(shop.getByRole('heading', { name: 'Cart' })).toBeVisible();
  await expect(
    shop.getByRole('cell', { name: 'Storefleet Hoodie' }),
  ).toBeVisible();
  await expect(shop.getByRole('link', { name: 'Cart (1)' })).toBeVisible();
  await shot(shop, '07-cart');
  await shop.getByRole('link', { name: 'Checkout' }).click();
  await fillAddress(shop);
  await shop.getByRole('button', { name: 'Continue to delivery' }).click();
  await expect(
    shop.getByRole('radio', { name: /Standard shipping/ }),
  ).toBeChecked();
  await expect(shop.getByText('Pay on delivery')).toBeVisible();
  await shot(shop, '08-checkout');
  await shop.getByRole('button', { name: 'Place order' }).click();
  await expect(
    shop.getByRole('heading', { name: 'Thank you for your order' }),
  ).toBeVisible();
  const orderId = (await shop.getByTestId('order-id').textContent())!.trim();
  expect(orderId).toMatch(/^order_[0-9A-Z]+$/);
  const displayId = (await shop
    .getByTestId('order-display-id')
    .textContent())!.trim();
  const boughtSeconds = Math.round((Date.now() - readyAt) / 1000);
  await shot(shop, '09-order-confirmed');

  // The store's owner: Show admin login → Admin → sign in → the order is in the list.
  await page.bringToFront();
  await page.getByRole('button', { name: 'Show admin login' }).click();
  const login = page.getByText(/^Admin login:/);
  await expect(login).toBeVisible();
  const [username, password] = await login.locator('code').allTextContents();
  const admin = await follow(page, storeLink(page, `${origin}/app`));
  await admin.getByPlaceholder('Email').fill(username);
  await admin.getByPlaceholder('Password').fill(password);
  await shot(admin, '10-admin-login');
  await admin.getByRole('button', { name: /continue with email/i }).click();
  await admin
    .getByRole('link', { name: 'Orders', exact: true })
    .first()
    .click();
  const row = admin
    .getByRole('row')
    .filter({ hasText: displayId })
    .filter({ hasText: 'shopper@example.com' });
  await expect(row).toBeVisible();
  await shot(admin, '11-admin-orders');
  await row.click();
  // The admin's order page is the order the shop confirmed: its id is in the URL.
  await expect(admin).toHaveURL(new RegExp(`/app/orders/${orderId}`));
  await expect(admin.getByText('shopper@example.com').first()).toBeVisible();
  await shot(admin, '12-admin-order');
  // eslint-disable-next-line no-console
  console.log(
    `Create → Ready ${readySeconds} s; Ready → order ${orderId} confirmed by clicking ${boughtSeconds} s`,
  );

  // Store tab: what the store uses now beside what it asks for (metrics-server measures every
  // 15 s, so a reload may be needed), and the Medusa server's own log lines.
  await page.bringToFront();
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByText(
        /^In total: CPU \d+(m| cores) · requests .+; memory \d+ MiB/,
      ),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 2 * 60_000 });
  const usage = page.getByRole('row').filter({ hasText: /^server/ });
  await expect(usage).toContainText(/\d+m · requests \d+m/);
  await usage.scrollIntoViewIfNeeded();
  await shot(page, '12a-usage');
  await page.getByRole('button', { name: /^Component \S+$/ }).click();
  await page.getByRole('option', { name: 'server', exact: true }).click();
  const logLines = page.getByLabel('Log lines');
  await expect(logLines).toContainText(/medusa|Server is ready|GET \/store/i);
  await logLines.scrollIntoViewIfNeeded();
  await shot(page, '12b-logs');

  // Kubernetes events: warnings first, the store's many Normal events folded behind their count.
  const eventCounts = page.getByText(
    /^\d+ warnings? · [1-9]\d* normal events?$/,
  );
  await eventCounts.scrollIntoViewIfNeeded();
  await shot(page, '12c-events-folded');
  const normalCount = Number(
    (await eventCounts.textContent())!.match(/(\d+) normal event/)![1],
  );
  await page
    .getByRole('button', {
      name: `Show ${normalCount} normal event${normalCount === 1 ? '' : 's'}`,
    })
    .click();
  await expect(
    page.getByRole('cell', { name: 'Normal', exact: true }),
  ).toHaveCount(normalCount);

  // Kubernetes tab: the store's pods, none with errors (no restarted worker).
  await page.getByRole('link', { name: 'Kubernetes', exact: true }).click();
  const cluster = page.getByText('Storefleet stores').first();
  await expect(cluster).toBeVisible();
  await expect(page.getByText(/^[1-9]\d* pods$/)).toBeVisible();
  await expect(page.getByText('No pods with errors')).toBeVisible();
  await cluster.click();
  await expect(page.getByText(`${name}-storefront`).first()).toBeVisible();
  await shot(page, '13-kubernetes-tab');
  // The same user, not an admin, cannot use Backstage's Kubernetes proxy (it would act with the
  // backend's cluster credentials): 403, while the tab above still shows the store's pods.
  const backendUrl = 'http://localhost:7107';
  const guest = await page.request.get(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const token = (await guest.json()).backstageIdentity.token;
  const proxied = await page.request.get(
    `${backendUrl}/api/kubernetes/proxy/api/v1/namespaces/store-${name}/pods`,
    {
      headers: {
        Authorization: `Bearer ${token}`,
        'Backstage-Kubernetes-Cluster': 'storefleet',
      },
    },
  );
  expect(proxied.status()).toBe(403);

  // Stores page: suspend and resume (through a second order probe and the URLs again).
  await page.goto('/stores');
  const storeRow = page.getByRole('row').filter({ hasText: name });
  await expect(storeRow.getByText('Ready')).toBeVisible();
  // The fleet at a glance above the list, and "Mine" first for someone with a store.
  await expect(
    page.getByText(
      /^Time to Ready, last \d+ stores?: median \d+ s, longest \d+ s$/,
    ),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: /Mine/ })).toBeVisible();
  await shot(page, '13a-summary-mine');
  // What happened across stores, on its own tab: this store's Ready line among them.
  await page.getByRole('tab', { name: 'Activity' }).click();
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: name })
      .filter({ hasText: 'Ready at' })
      .first(),
  ).toBeVisible();
  await shot(page, '13b-activity');
  await page.getByRole('tab', { name: 'Stores' }).click();
  await storeRow.getByRole('button', { name: 'Suspend' }).click();
  await expect(storeRow.getByText('Suspended', { exact: true })).toBeVisible({
    timeout: 3 * 60_000,
  });
  await shot(page, '14-suspended');
  await storeRow.getByRole('button', { name: 'Resume' }).click();
  await expect(storeRow.getByText('Ready', { exact: true })).toBeVisible({
    timeout: 6 * 60_000,
  });

  // A refusal reads as the backend's words: the same name again, in one line, no stack.
  await startTemplate(page, 'New Medusa Store');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(
    page.getByText(`A store named '${name}' already exists`).first(),
  ).toBeVisible({ timeout: 2 * 60_000 });
  await expect(page.getByText(/\bat .+:\d+:\d+/)).toHaveCount(0);
  await shot(page, '15-refused');

  // Delete, confirming by typing the name; the row goes once the store is gone.
  await deleteFromStoresPage(page, name);
  await shot(page, '16-deleted');
});
