import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookupWithLocalhost } from './resolveLocalhost';

/** What a customer's browser would get first from one URL: the status, or why there is none. */
export type UrlOutcome =
  | { ok: true; status: number }
  | { ok: false; status?: number; problem: string };

const TLS_WORDS: Record<string, string> = {
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is not valid for this host',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate chain is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate chain is not trusted',
};
const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED:
    'connection refused (nothing listens there: is the ingress controller running?)',
  ENOTFOUND: 'the host name does not resolve (is DNS set up for it?)',
  EAI_AGAIN: 'the host name could not be resolved right now',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'no route to the host',
  ETIMEDOUT: 'the connection timed out',
};

function describe(error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  const words = TLS_WORDS[code] ?? NETWORK_WORDS[code];
  return words ? `${words} (${code})` : error.message || code || String(error);
}

/**
 * GETs one URL as a browser would first reach it: through whatever answers for its host (the
 * ingress controller), with the certificate verified against the host name under TLS, no
 * redirect followed. 2xx and 3xx are a pass; anything else says what was wrong.
 */
export function fetchPublicUrl(
  url: string,
  options: {
    timeoutMs: number;
    ca?: string | Buffer;
    signal?: AbortSignal;
    /**
     * `host[:port]` to connect to instead of what the URL's host resolves to, keeping the
     * URL's Host header and TLS server name (as `curl --resolve` does): the ingress
     * controller's Service, for a backend inside the cluster whose DNS does not know the
     * store hosts.
     */
    ingressAddress?: string;
  },
): Promise<UrlOutcome> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const connectTo = options.ingressAddress
    ? new URL(`${target.protocol}//${options.ingressAddress}`)
    : target;
  return new Promise(resolve => {
    const req = request(
      {
        protocol: target.protocol,
        hostname: connectTo.hostname.replace(/^\[|\]$/g, ''),
        port: connectTo.port || undefined,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        lookup: lookupWithLocalhost as never,
        timeout: options.timeoutMs,
        signal: options.signal,
        headers: {
          'User-Agent': 'Storefleet public URL check',
          Accept: 'text/html,*/*',
          Host: target.host,
        },
        ...(target.protocol === 'https:' && {
          servername: target.hostname,
          rejectUnauthorized: true,
          ...(options.ca && { ca: options.ca }),
        }),
      },
      res => {
        res.resume();
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 400) resolve({ ok: true, status });
        else {
          const server = res.headers.server
            ? ` from ${res.headers.server}`
            : '';
          resolve({ ok: false, status, problem: `HTTP ${status}${server}` });
        }
      },
    );
    req.on('timeout', () => {
      req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    });
    req.on('error', error => resolve({ ok: false, problem: describe(error) }));
    req.end();
  });
}
