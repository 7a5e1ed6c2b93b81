import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import {
  storeCreatePermission,
  storesPermissions,
} from '@storefleet/plugin-stores-common';
import {
  storePermissionRules,
  storeResourceRef,
} from '@storefleet/plugin-stores-node';
import { StoresStore } from '../database/StoresStore';

/** The store resource type with its permissions and rules, and the create permission. */
export function registerStorePermissions(
  registry: PermissionsRegistryService,
  store: StoresStore,
) {
  registry.addResourceType({
    resourceRef: storeResourceRef,
    permissions: storesPermissions.filter(p => p.type === 'resource'),
    rules: storePermissionRules,
    getResources: refs => Promise.all(refs.map(ref => store.getStore(ref))),
  });
  registry.addPermissions([storeCreatePermission]);
}
