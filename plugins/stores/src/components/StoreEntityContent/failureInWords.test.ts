import { failureInWords } from './failureInWords';

describe('failureInWords', () => {
  it.each([
    [
      'helm upgrade --install: ... (Kubernetes: ReplicaSet/x FailedCreate: exceeded quota: store-quota)',
      'namespace quota',
    ],
    [
      'helm upgrade --install: helm upgrade failed (exit 1): context deadline exceeded',
      'did not become ready in time',
    ],
    [
      'helm test (order probe): helm test failed (exit 1): pod failed',
      'test order could not be placed',
    ],
    ['namespace: forbidden', 'refused part of the store for security reasons'],
    [
      'drift: Deployment/shop-wordpress was deleted',
      'changed the store in the cluster by hand',
    ],
    [undefined, 'without a recorded reason'],
  ])('explains %j', (reason, words) => {
    expect(failureInWords(reason)).toContain(words);
  });
});
