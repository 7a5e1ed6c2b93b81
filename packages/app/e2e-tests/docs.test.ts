/*
 * Storefleet's own docs, where a platform team works: the component storefleet shows the
 * repository's docs/ as TechDocs (built by this Backstage's backend with the mkdocs that the
 * bootstrap installed from PyPI). A person opens the catalog, the component, its TechDocs tab, and
 * follows the site's navigation to a page. Screenshots: artefacts/e2e/3N-*.png.
 */
import { expect, test } from '@playwright/test';
import { frontendUp, shot, signInAsGuest } from './helpers';

test.beforeAll(frontendUp);

test("Storefleet's docs open as TechDocs from its catalog entity", async ({
  page,
}) => {
  test.setTimeout(5 * 60_000);
  await signInAsGuest(page);
  await page
    .getByTestId('sidebar-root')
    .getByRole('link', { name: 'Catalog', exact: true })
    .click();
  await page.getByRole('link', { name: 'Storefleet plugins' }).click();
  await page
    .getByRole('tab', { name: 'TechDocs' })
    .or(page.getByRole('link', { name: 'TechDocs', exact: true }))
    .first()
    .click();

  // The first view builds the site (mkdocs runs in the backend), so it may take a while.
  // The site renders in a shadow root, which Playwright's locators pierce.
  const docs = page;
  await expect(
    docs.getByRole('heading', { name: /^Storefleet ?¶?$/ }),
  ).toBeVisible({ timeout: 3 * 60_000 });
  await expect(
    docs.getByText('Self-service e-commerce stores on Kubernetes').first(),
  ).toBeVisible();
  await shot(page, '31-techdocs-overview');

  await docs
    .getByRole('link', { name: 'Security', exact: true })
    .first()
    .click();
  await expect(
    docs.getByRole('heading', {
      name: /^Security: tenants, threat model and what is proven/,
    }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/storefleet\/.*security/);
  await shot(page, '32-techdocs-security');
});
