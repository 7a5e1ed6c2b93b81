/**
 * Storefleet frontend plugin (legacy frontend system). The new system lives in `./alpha`.
 *
 * @packageDocumentation
 */
export { storesPlugin, StoresPage } from './plugin';
export { storesApiRef } from './api/storesApiRef';
export { StoreStatusChip } from './components/StoreStatusChip';
