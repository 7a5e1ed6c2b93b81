import { HttpAuthService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

/** `stores.rateLimit`: requests per caller per window, and the anonymous callers' smaller budget. */
export interface CallerRateLimitSettings {
  windowSeconds: number;
  /** Per signed-in principal (a user, or a plugin on a user's behalf: the user). */
  perCaller: number;
  /** Per client address, for calls with no credentials (the health route). */
  anonymous: number;
}

export function readCallerRateLimit(config: Config): CallerRateLimitSettings {
  const c = config.getOptionalConfig('stores.rateLimit');
  return {
    windowSeconds: c?.getOptionalNumber('windowSeconds') ?? 60,
    perCaller: c?.getOptionalNumber('perCaller') ?? 600,
    anonymous: c?.getOptionalNumber('anonymous') ?? 60,
  };
}

/**
 * The stores API's budget per caller: keyed on who the caller is (their Backstage principal),
 * not on the address a request arrives from, so behind an ingress, where every request comes
 * from the controller, one caller's burst spends only their own budget. Calls without
 * credentials are keyed on the client address (`backend.trustProxy` makes it the real one behind
 * the ingress) and get the smaller `anonymous` budget. Past it: 429 with Retry-After.
 */
export function callerRateLimit(
  httpAuth: HttpAuthService,
  settings: CallerRateLimitSettings,
): RequestHandler {
  const principalOf = async (req: Request) => {
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service', 'none'],
      });
      const p = credentials.principal as {
        type: string;
        userEntityRef?: string;
        subject?: string;
      };
      if (p.type === 'user') return `user:${p.userEntityRef}`;
      if (p.type === 'service') return `service:${p.subject}`;
    } catch {
      // Bad credentials are the route's to refuse (401); they count as anonymous here.
    }
    return undefined;
  };
  const keyed = new WeakMap<Request, string | undefined>();
  return rateLimit({
    windowMs: settings.windowSeconds * 1000,
    standardHeaders: 'draft-6',
    legacyHeaders: false,
    // The principal is read once per request (the key comes first, then the limit).
    keyGenerator: async req => {
      const principal = await principalOf(req);
      keyed.set(req, principal);
      return principal ?? `anonymous:${ipKeyGenerator(req.ip ?? '')}`;
    },
    limit: req => (keyed.get(req) ? settings.perCaller : settings.anonymous),
    statusCode: 429,
    message: {
      error: {
        name: 'RateLimitedError',
        message:
          'Too many requests to the stores API from you; wait until the window (Retry-After) passes',
        code: 'RATE_LIMITED',
      },
    },
    // req.ip is what `backend.trustProxy` makes it; the library's own proxy warnings would
    // second-guess the platform's setting.
    validate: { trustProxy: false, xForwardedForHeader: false },
  });
}
