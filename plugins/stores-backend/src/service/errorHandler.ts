import { ErrorRequestHandler } from 'express';
import { LoggerService } from '@backstage/backend-plugin-api';

/** Maps Backstage error names to HTTP status and a stable machine-readable code. */
const ERRORS: Record<string, { status: number; code: string }> = {
  InputError: { status: 400, code: 'INVALID_INPUT' },
  AuthenticationError: { status: 401, code: 'UNAUTHENTICATED' },
  NotAllowedError: { status: 403, code: 'FORBIDDEN' },
  NotFoundError: { status: 404, code: 'STORE_NOT_FOUND' },
  ConflictError: { status: 409, code: 'CONFLICT' },
  QuotaExceededError: { status: 403, code: 'QUOTA_EXCEEDED' },
  RateLimitedError: { status: 429, code: 'RATE_LIMITED' },
};

/**
 * Every non-2xx body of the stores API is `{ error: { name, message, code } }`, so a client
 * can act on `code` and show `message` to a person.
 */
export function storesErrorHandler(logger: LoggerService): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = ERRORS[error?.name];
    if (!known) {
      logger.error('Unexpected error in stores API', error);
    }
    const { status, code } = known ?? { status: 500, code: 'INTERNAL' };
    res.status(status).json({
      error: {
        name: known ? error.name : 'Error',
        message: known ? error.message : 'Internal error; see the backend log',
        code:
          error.code && typeof error.code === 'string' && known
            ? error.code
            : code,
      },
    });
  };
}
