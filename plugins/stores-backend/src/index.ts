/**
 * The Storefleet stores backend plugin.
 *
 * @packageDocumentation
 */
export { storesPlugin as default } from './plugin';
