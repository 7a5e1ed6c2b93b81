import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** The resource type of a store in the permission framework. */
export const STORE_RESOURCE_TYPE = 'store';

/** Create a store (not tied to an existing resource). */
export const storeCreatePermission = createPermission({
  name: 'store.create',
  attributes: { action: 'create' },
});

export const storeReadPermission: ResourcePermission<'store'> =
  createPermission({
    name: 'store.read',
    attributes: { action: 'read' },
    resourceType: STORE_RESOURCE_TYPE,
  });

export const storeDeletePermission: ResourcePermission<'store'> =
  createPermission({
    name: 'store.delete',
    attributes: { action: 'delete' },
    resourceType: STORE_RESOURCE_TYPE,
  });

export const storeRetryPermission: ResourcePermission<'store'> =
  createPermission({
    name: 'store.retry',
    attributes: { action: 'update' },
    resourceType: STORE_RESOURCE_TYPE,
  });

export const storeUpdatePermission: ResourcePermission<'store'> =
  createPermission({
    name: 'store.update',
    attributes: { action: 'update' },
    resourceType: STORE_RESOURCE_TYPE,
  });

export const storeCredentialsReadPermission: ResourcePermission<'store'> =
  createPermission({
    name: 'store.credentials.read',
    attributes: { action: 'read' },
    resourceType: STORE_RESOURCE_TYPE,
  });

/** Reading a store's container logs (owners and admins under the default policy). */
export const storeLogsReadPermission: ResourcePermission<'store'> =
  createPermission({
    name: 'store.logs.read',
    attributes: { action: 'read' },
    resourceType: STORE_RESOURCE_TYPE,
  });

/**
 * Reading the platform's own stores (warm-pool slots and their clean-up) in the activity across
 * stores: admins only under the default policy; others see people's stores alone.
 */
export const storePoolReadPermission = createPermission({
  name: 'store.pool.read',
  attributes: { action: 'read' },
});

/** Every permission of the stores plugin, for registration with the permissions registry. */
export const storesPermissions = [
  storeCreatePermission,
  storeReadPermission,
  storeDeletePermission,
  storeRetryPermission,
  storeUpdatePermission,
  storeCredentialsReadPermission,
  storeLogsReadPermission,
  storePoolReadPermission,
];
