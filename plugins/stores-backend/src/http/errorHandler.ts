import { ErrorRequestHandler } from 'express';
import { LoggerService } from '@backstage/backend-plugin-api';

/** Maps Backstage error names to HTTP status and a stable machine-readable code. */
const ERRORS: Record<string, { status: number; code: string }> = {
  InputError: { status: 400, code: 'INVALID_INPUT' },
  AuthenticationError: { status: 401, code: 'UNAUTHENTICATED' },
  NotAllowedError: { status: 403, code: 'FORBIDDEN' },
  QuotaExceededError: { status: 403, code: 'QUOTA_EXCEEDED' },
  NotFoundError: { status: 404, code: 'STORE_NOT_FOUND' },
  ConflictError: { status: 409, code: 'CONFLICT' },
  ForeignObjectError: { status: 409, code: 'NOT_THIS_STORES' },
  RateLimitedError: { status: 429, code: 'RATE_LIMITED' },
  ServiceUnavailableError: { status: 503, code: 'CLUSTER_UNREACHABLE' },
  SetupIncompleteError: { status: 503, code: 'SETUP_INCOMPLETE' },
};

/** The error name, status and code a thrown error is answered with. */
function classify(
  error: any,
): { name: string; status: number; code: string } | undefined {
  const known = ERRORS[error?.name];
  if (known) return { name: error.name, ...known };
  // Requests the OpenAPI validator rejects carry an HTTP 400 of their own.
  if (error?.status === 400)
    return { name: 'InputError', ...ERRORS.InputError };
  return undefined;
}

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
    const known = classify(error);
    if (!known) {
      logger.error('Unexpected error in stores API', error);
    }
    res.status(known?.status ?? 500).json({
      error: {
        name: known?.name ?? 'Error',
        message: known ? error.message : 'Internal error; see the backend log',
        code: known?.code ?? 'INTERNAL',
      },
    });
  };
}
