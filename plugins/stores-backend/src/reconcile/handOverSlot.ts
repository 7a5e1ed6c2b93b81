import {
  StoreEngine,
  StoreEngineContext,
} from '@storefleet/plugin-stores-node';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { StoreWork } from '../database/StoresStore';
import { requestStoreJson } from '../publicUrls/storeRequest';
import { ReconcilerDeps } from './ReconcilerDeps';

/**
 * The first step of handing a claimed warm-pool slot to a person: new values for the keys the
 * engine rotates (its admin password at least), applied in the running store through the
 * engine's own admin API when it has one, then written to the Secret — so the slot's password
 * is never the person's. The release upgrade that follows gives it the person's name and host.
 */
export async function rotateSlotCredentials(
  deps: Pick<ReconcilerDeps, 'cluster' | 'settings'>,
  work: StoreWork,
  engine: StoreEngine,
  context: StoreEngineContext,
  signal: AbortSignal,
): Promise<string> {
  const claim = engine.claim;
  const slot = work.claimedFrom;
  if (!claim || !slot) throw new Error(`${engine.id} stores cannot be claimed`);
  const { cluster, settings } = deps;
  const secret = context.credentialsSecretName;
  const previous: Record<string, string> = {};
  const next: Record<string, string> = {};
  for (const key of claim.rotatedCredentialKeys) {
    const value = await cluster.readSecretValue(
      work.namespace,
      secret,
      key,
      work.objectsId,
    );
    if (value === undefined) {
      throw new Error(`the slot's Secret ${secret} has no ${key}`);
    }
    previous[key] = value;
    next[key] = randomBytes(24).toString('base64url');
  }
  let applied = 'the chart applies them as the release is upgraded';
  if (claim.handOver) {
    if (!slot.storefrontUrl) throw new Error('the slot has no URL');
    const check = settings.publicUrlCheck;
    const ca = check.caFile ? await readFile(check.caFile) : undefined;
    applied = await claim.handOver({
      origin: new URL(slot.storefrontUrl).origin,
      previous,
      next,
      title: context.displayName || context.storeName,
      request: (url, init) =>
        requestStoreJson(url, init, {
          timeoutMs: check.timeoutSeconds * 1000,
          ca,
          ingressAddress: check.ingressAddress,
          signal,
        }),
    });
  }
  await cluster.replaceSecretValues(
    work.namespace,
    secret,
    next,
    work.objectsId,
  );
  return `${claim.rotatedCredentialKeys.join(
    ', ',
  )} rotated (${applied}); Secret ${secret} updated`;
}
