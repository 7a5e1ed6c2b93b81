import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseStoresStore } from '../database/DatabaseStoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { medusaEngine, woocommerceEngine } from '../engines/builtinEngines';
import { PoolSettings } from '../config/LifecycleSettings';
import { WarmPool } from './WarmPool';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function setup(pool: PoolSettings, maxStores = 100) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseStoresStore.create({
    database: mockServices.database({ knex }),
  });
  const nudge = jest.fn();
  const logger = mockServices.logger.mock();
  const engines = new EngineRegistry([
    medusaEngine,
    { ...woocommerceEngine, claim: undefined },
  ]);
  const warm = (p: PoolSettings = pool) =>
    new WarmPool({ store, engines, pool: p, maxStores, logger, nudge });
  return { store, nudge, logger, warm };
}

const hours = (n: number) => new Date(Date.now() + n * 3600_000);

describe('WarmPool', () => {
  it('requests the missing slots, then nothing while the pool is full', async () => {
    const { store, nudge, warm } = await setup({
      sizes: { medusa: 2 },
      maxAgeHours: 24,
      intervalSeconds: 30,
    });
    const first = await warm().run();
    expect(first.requested).toHaveLength(2);
    expect(first.requested[0]).toMatch(/^pool-medusa-[0-9a-f]{10}$/);
    expect(nudge).toHaveBeenCalledTimes(1);
    const slots = await store.listSlots('medusa');
    expect(slots.map(s => [s.status, s.namespace, s.poolSlot])).toEqual(
      slots.map(s => ['queued', `store-${s.name}`, true]),
    );
    expect(await warm().run()).toEqual({ requested: [], deleted: [] });
    // Slots are in no person's list.
    expect((await store.listStores({ limit: 10, offset: 0 })).totalCount).toBe(
      0,
    );
  });

  it('replaces slots older than maxAgeHours and failed ones (refilling at the next run)', async () => {
    const { store, warm, logger } = await setup({
      sizes: { medusa: 2 },
      maxAgeHours: 24,
      intervalSeconds: 30,
    });
    await warm().run();
    const aged = await warm().run(hours(25));
    expect(aged.deleted).toHaveLength(2);
    expect(aged.requested).toHaveLength(2);
    const [broken] = await store.listSlots('medusa');
    await store.setStatus(broken.id, {
      status: 'failed',
      reason: 'helm test (order probe): no order',
    });
    const afterFailure = await warm().run();
    expect(afterFailure).toEqual({ requested: [], deleted: [broken.name] });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        `${broken.name} is failed: helm test (order probe): no order`,
      ),
    );
    expect((await warm().run()).requested).toHaveLength(1);
    expect(await store.listSlots('medusa')).toHaveLength(2);
  });

  it('empties a pool whose size went to 0, not-ready slots first when it shrinks', async () => {
    const { store, warm } = await setup({
      sizes: { medusa: 3 },
      maxAgeHours: 24,
      intervalSeconds: 30,
    });
    await warm().run();
    const [ready] = await store.listSlots('medusa');
    await store.setStatus(ready.id, { status: 'ready' });
    const shrunk = await warm({
      sizes: { medusa: 1 },
      maxAgeHours: 24,
      intervalSeconds: 30,
    }).run();
    expect(shrunk.deleted).toHaveLength(2);
    expect((await store.listSlots('medusa')).map(s => s.id)).toEqual([
      ready.id,
    ]);
    const off = await warm({
      sizes: {},
      maxAgeHours: 24,
      intervalSeconds: 30,
    }).run();
    expect(off.deleted).toEqual([ready.name]);
    expect(await store.listSlots('medusa')).toEqual([]);
  });

  it('stays within the running-store limit and says so; an engine without claim steps gets no pool', async () => {
    const { store, warm, logger } = await setup(
      {
        sizes: { medusa: 5, woocommerce: 2 },
        maxAgeHours: 24,
        intervalSeconds: 30,
      },
      3,
    );
    const run = await warm().run();
    expect(run.requested).toHaveLength(3);
    expect(await store.listSlots('woocommerce')).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      'stores.pool.woocommerce: engine woocommerce cannot hand slots over (it has no claim steps); no slots made',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Warm pool of medusa: 3 of 5 slots; the running-store limit (stores.quotas.maxStores) leaves no room for more',
    );
  });
});
