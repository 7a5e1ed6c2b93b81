import { IngressRoute, requestThroughIngress } from './throughIngress';

/**
 * Sends a JSON request to a store through its ingress, reached as the public URL check reaches it
 * (`*.localhost` resolved locally, an optional ingress address, the CA it trusts), and reads a
 * JSON answer. For an engine's admin API during a warm-pool hand-over; nothing of the request
 * or the answer is logged.
 */
export function requestStoreJson(
  url: string,
  init: {
    method: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: unknown;
  },
  route: IngressRoute,
): Promise<{ status: number; body: unknown }> {
  const payload =
    init.body === undefined
      ? undefined
      : Buffer.from(JSON.stringify(init.body));
  return new Promise((resolve, reject) => {
    const req = requestThroughIngress(
      url,
      route,
      {
        method: init.method,
        headers: {
          ...init.headers,
          ...(payload && {
            'Content-Type': 'application/json',
            'Content-Length': payload.length,
          }),
          Accept: 'application/json',
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}
