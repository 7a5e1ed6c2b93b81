import { backOff } from 'exponential-backoff';
import { isClusterUnreachable } from '../kubernetes/unreachable';

/**
 * Runs one idempotent lifecycle step, and runs it again, with backoff (1 s doubling to 15 s),
 * for as long as it fails only because the API server cannot be reached and the attempt's
 * deadline is not passed: a store waits out an API server that restarts instead of failing.
 * `onWait` is told the first time, so the store's activity says what it waits for.
 */
export function untilReachable<T>(
  fn: () => Promise<T>,
  options: {
    signal: AbortSignal;
    deadline: number;
    onWait: (error: Error) => Promise<void>;
  },
): Promise<T> {
  let told = false;
  return backOff(fn, {
    numOfAttempts: Number.MAX_SAFE_INTEGER,
    startingDelay: 1000,
    timeMultiple: 2,
    maxDelay: 15_000,
    jitter: 'none',
    retry: async error => {
      if (options.signal.aborted || !isClusterUnreachable(error)) return false;
      if (Date.now() + 1000 >= options.deadline) return false;
      if (!told) {
        told = true;
        await options.onWait(error as Error);
      }
      return true;
    },
  });
}
