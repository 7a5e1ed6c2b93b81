import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { StoresPermissionPolicy } from './StoresPermissionPolicy';

/**
 * Installs {@link StoresPermissionPolicy} as the permission backend's policy, with the admin
 * groups and readers from `stores.permissionPolicy`.
 *
 * @public
 */
export const permissionModuleStoresPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'stores-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        policy: policyExtensionPoint,
      },
      async init({ config, userInfo, policy }) {
        const settings = config.getOptionalConfig('stores.permissionPolicy');
        const readers = settings?.getOptionalString('readers') ?? 'everyone';
        if (readers !== 'everyone' && readers !== 'owners') {
          throw new Error(
            `stores.permissionPolicy.readers must be 'everyone' or 'owners', not '${readers}'`,
          );
        }
        policy.setPolicy(
          new StoresPermissionPolicy({
            userInfo,
            adminGroups: settings?.getOptionalStringArray('adminGroups') ?? [],
            readers,
            adminOnlyPermissions:
              settings?.getOptionalStringArray('adminOnlyPermissions') ??
              undefined,
          }),
        );
      },
    });
  },
});
