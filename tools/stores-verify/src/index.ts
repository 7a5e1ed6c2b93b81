/**
 * `yarn stores:verify`: proves a running Storefleet end to end.
 *
 * @packageDocumentation
 */
export * from './verify';
