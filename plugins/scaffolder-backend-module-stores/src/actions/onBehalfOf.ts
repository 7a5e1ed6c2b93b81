import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { StoresApi } from '@storefleet/plugin-stores-common';

/** What the stores actions need: the stores API client, the auth service, and how often to poll. */
export interface StoresActionOptions {
  client: StoresApi;
  auth: AuthService;
  pollIntervalMs?: number;
}

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));

/**
 * A token for the stores backend on behalf of the person who started the task, so that their
 * permissions and quotas apply. Fetched per call: a long wait outlives a single token.
 */
export function tokenOnBehalfOf(
  auth: AuthService,
  ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
) {
  return async () =>
    (
      await auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'stores',
      })
    ).token;
}
