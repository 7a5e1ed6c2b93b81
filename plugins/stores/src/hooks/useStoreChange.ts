import { alertApiRef, useApi } from '@backstage/core-plugin-api';

/**
 * Runs a change a person asked for and tells them how it went: `done` as a transient info
 * alert, or `failedAs` followed by the backend's own words as an error; then `onChange`.
 */
export function useStoreChange(onChange?: () => void) {
  const alertApi = useApi(alertApiRef);
  return async <T>(
    fn: () => Promise<T>,
    messages: { done: (result: T) => string; failedAs: string },
  ) => {
    try {
      const result = await fn();
      alertApi.post({
        message: messages.done(result),
        severity: 'info',
        display: 'transient',
      });
      onChange?.();
    } catch (error) {
      alertApi.post({
        message: `${messages.failedAs}: ${(error as Error).message}`,
        severity: 'error',
      });
    }
  };
}
