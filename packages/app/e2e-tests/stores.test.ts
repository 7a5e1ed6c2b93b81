/*
 * The browser test of Storefleet: a guest creates a WooCommerce store (in Germany, selling in
 * euros) from the template, sees it Ready with its URLs and options on the entity page, its pods
 * in the Kubernetes tab and its row in the Stores page, suspends and resumes it there; asking for
 * the same name again is refused
 * in the backend's words; then the guest deletes it. Runs in Debian's
 * Chromium against Backstage started by tools/e2e/serve.sh and a real Kubernetes API server (the
 * sim cluster: pods are simulated by kwok, so the order probe's pod is a kwok stage, not a real
 * container). Screenshots: artefacts/e2e/NN-*.png.
 */
import { expect, Page, test } from '@playwright/test';

const FRONTEND = 'http://localhost:3100';

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `artefacts/e2e/${name}.png`, fullPage: true });
}

test.beforeAll(async () => {
  // The web server is ready when the backend is; the frontend dev server compiles a little longer.
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(FRONTEND)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 5 * 60_000, intervals: [2_000] },
    )
    .toBe(200);
});

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByRole('link', { name: 'Stores' })).toBeVisible();
}

/** Stores page → Create store → the template's card. */
async function startTemplate(page: Page, title: string) {
  await page
    .getByTestId('sidebar-root')
    .getByRole('link', { name: 'Stores' })
    .click();
  await expect(
    page
      .getByRole('main')
      .getByRole('heading', { name: 'Stores', exact: true }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Create store' }).click();
  const card = page
    .locator('[class*="MuiCard-root"]')
    .filter({ hasText: title });
  await card.getByRole('button', { name: 'Choose' }).click();
}

async function chooseOwner(page: Page) {
  await page.getByRole('textbox', { name: 'Owner' }).fill('guests');
  await page
    .getByRole('option', { name: /guests/ })
    .first()
    .click();
}

test('a guest creates a WooCommerce store from the template, sees it Ready, and deletes it', async ({
  page,
}) => {
  const name = `e2e-${Date.now().toString(36)}`;

  await signInAsGuest(page);
  await shot(page, '01-signed-in');

  // Stores page → Create store → New WooCommerce Store
  await startTemplate(page, 'New WooCommerce Store');

  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Display name' }).fill('E2E shop');
  await page.getByRole('textbox', { name: 'Country' }).fill('DE');
  await page.getByRole('textbox', { name: 'Currency' }).fill('EUR');
  await chooseOwner(page);
  await shot(page, '02-template-form');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task streams the store's lifecycle and finishes with the output links.
  const openInCatalog = page.getByRole('button', { name: 'Open in catalog' });
  await expect(openInCatalog).toBeVisible({ timeout: 10 * 60_000 });
  await shot(page, '03-task-finished');

  // Entity page → Store tab: Ready, with the storefront and admin URLs.
  await openInCatalog.click();
  await page.getByRole('link', { name: 'Store', exact: true }).click();
  await expect(page.getByText('Ready', { exact: true }).first()).toBeVisible();
  await expect(
    page.getByText('Options: country DE · currency EUR'),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: new RegExp(`${name}\\.`) }).first(),
  ).toBeVisible();
  await shot(page, '04-entity-ready');

  // Kubernetes tab: the stock tab reads the stores cluster and lists the store's pods.
  await page.getByRole('link', { name: 'Kubernetes', exact: true }).click();
  const cluster = page.getByText('Storefleet stores').first();
  await expect(cluster).toBeVisible();
  await expect(page.getByText(/^[1-9]\d* pods$/)).toBeVisible();
  await expect(page.getByText('No pods with errors')).toBeVisible();
  await cluster.click();
  await expect(page.getByText(`${name}-mariadb`).first()).toBeVisible();
  await shot(page, '04b-kubernetes-tab');

  // Stores page lists it.
  await page.goto('/stores');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row.getByText('Ready')).toBeVisible();
  await shot(page, '05-stores-page');

  // Suspend scales the store to zero and Resume brings it back through the order probe; the
  // row follows both without a reload.
  await row.getByRole('button', { name: 'Suspend' }).click();
  await expect(row.getByText('Suspended', { exact: true })).toBeVisible({
    timeout: 2 * 60_000,
  });
  await shot(page, '05a-suspended');
  await row.getByRole('button', { name: 'Resume' }).click();
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({
    timeout: 3 * 60_000,
  });

  // A refusal reads as the backend's words: the same name again is refused, in one line.
  await startTemplate(page, 'New WooCommerce Store');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await chooseOwner(page);
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(
    page.getByText(`A store named '${name}' already exists`).first(),
  ).toBeVisible({ timeout: 2 * 60_000 });
  // No stack trace in the task log for an expected refusal.
  await expect(page.getByText(/\bat .+:\d+:\d+/)).toHaveCount(0);
  await shot(page, '05b-refused');
  await page.goto('/stores');

  // Delete, confirming by typing the name; the row disappears once the store is deleted.
  await row.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByRole('textbox', { name: 'Type the store name to confirm' })
    .fill(name);
  await shot(page, '06-delete-confirm');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(dialog).toBeHidden();
  // Rows are matched as elements, not by role: while a dialog is open the table is aria-hidden.
  const storeRow = page.locator('tr', { hasText: name });
  await expect(storeRow).toHaveCount(1);
  await expect(storeRow).toHaveCount(0, { timeout: 5 * 60_000 });
  await expect(page.getByText('No stores yet')).toBeVisible();
  await shot(page, '07-deleted');
});
