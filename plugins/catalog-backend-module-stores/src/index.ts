/**
 * Catalog module of Storefleet: one entity per store.
 *
 * @packageDocumentation
 */
export { catalogModuleStores as default } from './module';
export { StoresEntityProvider } from './StoresEntityProvider';
export { storeToEntity } from './storeToEntity';
