import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { DatabaseStoresStore } from '../database/DatabaseStoresStore';
import { builtinEngines } from '../engines/builtinEngines';
import { EngineRegistry } from '../engines/EngineRegistry';
import { ExpiryCheck } from './ExpiryCheck';
import { StoreLifecycle } from '../lifecycle/StoreLifecycle';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const hour = 3600_000;

async function setup() {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseStoresStore.create({
    database: mockServices.database({ knex }),
  });
  const lifecycle = new StoreLifecycle({
    store,
    engines: new EngineRegistry(builtinEngines),
    limits: {
      maxStores: 10,
      maxStoresPerUser: 10,
      maxCreatesPerWindow: 10,
      rateWindowSeconds: 3600,
    },
    maxTtlHours: 48,
    nudge: () => {},
  });
  // The notifications backend is another plugin; this records what would reach it.
  const sent: NotificationSendOptions[] = [];
  const check = new ExpiryCheck({
    store,
    lifecycle,
    notifications: { send: async o => void sent.push(o) },
    notifyBeforeHours: 24,
    logger: mockServices.logger.mock(),
  });
  return { store, lifecycle, check, sent };
}

describe('ExpiryCheck', () => {
  it('tells the owner once before expiry, and deletes the store when it expires', async () => {
    const { lifecycle, check, sent, store } = await setup();
    const shop = await lifecycle.create({
      name: 'short',
      engine: 'medusa',
      owner: 'group:default/team-a',
      ttlHours: 30,
      userRef: 'user:default/alice',
    });
    const forever = await lifecycle.create({
      name: 'forever',
      engine: 'medusa',
      userRef: 'user:default/alice',
    });
    const expiresAt = Date.parse(shop.expiresAt!);
    expect(expiresAt - Date.now()).toBeGreaterThan(29.9 * hour);

    // 7 h before: too early to tell anyone.
    expect(await check.run(new Date(expiresAt - 25 * hour))).toEqual({
      expired: [],
      notified: [],
    });
    // 23 h before: the owning group and the requester are told, once.
    expect(await check.run(new Date(expiresAt - 23 * hour))).toEqual({
      expired: [],
      notified: ['short'],
    });
    expect(await check.run(new Date(expiresAt - 22 * hour))).toEqual({
      expired: [],
      notified: [],
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/team-a', 'user:default/alice'],
      },
      payload: {
        title: 'Store short expires in about 23 h',
        link: '/catalog/default/resource/short/store',
        topic: 'storefleet-store-expiry',
      },
    });
    // At expiry: deleted, with the reason in its activity; the other store is untouched.
    expect(await check.run(new Date(expiresAt + 1000))).toEqual({
      expired: ['short'],
      notified: [],
    });
    expect((await store.getStore(shop.id))?.status).toBe('deleting');
    expect((await store.listActivity(shop.id)).at(-1)).toMatchObject({
      kind: 'expired',
      message: `Expired at ${shop.expiresAt}; deleting`,
    });
    expect((await store.getStore(forever.id))?.status).toBe('queued');
    expect(await check.run(new Date(expiresAt + 2000))).toEqual({
      expired: [],
      notified: [],
    });
  });

  it('extends an expiry within the limit, and tells the owner again before the new one', async () => {
    const { lifecycle, check, sent } = await setup();
    const shop = await lifecycle.create({
      name: 'extend-me',
      engine: 'medusa',
      ttlHours: 10,
      userRef: 'user:default/alice',
    });
    await check.run();
    expect(sent).toHaveLength(1);
    const extended = await lifecycle.extend(shop.id, 30, 'user:default/alice');
    expect(Date.parse(extended.expiresAt!) - Date.parse(shop.expiresAt!)).toBe(
      30 * hour,
    );
    await expect(
      lifecycle.extend(shop.id, 20, 'user:default/alice'),
    ).rejects.toThrow(
      'A store may live at most 48 hours from now (stores.expiry.maxTtlHours); asked for 60',
    );
    expect(await check.run()).toEqual({ expired: [], notified: [] });
    expect(
      await check.run(new Date(Date.parse(extended.expiresAt!) - hour)),
    ).toEqual({ expired: [], notified: ['extend-me'] });
  });

  it('refuses a time to live over the limit, and extending a store that does not expire', async () => {
    const { lifecycle } = await setup();
    await expect(
      lifecycle.create({
        name: 'too-long',
        engine: 'medusa',
        ttlHours: 49,
        userRef: 'user:default/alice',
      }),
    ).rejects.toThrow('A store may live at most 48 hours from now');
    const forever = await lifecycle.create({
      name: 'no-ttl',
      engine: 'medusa',
      userRef: 'user:default/alice',
    });
    await expect(
      lifecycle.extend(forever.id, 1, 'user:default/alice'),
    ).rejects.toThrow(
      'Store no-ttl does not expire; there is nothing to extend',
    );
  });
});
