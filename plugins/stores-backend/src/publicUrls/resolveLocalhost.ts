import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** `localhost` and every name under it (RFC 6761). */
export const isLocalhostName = (hostname: string) =>
  /(^|\.)localhost\.?$/i.test(hostname);

/**
 * A `lookup` for Node's HTTP agents that answers `*.localhost` with the loopback address, as
 * browsers and curl do (RFC 6761), and asks the system resolver for everything else. glibc does
 * not resolve `shop.localhost`, so without this the backend could not reach a store URL that
 * opens in every browser on the same machine.
 */
export function lookupWithLocalhost(
  hostname: string,
  options: LookupOptions,
  callback: LookupCallback,
): void {
  if (!isLocalhostName(hostname)) {
    dnsLookup(hostname, options, callback as never);
    return;
  }
  const family = options.family === 6 || options.family === 'IPv6' ? 6 : 4;
  const address = family === 6 ? '::1' : '127.0.0.1';
  if (options.all) callback(null, [{ address, family }]);
  else callback(null, address, family);
}
