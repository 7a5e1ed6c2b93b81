/**
 * Storefleet's permission policy as a permission backend module: everyone reads stores,
 * signed-in users create them, owners and admins change them.
 *
 * @packageDocumentation
 */
export { permissionModuleStoresPolicy as default } from './module';
export * from './StoresPermissionPolicy';
