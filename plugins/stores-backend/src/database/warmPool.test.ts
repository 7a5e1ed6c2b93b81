import { storeTestDatabases } from '../__testUtils__/storeTestDatabases';
import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import Knex from 'knex';
import { EngineRegistry } from '../engines/EngineRegistry';
import { medusaEngine } from '../engines/builtinEngines';
import { StoreLifecycle } from '../lifecycle/StoreLifecycle';
import { DatabaseStoresStore } from './DatabaseStoresStore';
import { CreateLimits } from './StoresStore';

jest.setTimeout(60_000);

const databases = storeTestDatabases();

const limits: CreateLimits = {
  maxStores: 100,
  maxStoresPerUser: 100,
  maxCreatesPerWindow: 1000,
  rateWindowSeconds: 3600,
};

/**
 * Two "replicas": on PostgreSQL two connection pools to the same database, as two backend
 * processes have; SQLite's in-memory database has one connection, so both share it.
 */
async function replicas(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const second = id.startsWith('POSTGRES') ? Knex(knex.client.config) : knex;
  const [a, b] = await Promise.all(
    [knex, second].map((k, i) =>
      DatabaseStoresStore.create({
        database: mockServices.database({ knex: k }),
        skipMigrations: i > 0,
      }),
    ),
  );
  return {
    stores: [a, b],
    close: () => (second !== knex ? second.destroy() : undefined),
  };
}

/** A Ready slot, as the reconciler leaves one after its order probe passed. */
async function readySlot(store: DatabaseStoresStore, name: string) {
  await store.createSlot(
    { name, engine: 'medusa', namespace: `store-${name}` },
    100,
  );
  const [slot] = (await store.listSlots('medusa')).filter(s => s.name === name);
  await store.setStatus(slot.id, {
    status: 'ready',
    storefrontUrl: `http://${name}.localhost/`,
    adminUrl: `http://${name}.localhost/app`,
  });
  return slot;
}

const lifecycleOver = (store: DatabaseStoresStore, poolSize = 3) =>
  new StoreLifecycle({
    store,
    engines: new EngineRegistry([medusaEngine]),
    limits,
    nudge: () => {},
    poolSize: () => poolSize,
  });

describe('warm pool claims', () => {
  it.each(databases.eachSupportedId())(
    '%p: N parallel creates over two replicas with N-1 Ready slots: N-1 from the pool, 1 provisioned, no slot twice',
    async id => {
      const { stores, close } = await replicas(id);
      try {
        const n = 6;
        const slots = [];
        for (let i = 0; i < n - 1; i++) {
          slots.push(await readySlot(stores[0], `pool-medusa-s${i}`));
        }
        const lifecycles = stores.map(s => lifecycleOver(s));
        const created = await Promise.all(
          Array.from({ length: n }, (_, i) =>
            lifecycles[i % 2].create({
              name: `shop-${i}`,
              engine: 'medusa',
              userRef: `user:default/u${i}`,
            }),
          ),
        );
        const works = await Promise.all(
          created.map(c => stores[0].getWork(c.id)),
        );
        const fromPool = works.filter(w => w!.claimedFrom);
        const provisioned = works.filter(w => !w!.claimedFrom);
        expect(fromPool).toHaveLength(n - 1);
        expect(provisioned).toHaveLength(1);
        expect(provisioned[0]!.namespace).toBe(`store-${provisioned[0]!.name}`);
        // Each slot went to exactly one person, and kept its namespace and release.
        const slotIds = new Set(slots.map(s => s.id));
        expect(new Set(fromPool.map(w => w!.id)).size).toBe(n - 1);
        for (const w of fromPool) {
          expect(slotIds.has(w!.id)).toBe(true);
          expect(w!.release).toBe(w!.claimedFrom!.name);
          expect(w!.namespace).toBe(`store-${w!.claimedFrom!.name}`);
          expect(w!.status).toBe('queued');
          expect(w!.poolSlot).toBe(false);
        }
        expect(await stores[0].listSlots('medusa')).toEqual([]);
        // The people's stores are listed; slots never are.
        const listed = await stores[0].listStores({ limit: 50, offset: 0 });
        expect(listed.totalCount).toBe(n);
        const activity = await stores[0].listActivity(fromPool[0]!.id);
        expect(activity.map(a => a.message)).toContainEqual(
          expect.stringMatching(
            /^From the warm pool \(slot pool-medusa-s\d, provisioned at \S+, order probe passed at \S+\)$/,
          ),
        );
      } finally {
        await close();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: a claim holds the person to their limits and names; options or no pool take the normal path',
    async id => {
      const { stores, close } = await replicas(id);
      try {
        const [store] = stores;
        for (let i = 0; i < 3; i++) await readySlot(store, `pool-medusa-l${i}`);
        const strict = new StoreLifecycle({
          store,
          engines: new EngineRegistry([medusaEngine]),
          limits: { ...limits, maxStoresPerUser: 1 },
          nudge: () => {},
          poolSize: () => 3,
        });
        await strict.create({
          name: 'one',
          engine: 'medusa',
          userRef: 'user:default/bo',
        });
        await expect(
          strict.create({
            name: 'two',
            engine: 'medusa',
            userRef: 'user:default/bo',
          }),
        ).rejects.toThrow(/limit per person is 1/);
        await expect(
          strict.create({
            name: 'one',
            engine: 'medusa',
            userRef: 'user:default/cy',
          }),
        ).rejects.toThrow(ConflictError);
        expect(await store.listSlots('medusa')).toHaveLength(2);

        const withOptions = await lifecycleOver(store).create({
          name: 'eur',
          engine: 'medusa',
          options: { currency: 'EUR' },
          userRef: 'user:default/di',
        });
        expect(
          (await store.getWork(withOptions.id))!.claimedFrom,
        ).toBeUndefined();
        const poolOff = await lifecycleOver(store, 0).create({
          name: 'off',
          engine: 'medusa',
          userRef: 'user:default/ed',
        });
        expect((await store.getWork(poolOff.id))!.claimedFrom).toBeUndefined();
        expect(await store.listSlots('medusa')).toHaveLength(2);
      } finally {
        await close();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: a failed hand-over sends the slot to clean-up and the store to the normal path',
    async id => {
      const { stores, close } = await replicas(id);
      try {
        const [store] = stores;
        await readySlot(store, 'pool-medusa-f0');
        const created = await lifecycleOver(store).create({
          name: 'shop',
          engine: 'medusa',
          userRef: 'user:default/fa',
        });
        await store.abandonClaim(
          created.id,
          'store-shop',
          'order probe failed',
        );
        const work = (await store.getWork(created.id))!;
        expect(work).toMatchObject({
          status: 'queued',
          namespace: 'store-shop',
          release: 'shop',
          claimedFrom: undefined,
        });
        // The reconciler's queue: the person's store first, then the slot's clean-up.
        const first = await store.claimWork('test-worker', 30, 10);
        const second = await store.claimWork('test-worker', 30, 10);
        expect(first?.id).toBe(created.id);
        const cleanup = second;
        expect(cleanup).toMatchObject({
          desired: 'absent',
          status: 'deleting',
          namespace: 'store-pool-medusa-f0',
          release: 'pool-medusa-f0',
          poolSlot: true,
        });
        // Never a failed store for the person, and the slot is not offered again.
        expect(await store.listSlots('medusa')).toEqual([]);
      } finally {
        await close();
      }
    },
  );
});
