import { CustomErrorBase } from '@backstage/errors';
import { STORE_ID_LABEL } from '@storefleet/plugin-stores-common';

/**
 * A Kubernetes object a store was about to write is not that store's: it carries another
 * store's `storefleet.io/store-id`, or none (something Storefleet did not make for a store).
 * Storefleet never adopts, changes or deletes such an object.
 */
export class ForeignObjectError extends CustomErrorBase {
  name = 'ForeignObjectError' as const;
}

/**
 * Refuses, with a sentence naming the conflict, unless `labels` carry `storeId` as the
 * store-id label. `what` names the object, e.g. "namespace store-shop".
 */
export function assertOwnedBy(
  what: string,
  labels: Record<string, string> | undefined,
  storeId: string,
) {
  const owner = labels?.[STORE_ID_LABEL];
  if (owner === storeId) return;
  throw new ForeignObjectError(
    owner
      ? `${what} already exists and belongs to another store (its ${STORE_ID_LABEL} is not this store's id ${storeId}); Storefleet neither adopts nor deletes it, so this store cannot use that name`
      : `${what} already exists and was not made by Storefleet for this store (it has no ${STORE_ID_LABEL} label); Storefleet neither adopts nor deletes it, so this store cannot use that name`,
  );
}
