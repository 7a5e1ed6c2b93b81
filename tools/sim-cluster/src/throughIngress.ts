import { request } from 'node:http';

export interface IngressResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * A request to a URL on the sim cluster's ingress, as a browser on this machine makes it: every
 * `*.localhost` host is this machine (RFC 6761), where Traefik listens on :80, so the request goes
 * to 127.0.0.1:80 with the URL's Host. `localAddress` (another loopback address, e.g. 127.0.0.2)
 * makes it a second client as Traefik sees clients.
 */
export function throughIngress(
  url: string,
  init: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    localAddress?: string;
  } = {},
): Promise<IngressResponse> {
  const target = new URL(url);
  const payload =
    init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: Number(target.port || 80),
        path: `${target.pathname}${target.search}`,
        method: init.method ?? 'GET',
        localAddress: init.localAddress,
        headers: {
          Host: target.host,
          ...init.headers,
          ...(payload && { 'Content-Type': 'application/json' }),
        },
      },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Signs in to a Medusa store's admin API as its admin (the Store tab's credentials). */
export function medusaSignIn(origin: string, password: string) {
  return throughIngress(`${origin}/auth/user/emailpass`, {
    method: 'POST',
    body: { email: 'admin@example.com', password },
  });
}
