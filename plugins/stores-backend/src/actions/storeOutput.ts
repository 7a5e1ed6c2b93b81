import { Store, StoreActivity } from '@storefleet/plugin-stores-common';
import { z as zod } from 'zod/v3';

/** How an action describes a store to a model (the actions registry speaks zod v3). */
export const storeOutput = (z: typeof zod) =>
  z.object({
    id: z.string().describe('Store id, for the other store actions'),
    name: z.string(),
    displayName: z.string().optional(),
    engine: z.string().describe('woocommerce or medusa'),
    owner: z.string().describe('Owning user or group entity ref'),
    requestedBy: z.string().describe('The user who asked for the store'),
    status: z
      .string()
      .describe(
        'queued, provisioning, ready, failed, degraded (changed by hand; retry-store repairs it), suspending, suspended, deleting or deleted',
      ),
    failureReason: z
      .string()
      .optional()
      .describe('Why the store failed, in plain words'),
    storefrontUrl: z.string().optional().describe('Where customers shop'),
    adminUrl: z.string().optional().describe('The store admin'),
    apiUrl: z
      .string()
      .optional()
      .describe("The engine's API for storefronts, e.g. Medusa's Store API"),
    createdAt: z.string(),
    readyAt: z.string().optional(),
    options: z.record(z.unknown()).optional().describe('Engine options'),
    customHost: z
      .string()
      .optional()
      .describe("The owner's own hostname, when set"),
    expiresAt: z
      .string()
      .optional()
      .describe('When the store is deleted on its own; absent if never'),
  });

/** A store as the actions return it. */
export function toOutput(store: Store) {
  return {
    id: store.id,
    name: store.name,
    ...(store.displayName && { displayName: store.displayName }),
    engine: store.engine,
    owner: store.owner,
    requestedBy: store.createdBy,
    status: store.status,
    ...(store.reason && { failureReason: store.reason }),
    ...(store.storefrontUrl && { storefrontUrl: store.storefrontUrl }),
    ...(store.adminUrl && { adminUrl: store.adminUrl }),
    ...(store.apiUrl && { apiUrl: store.apiUrl }),
    createdAt: store.createdAt,
    ...(store.readyAt && { readyAt: store.readyAt }),
    ...(store.options && { options: store.options }),
    ...(store.expiresAt && { expiresAt: store.expiresAt }),
    ...(store.customHost && { customHost: store.customHost }),
  };
}

/** An activity line as the actions return it. */
export function toActivityOutput(activity: StoreActivity) {
  return {
    at: activity.at,
    kind: activity.kind,
    message: activity.message,
    ...(activity.actor && { actor: activity.actor }),
  };
}
