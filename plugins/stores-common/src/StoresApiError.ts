/**
 * A refusal or failure answered by the stores API, in its own words: `message` is the
 * backend's `error.message` (e.g. "Storefleet has reached its limit of 20 running stores;
 * delete or suspend one first") and `code` its machine-readable code (e.g. `QUOTA_EXCEEDED`,
 * `CONFLICT`).
 */
export class StoresApiError extends Error {
  readonly name = 'StoresApiError';

  constructor(
    message: string,
    /** HTTP status of the answer. */
    readonly status: number,
    /** The API's error code, when the answer carried one. */
    readonly code?: string,
  ) {
    super(message);
  }

  /** Reads an error answer; a body that is not the API's error shape falls back to the status. */
  static async fromResponse(response: Response): Promise<StoresApiError> {
    const fallback =
      `The stores API answered ${response.status} ${response.statusText}`.trim();
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch {
      return new StoresApiError(fallback, response.status);
    }
    const error = (body as { error?: { message?: unknown; code?: unknown } })
      ?.error;
    const message =
      typeof error?.message === 'string' && error.message
        ? error.message
        : fallback;
    const code = typeof error?.code === 'string' ? error.code : undefined;
    // Backstage's request rate limit (backend.rateLimit) answers before the plugin, with no code.
    if (response.status === 429 && !code) {
      const seconds = Number(response.headers.get('retry-after'));
      return new StoresApiError(
        `Too many requests to Storefleet from your address; try again in ${
          seconds > 0 ? `${seconds} s` : 'a minute'
        }`,
        429,
        'RATE_LIMITED',
      );
    }
    return new StoresApiError(message, response.status, code);
  }
}

/** True for an answer of the stores API (as opposed to a network or programming error). */
export const isStoresApiError = (error: unknown): error is StoresApiError =>
  error instanceof StoresApiError ||
  (error as { name?: unknown })?.name === 'StoresApiError';
