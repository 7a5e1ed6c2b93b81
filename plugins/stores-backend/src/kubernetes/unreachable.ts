/**
 * Whether an error means the API server could not be reached (refused, reset, timed out, no
 * route, or it answered that it cannot serve yet) rather than that it refused the request.
 * Covers the Kubernetes client's errors (Node network codes, also as `cause`) and helm's and
 * kubectl's messages.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const MESSAGES = [
  /connection refused/i,
  /connection reset by peer/i,
  /kubernetes cluster unreachable/i,
  /i\/o timeout/i,
  /TLS handshake timeout/i,
  /no route to host/i,
  /the server is currently unable to handle the request/i,
  /\bhttp2: client connection lost\b/i,
  /unexpected EOF/i,
  /\bsocket hang up\b/i,
];

/**
 * An error about something other than the API server, such as a store's public URL refusing a
 * connection: never taken for an outage of the cluster, however its words read.
 */
export class NotAboutTheCluster extends Error {}

export function isClusterUnreachable(error: unknown): boolean {
  if (error instanceof NotAboutTheCluster) return false;
  for (let e: any = error, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    const message = typeof e.message === 'string' ? e.message : String(e);
    if (MESSAGES.some(m => m.test(message))) return true;
  }
  return false;
}
