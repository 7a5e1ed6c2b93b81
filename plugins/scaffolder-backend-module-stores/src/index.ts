/**
 * Scaffolder actions of Storefleet.
 *
 * @packageDocumentation
 */
export { scaffolderModuleStores as default } from './module';
export { createStoreAction } from './actions/createStore';
export { deleteStoreAction } from './actions/deleteStore';
