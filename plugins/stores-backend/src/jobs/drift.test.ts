import { StoreWorkload } from '../kubernetes/ClusterClient';
import { driftOf } from './drift';

const ns = 'store-shop';
const w = (
  ref: string,
  replicas = 1,
  readyReplicas = replicas,
): StoreWorkload => ({
  namespace: ns,
  ref,
  replicas,
  readyReplicas,
});
const expected = ['Deployment/shop-server', 'StatefulSet/shop-postgres'];
const whole = [w('Deployment/shop-server'), w('StatefulSet/shop-postgres')];
const namespaces = new Set([ns, 'store-other']);

describe('driftOf', () => {
  it('finds nothing in a store that is as it was when Ready', () => {
    expect(
      driftOf({ namespace: ns, workloads: expected }, namespaces, whole),
    ).toBeUndefined();
  });

  it('names a namespace deleted by hand', () => {
    expect(
      driftOf(
        { namespace: ns, workloads: expected },
        new Set(['store-other']),
        [],
      ),
    ).toBe('namespace store-shop was deleted');
  });

  it('names each workload deleted by hand', () => {
    expect(
      driftOf({ namespace: ns, workloads: expected }, namespaces, [whole[1]]),
    ).toBe('Deployment/shop-server was deleted');
    expect(
      driftOf({ namespace: ns, workloads: expected }, namespaces, []),
    ).toBe('Deployment/shop-server, StatefulSet/shop-postgres were deleted');
  });

  it('without a record of its workloads, still sees a release with none left', () => {
    expect(driftOf({ namespace: ns }, namespaces, [])).toBe(
      'the release has no Deployment or StatefulSet left',
    );
    expect(driftOf({ namespace: ns }, namespaces, whole)).toBeUndefined();
  });

  it('names workloads scaled to zero or not ready', () => {
    expect(
      driftOf({ namespace: ns, workloads: expected }, namespaces, [
        w('Deployment/shop-server', 0),
        whole[1],
      ]),
    ).toBe('Deployment/shop-server scaled to zero');
    expect(
      driftOf({ namespace: ns, workloads: expected }, namespaces, [
        w('Deployment/shop-server', 2, 1),
        whole[1],
      ]),
    ).toBe('Deployment/shop-server has 1 of 2 replicas ready');
  });

  it('ignores workloads added beside the chart', () => {
    expect(
      driftOf({ namespace: ns, workloads: expected }, namespaces, [
        ...whole,
        w('Deployment/extra'),
      ]),
    ).toBeUndefined();
  });
});
