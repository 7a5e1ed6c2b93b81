import { expect, Locator, Page } from '@playwright/test';

export const FRONTEND = 'http://localhost:3100';

/** Every screenshot of the run, in order, lands in artefacts/e2e/. */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `artefacts/e2e/${name}.png`, fullPage: true });
}

/** The web server is ready when the backend is; the frontend dev server compiles a little longer. */
export async function frontendUp() {
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
}

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByRole('link', { name: 'Stores' })).toBeVisible();
}

/** Stores page → Create store → the template's card. */
export async function startTemplate(page: Page, title: string) {
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
  // Right after the backend starts, the catalog may not have read the templates yet: the page
  // says so, and a person would reload it.
  await expect(async () => {
    if (!(await card.isVisible())) {
      await page.reload();
      await expect(card).toBeVisible({ timeout: 5_000 });
    }
  }).toPass({ timeout: 3 * 60_000 });
  await card.getByRole('button', { name: 'Choose' }).click();
}

/**
 * Clicks a link as a person does and returns the page it opened: a new tab when the link
 * opens one (Backstage opens external links in a new tab), else the same page.
 */
export async function follow(page: Page, link: Locator): Promise<Page> {
  const popup = page.context().waitForEvent('page', { timeout: 15_000 });
  await link.click();
  const opened = await popup.catch(() => undefined);
  if (!opened) return page;
  await opened.waitForLoadState();
  return opened;
}

/** Stores page → the store's Delete → type its name to confirm; resolves once its row is gone. */
export async function deleteFromStoresPage(page: Page, name: string) {
  await page.goto('/stores');
  const row = page.getByRole('row').filter({ hasText: name });
  await row.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByRole('textbox', { name: 'Type the store name to confirm' })
    .fill(name);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(dialog).toBeHidden();
  // Rows are matched as elements, not by role: while a dialog is open the table is aria-hidden.
  await expect(page.locator('tr', { hasText: name })).toHaveCount(0, {
    timeout: 5 * 60_000,
  });
}
