import { IngressRoute, requestThroughIngress } from './throughIngress';

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
  options: IngressRoute,
): Promise<UrlOutcome> {
  return new Promise(resolve => {
    const req = requestThroughIngress(
      url,
      options,
      {
        method: 'GET',
        headers: {
          'User-Agent': 'Storefleet public URL check',
          Accept: 'text/html,*/*',
        },
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
