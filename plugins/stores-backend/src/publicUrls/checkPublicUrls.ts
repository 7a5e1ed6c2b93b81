import { backOff } from 'exponential-backoff';
import { NotAboutTheCluster } from '../kubernetes/unreachable';
import { fetchPublicUrl, UrlOutcome } from './fetchPublicUrl';

/** One URL a person is shown for a store, e.g. `{ label: 'storefront', url: 'http://shop.localhost/' }`. */
export interface PublicUrl {
  label: string;
  url: string;
}

export interface PublicUrlCheckOptions {
  /** Per request. */
  timeoutMs: number;
  /**
   * How long a URL that does not answer yet is tried again: an ingress controller serves a new
   * Ingress a moment after it exists, and a certificate is issued a while after that.
   */
  settleMs: number;
  /** Extra trusted CA certificates (PEM), for a cluster whose certificates a private CA signs. */
  ca?: string | Buffer;
  /** Connect here (`host[:port]`) instead of resolving each URL's host; Host and SNI stay the URL's. */
  ingressAddress?: string;
  signal?: AbortSignal;
}

/** A public URL that does not answer as a customer needs; the message names the URL and why. */
export class PublicUrlError extends NotAboutTheCluster {}

async function settle(url: PublicUrl, options: PublicUrlCheckOptions) {
  let last: UrlOutcome | undefined;
  /** What the URL answered before it passed, for the activity: "HTTP 404 from Traefik ×3". */
  const earlier = new Map<string, number>();
  const deadline = Date.now() + options.settleMs;
  try {
    const status = await backOff(
      async () => {
        last = await fetchPublicUrl(url.url, options);
        if (!last.ok) {
          earlier.set(last.problem, (earlier.get(last.problem) ?? 0) + 1);
          throw new Error(last.problem);
        }
        return last.status;
      },
      {
        numOfAttempts: Number.MAX_SAFE_INTEGER,
        // The ingress controller picks a new or changed Ingress up within a second or two;
        // asking it every second at most costs nothing and spares a hand-over waiting 4 s.
        startingDelay: 250,
        timeMultiple: 2,
        maxDelay: 1_000,
        jitter: 'none',
        retry: () => !options.signal?.aborted && Date.now() < deadline,
      },
    );
    const before = [...earlier].map(([p, n]) => (n > 1 ? `${p} ×${n}` : p));
    return `${url.label} ${status}${
      before.length ? ` (first ${before.join(', ')})` : ''
    }`;
  } catch {
    const problem = last && !last.ok ? last.problem : 'no answer';
    throw new PublicUrlError(`${url.label} ${url.url}: ${problem}`);
  }
}

/**
 * Fetches every URL a person is shown for a store, through the ingress, and says what each
 * answered: `storefront 200, admin 200 in 85 ms`. Throws a PublicUrlError naming each URL that
 * did not answer 2xx/3xx (or whose certificate is not valid for its host) and why.
 */
export async function checkPublicUrls(
  urls: PublicUrl[],
  options: PublicUrlCheckOptions,
): Promise<string> {
  const started = Date.now();
  const outcomes = await Promise.allSettled(urls.map(u => settle(u, options)));
  const failures = outcomes
    .map(o =>
      o.status === 'rejected' ? (o.reason as Error).message : undefined,
    )
    .filter((m): m is string => !!m);
  if (failures.length) throw new PublicUrlError(failures.join('; '));
  const statuses = outcomes
    .map(o => (o as PromiseFulfilledResult<string>).value)
    .join(', ');
  return `${statuses} in ${Date.now() - started} ms`;
}
