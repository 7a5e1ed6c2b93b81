/**
 * Node library of the stores plugin: the engine contract and its extension point, and the
 * permission rules and conditions a permission policy uses for stores.
 *
 * @packageDocumentation
 */
export * from './StoreEngine';
export * from './extensions';
export * from './permissions';
