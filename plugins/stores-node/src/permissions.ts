import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { Store, STORE_RESOURCE_TYPE } from '@storefleet/plugin-stores-common';
import { z } from 'zod';

/** A filter the database understands: stores owned or requested by one of the claims. */
/** @public */
export interface StoreQuery {
  ownedBy: string[];
}

/** The store resource in the permission framework. @public */
export const storeResourceRef = createPermissionResourceRef<
  Store,
  StoreQuery
>().with({
  pluginId: 'stores',
  resourceType: STORE_RESOURCE_TYPE,
});

/** Allows a store to people named as its owner or requester (user ref or one of their groups). */
export const isStoreOwner = createPermissionRule({
  name: 'IS_STORE_OWNER',
  description:
    'Allow stores owned or requested by one of the given entity refs',
  resourceRef: storeResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs, e.g. the ownership refs of the user'),
  }),
  apply: (store, { claims }) =>
    claims.includes(store.owner) || claims.includes(store.createdBy),
  toQuery: ({ claims }) => ({ ownedBy: claims }),
});

/** Every rule stores support. @public */
export const storePermissionRules = [isStoreOwner];

const storeConditionExports = createConditionExports({
  resourceRef: storeResourceRef,
  rules: { isStoreOwner },
});

/**
 * Conditions a permission policy can return for store permissions, e.g.
 * `storeConditions.isStoreOwner({ claims: user.info.ownershipEntityRefs })`.
 *
 * @public
 */
export const storeConditions = storeConditionExports.conditions;

/**
 * Wraps store conditions into a conditional decision for a store permission.
 *
 * @public
 */
export const createStoreConditionalDecision =
  storeConditionExports.createConditionalDecision;
