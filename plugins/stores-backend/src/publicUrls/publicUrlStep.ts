import { StoreUrls } from '@storefleet/plugin-stores-node';
import { readFile } from 'node:fs/promises';
import { LifecycleSettings } from '../config/LifecycleSettings';
import { checkPublicUrls, PublicUrl } from './checkPublicUrls';

/** The URLs a person is shown and opens in a browser: the shop and the admin (an API link is not a page). */
export const pagesOf = (urls: StoreUrls): PublicUrl[] => [
  { label: 'storefront', url: urls.storefrontUrl },
  { label: 'admin', url: urls.adminUrl },
];

/**
 * The lifecycle's public-URL step ("Ready" proves a customer can reach the store): resolves with
 * the activity's words, e.g. `storefront 200, admin 200 in 85 ms`, and says so plainly when the
 * install turned the check off. Throws a PublicUrlError naming the URL and what went wrong.
 */
export async function publicUrlStep(
  settings: LifecycleSettings['publicUrlCheck'],
  urls: StoreUrls,
  signal?: AbortSignal,
): Promise<string> {
  if (!settings.enabled) {
    return 'not checked: stores.publicUrlCheck.enabled is false in this install';
  }
  return checkPublicUrls(pagesOf(urls), {
    timeoutMs: settings.timeoutSeconds * 1000,
    settleMs: settings.settleSeconds * 1000,
    ca: settings.caFile ? await readFile(settings.caFile) : undefined,
    ingressAddress: settings.ingressAddress,
    signal,
  });
}
