import {
  ClientRequest,
  IncomingMessage,
  RequestOptions,
  request as httpRequest,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookupWithLocalhost } from './resolveLocalhost';

/** How Storefleet reaches a store's host: as a customer's browser would, through the ingress. */
export interface IngressRoute {
  timeoutMs: number;
  /** A CA the store's certificate must chain to, besides the system's. */
  ca?: string | Buffer;
  signal?: AbortSignal;
  /**
   * `host[:port]` to connect to instead of what the URL's host resolves to, keeping the URL's
   * Host header and TLS server name (as `curl --resolve` does): the ingress controller's
   * Service, for a backend inside the cluster whose DNS does not know the store hosts.
   */
  ingressAddress?: string;
}

/**
 * Starts a request to `url` through the ingress: `*.localhost` resolved to loopback, the
 * ingress address when set, the certificate verified against the URL's host under TLS.
 */
export function requestThroughIngress(
  url: string,
  route: IngressRoute,
  init: { method: string; headers: Record<string, string | number> },
  onResponse: (res: IncomingMessage) => void,
): ClientRequest {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const connectTo = route.ingressAddress
    ? new URL(`${target.protocol}//${route.ingressAddress}`)
    : target;
  const options: RequestOptions & { servername?: string } = {
    protocol: target.protocol,
    hostname: connectTo.hostname.replace(/^\[|\]$/g, ''),
    port: connectTo.port || undefined,
    path: `${target.pathname}${target.search}`,
    method: init.method,
    lookup: lookupWithLocalhost as never,
    timeout: route.timeoutMs,
    signal: route.signal,
    headers: { ...init.headers, Host: target.host },
    ...(target.protocol === 'https:' && {
      servername: target.hostname,
      rejectUnauthorized: true,
      ...(route.ca && { ca: route.ca }),
    }),
  };
  return request(options, onResponse);
}
