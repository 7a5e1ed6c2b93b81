/**
 * Node library of the stores plugin: the engine contract and its extension point.
 *
 * @packageDocumentation
 */
export * from './StoreEngine';
export * from './extensions';
