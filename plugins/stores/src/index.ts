/**
 * Storefleet frontend plugin (legacy frontend system). The new system lives in `./alpha`.
 *
 * @packageDocumentation
 */
export {
  storesPlugin,
  StoresPage,
  EntityStoreContent,
  EntityStoreCard,
} from './plugin';
export { storesApiRef } from './api/storesApiRef';
export { StoreStatusChip } from './components/StoreStatusChip';
export { isStoreEntity } from './isStoreEntity';
