/*
 * WooCommerce on this machine, in the browser: its image bakes in the WooCommerce plugin and
 * WP-CLI, which come only from wordpress.org and GitHub. Where the real node's images could be
 * built with them, a WooCommerce store is Ready like a Medusa one; where they could not (this
 * machine), the store fails at once and the person reads why, in words, in the task and on the
 * Stores page — never a Ready decided by simulated pods. Screenshots: artefacts/e2e/2N-*.png.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import {
  deleteFromStoresPage,
  frontendUp,
  shot,
  signInAsGuest,
  startTemplate,
} from './helpers';

test.beforeAll(frontendUp);

/** Whether the real node has the WooCommerce image (kubelet lists a node's images). */
function imageBuilt(): boolean {
  const node = JSON.parse(
    execFileSync('kubectl', ['get', 'node', 'storefleet-real', '-o', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, KUBECONFIG: process.env.STOREFLEET_KUBECONFIG },
    }),
  );
  return node.status.images.some((i: { names?: string[] }) =>
    (i.names ?? []).includes('localhost/storefleet/woocommerce:6.8.3-wc10.3.4'),
  );
}

test('a WooCommerce store runs where its image could be built, and otherwise fails at once saying why', async ({
  page,
}) => {
  const name = `woo-${Date.now().toString(36)}`;
  const built = imageBuilt();
  await signInAsGuest(page);
  await startTemplate(page, 'New WooCommerce Store');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Country' }).fill('DE');
  await page.getByRole('textbox', { name: 'Currency' }).fill('EUR');
  await shot(page, '21-woocommerce-form');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  if (built) {
    await expect(
      page.getByRole('button', { name: 'Open in catalog' }),
    ).toBeVisible({ timeout: 15 * 60_000 });
  } else {
    await expect(
      page
        .getByText(/WooCommerce cannot run on node storefleet-real: its image/)
        .first(),
    ).toBeVisible({ timeout: 3 * 60_000 });
    await expect(page.getByText(/wordpress\.org/).first()).toBeVisible();
  }
  await shot(page, '22-woocommerce-task');

  await page.goto('/stores');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(
    row.getByText(built ? 'Ready' : 'Failed', { exact: true }),
  ).toBeVisible();
  if (!built) {
    // The summary names the latest failures with their reasons, linked to the store.
    await expect(
      page
        .getByRole('listitem')
        .filter({ hasText: name })
        .getByText(/its image/),
    ).toBeVisible();
  }
  await shot(page, '23-woocommerce-row');
  await deleteFromStoresPage(page, name);
});
