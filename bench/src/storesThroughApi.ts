import { storesConfigWithoutCluster } from '@storefleet/sim-cluster';

/**
 * The stores config that lets one user create `count` stores and more, with no cluster that
 * answers: the stores are accepted and stay queued (with no cluster configured at all, the
 * backend refuses creates with SETUP_INCOMPLETE).
 */
export const roomFor = (count: number) => {
  const noCluster = storesConfigWithoutCluster();
  return {
    ...noCluster,
    quotas: {
      ...noCluster.quotas,
      maxStores: count * 2,
      maxStoresPerUser: count * 2,
      maxCreatesPerHour: count * 2,
    },
  };
};

/**
 * Creates `count` stores through the stores API at `storesUrl` (…/api/stores), named
 * `<prefix>-0000` on, engines alternating, `parallel` requests at a time.
 */
export async function createStoresThroughApi(options: {
  storesUrl: string;
  headers: Record<string, string>;
  prefix: string;
  count: number;
  parallel?: number;
}) {
  let next = 0;
  await Promise.all(
    Array.from({ length: options.parallel ?? 1 }, async () => {
      while (next < options.count) {
        const i = next++;
        const res = await fetch(`${options.storesUrl}/stores`, {
          method: 'POST',
          headers: options.headers,
          body: JSON.stringify({
            name: `${options.prefix}-${String(i).padStart(4, '0')}`,
            engine: i % 2 ? 'medusa' : 'woocommerce',
          }),
        });
        if (res.status !== 201) throw new Error(`create: ${await res.text()}`);
      }
    }),
  );
}
