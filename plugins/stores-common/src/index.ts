/**
 * Isomorphic pieces of Storefleet: types, permissions, validation and the API client.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './storeStatus';
export * from './storeName';
export * from './storeObjects';
export * from './permissions';
export * from './annotations';
export * from './StoresClient';
export * from './StoresApiError';
export * from './storeOwner';
