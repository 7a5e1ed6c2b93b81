import { isClusterUnreachable } from './unreachable';

describe('isClusterUnreachable', () => {
  it('knows a network failure, also as the cause of another error', () => {
    const refused = Object.assign(
      new Error('connect ECONNREFUSED 127.0.0.1:6443'),
      {
        code: 'ECONNREFUSED',
      },
    );
    expect(isClusterUnreachable(refused)).toBe(true);
    expect(
      isClusterUnreachable(new Error('request failed', { cause: refused })),
    ).toBe(true);
    expect(
      isClusterUnreachable(
        new Error(
          'helm upgrade failed (exit 1): Kubernetes cluster unreachable: Get "https://127.0.0.1:6443/version": dial tcp 127.0.0.1:6443: connect: connection refused',
        ),
      ),
    ).toBe(true);
    expect(
      isClusterUnreachable(
        new Error(
          'read tcp 127.0.0.1:5000->127.0.0.1:6443: read: connection reset by peer',
        ),
      ),
    ).toBe(true);
  });

  it('does not mistake a refusal by the API server for an outage', () => {
    for (const message of [
      'namespaces "store-a" is forbidden: User "storefleet" cannot create resource',
      'admission webhook denied the request',
      'exceeded quota: store-quota',
      'context deadline exceeded',
    ]) {
      expect(isClusterUnreachable(new Error(message))).toBe(false);
    }
    expect(isClusterUnreachable(undefined)).toBe(false);
  });
});
