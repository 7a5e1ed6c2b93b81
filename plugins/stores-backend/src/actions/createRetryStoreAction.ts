import { ActionDeps } from './registration';

/** The `retry-store` action. */
export function createRetryStoreAction({
  registerStoreChange,
  operations,
}: ActionDeps) {
  registerStoreChange({
    name: 'retry-store',
    title: 'Retry a failed or degraded store',
    description:
      'Starts provisioning of a failed store over (status back to "queued"), or repairs a ' +
      'degraded one (changed by hand in the cluster: what is missing is recreated, then a test ' +
      'order runs again); only failed and degraded stores can be retried. Follow it with ' +
      'wait-for-store.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    run: (credentials, id) => operations.retry(credentials, id),
  });
}
