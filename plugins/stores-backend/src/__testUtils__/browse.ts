/* Test helper (not shipped): requests as a browser on this machine makes them. */
import { request as httpRequest } from 'node:http';
import { lookupWithLocalhost } from '../publicUrls/resolveLocalhost';

/** A request as a browser on this machine makes it: `*.localhost` is loopback (Traefik on :80). */
export function browse(
  url: string,
  init: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = init.body ? JSON.stringify(init.body) : undefined;
    const req = httpRequest(
      url,
      {
        method: init.method ?? 'GET',
        lookup: lookupWithLocalhost as never,
        headers: {
          ...init.headers,
          ...(payload && { 'Content-Type': 'application/json' }),
        },
      },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Signs in to a Medusa store's admin API as the store's admin. */
export const signIn = (origin: string, password: string) =>
  browse(`${origin}/auth/user/emailpass`, {
    method: 'POST',
    body: { email: 'admin@example.com', password },
  });
