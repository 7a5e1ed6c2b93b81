import { storeTestDatabases } from '../__testUtils__/storeTestDatabases';
import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { DatabaseStoresStore } from './DatabaseStoresStore';
import { CreateLimits, NewStore } from './StoresStore';

jest.setTimeout(60_000);

const databases = storeTestDatabases();

const limits: CreateLimits = {
  maxStores: 100,
  maxStoresPerUser: 100,
  maxCreatesPerWindow: 1000,
  rateWindowSeconds: 3600,
};
const newStore = (name: string, user = 'user:default/alice'): NewStore => ({
  name,
  engine: 'woocommerce',
  owner: user,
  createdBy: user,
  namespace: `store-${name}`,
});

async function storeFor(id: TestDatabaseId) {
  const knex = await databases.init(id);
  return DatabaseStoresStore.create({
    database: mockServices.database({ knex }),
  });
}

describe('DatabaseStoresStore', () => {
  it('runs against PostgreSQL when the test command provides one', () => {
    const required = Boolean(process.env.STOREFLEET_REQUIRE_POSTGRES);
    expect({
      required,
      supported: databases.supports('POSTGRES_15'),
    }).not.toEqual({
      required: true,
      supported: false,
    });
    expect(databases.supports('SQLITE_3')).toBe(true);
  });

  it.each(databases.eachSupportedId())(
    '%p: creates, lists, and frees a name once deleted',
    async id => {
      const store = await storeFor(id);
      const a = await store.createStore(newStore('shop'), limits);
      await expect(store.createStore(newStore('shop'), limits)).rejects.toThrow(
        "A store named 'shop' already exists",
      );
      await store.requestDelete(a.id);
      await store.setStatus(a.id, { status: 'deleted' });
      const b = await store.createStore(newStore('shop'), limits);
      expect(b.id).not.toBe(a.id);
      const listed = await store.listStores({ limit: 10, offset: 0 });
      expect(listed.items.map(s => s.id)).toEqual([b.id]);
      const withDeleted = await store.listStores({
        status: 'deleted',
        limit: 10,
        offset: 0,
      });
      expect(withDeleted.totalCount).toBe(1);
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: two live stores never share a namespace or a Helm release (unique indexes, not only a check)',
    async id => {
      const store = await storeFor(id);
      const a = await store.createStore(newStore('shop-a'), limits);
      // Another name whose derived namespace is taken (as a claimed warm-pool slot's is).
      await expect(
        store.createStore(
          {
            ...newStore('other', 'user:default/mallory'),
            namespace: a.namespace,
          },
          limits,
        ),
      ).rejects.toThrow(
        "Namespace store-shop-a already belongs to another live store; store 'other' cannot use it",
      );
      // Once the first store is deleted, its namespace and release are free again.
      await store.requestDelete(a.id);
      await store.setStatus(a.id, { status: 'deleted' });
      const b = await store.createStore(
        {
          ...newStore('other', 'user:default/mallory'),
          namespace: a.namespace,
        },
        limits,
      );
      expect(b.release).toBe('other');
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: never passes the global quota under 100 parallel creates',
    async id => {
      const store = await storeFor(id);
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, (_, i) =>
          store.createStore(newStore(`race-${i}`, `user:default/u${i}`), {
            ...limits,
            maxStores: 10,
          }),
        ),
      );
      const accepted = results.filter(r => r.status === 'fulfilled').length;
      const refused = results.filter(
        r =>
          r.status === 'rejected' &&
          (r.reason as Error).name === 'QuotaExceededError',
      ).length;
      expect({ accepted, refused }).toEqual({ accepted: 10, refused: 90 });
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: leases work to one worker at a time and honours the concurrency limit',
    async id => {
      const store = await storeFor(id);
      const one = await store.createStore(newStore('one'), limits);
      const two = await store.createStore(newStore('two'), limits);
      const claims = await Promise.all([
        store.claimWork('a', 60, 5),
        store.claimWork('b', 60, 5),
      ]);
      expect(new Set(claims.map(c => c?.id))).toEqual(
        new Set([one.id, two.id]),
      );
      expect(await store.claimWork('c', 60, 5)).toBeUndefined();

      await store.releaseLease(
        one.id,
        claims.find(c => c?.id === one.id) === claims[0] ? 'a' : 'b',
      );
      expect(await store.claimWork('c', 60, 1)).toBeUndefined(); // one lease still held by another worker
      expect((await store.claimWork('c', 60, 5))?.id).toBe(one.id);

      // The cap is across replicas: a worker's own leases count as much as the others'.
      const three = await store.createStore(newStore('three'), limits);
      expect(await store.claimWork('c', 60, 2)).toBeUndefined();
      expect((await store.claimWork('c', 60, 3))?.id).toBe(three.id);
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: lets another worker take over an expired lease',
    async id => {
      const store = await storeFor(id);
      const s = await store.createStore(newStore('stale'), limits);
      expect((await store.claimWork('dead', 1, 5))?.id).toBe(s.id);
      expect(await store.claimWork('alive', 1, 5)).toBeUndefined();
      await new Promise(r => setTimeout(r, 1100));
      expect((await store.claimWork('alive', 60, 5))?.id).toBe(s.id);
      expect(await store.renewLease(s.id, 'dead', 60)).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: records status, attempts and activity in order',
    async id => {
      const store = await storeFor(id);
      const s = await store.createStore(newStore('life'), limits);
      await store.setStatus(s.id, {
        status: 'provisioning',
        incrementAttempts: true,
      });
      await store.setStatus(s.id, {
        status: 'failed',
        reason: 'helm test: order failed',
      });
      expect(await store.requestRetry(s.id)).toMatchObject({
        status: 'queued',
        reason: undefined,
      });
      expect(await store.requestRetry(s.id)).toBeUndefined();
      await store.setStatus(s.id, {
        status: 'ready',
        storefrontUrl: 'http://x/',
        adminUrl: 'http://x/admin',
      });
      await store.addActivity(s.id, {
        kind: 'ready',
        message: 'Ready at http://x/',
      });
      const got = await store.getStore(s.id);
      expect(got).toMatchObject({
        status: 'ready',
        attempts: 1,
        storefrontUrl: 'http://x/',
      });
      expect(got?.readyAt).toMatch(/^\d{4}-/);
      expect((await store.listActivity(s.id)).map(a => a.kind)).toEqual([
        'requested',
        'ready',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: suspends only a ready store, hands it to a worker, and frees its capacity',
    async id => {
      const store = await storeFor(id);
      const two = { ...limits, maxStores: 2 };
      const a = await store.createStore(newStore('sa'), two);
      await store.createStore(newStore('sb'), two);
      await expect(store.createStore(newStore('sc'), two)).rejects.toThrow(
        'Storefleet has reached its limit of 2 running stores; delete or suspend one first',
      );
      expect(await store.requestSuspend(a.id)).toBeUndefined(); // queued, not ready
      await store.setStatus(a.id, { status: 'ready' });
      expect(await store.requestSuspend(a.id)).toMatchObject({
        status: 'suspending',
      });
      expect(await store.requestSuspend(a.id)).toBeUndefined();
      // The reconciler has work for it (and for sb, still queued).
      const claimed = [
        await store.claimWork('w', 60, 5),
        await store.claimWork('w', 60, 5),
      ];
      expect(claimed.find(c => c?.id === a.id)).toMatchObject({
        desired: 'suspended',
        status: 'suspending',
      });
      // Suspending still holds its pods; suspended does not.
      await expect(store.createStore(newStore('sc'), two)).rejects.toThrow(
        /limit of 2 running stores/,
      );
      expect(await store.requestResume(a.id, two)).toBeUndefined(); // not suspended yet
      await store.setStatus(a.id, { status: 'suspended' });
      const c = await store.createStore(newStore('sc'), two);
      // Now the running stores are at the limit again: resuming is refused, nothing changes.
      await expect(store.requestResume(a.id, two)).rejects.toThrow(
        /limit of 2 running stores/,
      );
      expect((await store.getWork(a.id))?.desired).toBe('suspended');
      await store.requestDelete(c.id);
      await store.setStatus(c.id, { status: 'deleted' });
      expect(await store.requestResume(a.id, two)).toMatchObject({
        status: 'queued',
      });
      expect((await store.getWork(a.id))?.desired).toBe('present');
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: gives a hostname to one live store at a time',
    async id => {
      const store = await storeFor(id);
      const a = await store.createStore(newStore('host-a'), limits);
      const b = await store.createStore(newStore('host-b'), limits);
      await store.setStatus(a.id, { status: 'ready' });
      expect(
        await store.setCustomHost(a.id, 'shop.example.org', true),
      ).toMatchObject({ customHost: 'shop.example.org', status: 'queued' });
      await expect(
        store.setCustomHost(b.id, 'shop.example.org', false),
      ).rejects.toThrow(
        'Hostname shop.example.org is already used by store host-a',
      );
      // Two at once: the unique index lets one through.
      const raced = await Promise.allSettled([
        store.setCustomHost(a.id, 'race.example.org', false),
        store.setCustomHost(b.id, 'race.example.org', false),
      ]);
      expect(raced.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      const winner =
        (await store.getStore(a.id))?.customHost === 'race.example.org' ? a : b;
      await store.requestDelete(winner.id);
      await store.setStatus(winner.id, { status: 'deleted' });
      const other = winner.id === a.id ? b : a;
      expect(
        await store.setCustomHost(other.id, 'race.example.org', false),
      ).toMatchObject({ customHost: 'race.example.org' });
      expect(await store.setCustomHost(other.id, null, false)).toMatchObject({
        customHost: undefined,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: summarises by status and engine, time to Ready of the latest Ready stores, and the latest failures',
    async id => {
      const store = await storeFor(id);
      const ready = await store.createStore(newStore('s-ready'), limits);
      const failed = await store.createStore(newStore('s-failed'), limits);
      await store.createStore(newStore('s-queued'), limits);
      const gone = await store.createStore(newStore('s-gone'), limits);
      await store.setStatus(ready.id, { status: 'ready' });
      await store.setStatus(failed.id, {
        status: 'failed',
        reason: 'helm upgrade --install: timed out',
      });
      await store.setStatus(gone.id, { status: 'deleted' });
      const summary = await store.summary();
      expect(summary).toMatchObject({
        total: 3,
        byStatus: { ready: 1, failed: 1, queued: 1 },
        byEngine: { woocommerce: 3 },
        provisioningSeconds: { count: 1, window: 20 },
        recentFailures: [
          {
            id: failed.id,
            name: 's-failed',
            reason: 'helm upgrade --install: timed out',
          },
        ],
      });
      expect(summary.provisioningSeconds.p50).toBeGreaterThanOrEqual(0);
      expect(
        new Date(summary.recentFailures[0].updatedAt).getTime(),
      ).not.toBeNaN();
      // Only what the caller may read.
      expect((await store.summary(['user:default/nobody'])).total).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: lists "mine" (owned or requested by me or my groups) within what I may read',
    async id => {
      const store = await storeFor(id);
      await store.createStore(newStore('a-own', 'user:default/alice'), limits);
      await store.createStore(newStore('b-own', 'user:default/bob'), limits);
      await store.createStore(
        {
          ...newStore('team-shop', 'user:default/carol'),
          owner: 'group:default/team',
        },
        limits,
      );
      const names = async (filter: object) =>
        (await store.listStores({ limit: 50, offset: 0, ...filter })).items
          .map(s => s.name)
          .sort();
      expect(
        await names({ mine: ['user:default/alice', 'group:default/team'] }),
      ).toEqual(['a-own', 'team-shop']);
      expect(await names({ mine: ['user:default/carol'] })).toEqual([
        'team-shop',
      ]);
      // Mine never widens what the permission policy allows.
      expect(
        await names({
          mine: ['user:default/alice', 'group:default/team'],
          ownedBy: ['user:default/alice'],
        }),
      ).toEqual(['a-own']);
    },
  );

  it.each(databases.eachSupportedId())(
    '%p: lists activity across stores newest first, a page at a time, filtered by reader, store, actor and kind',
    async id => {
      const store = await storeFor(id);
      const a = await store.createStore(
        newStore('act-a', 'user:default/alice'),
        limits,
      );
      const b = await store.createStore(
        newStore('act-b', 'user:default/bob'),
        limits,
      );
      for (let i = 0; i < 3; i++) {
        await store.addActivity(a.id, { kind: 'step', message: `a ${i}` });
        await store.addActivity(b.id, {
          kind: 'suspend-requested',
          message: `b ${i}`,
          actor: 'user:default/bob',
        });
      }
      const messages = (page: { items: { message: string }[] }) =>
        page.items.map(l => l.message);
      // Creating each store wrote its own first line too.
      const all = await store.listFleetActivity({ limit: 100 });
      expect(all.items.length).toBeGreaterThanOrEqual(6);
      expect(all.items.map(l => l.id)).toEqual(
        [...all.items.map(l => l.id)].sort((x, y) => y - x),
      );
      expect(all.items[0]).toMatchObject({
        message: 'b 2',
        storeName: 'act-b',
        storeId: b.id,
        actor: 'user:default/bob',
      });
      expect(
        messages(await store.listFleetActivity({ limit: 100, kind: 'step' })),
      ).toEqual(['a 2', 'a 1', 'a 0']);
      expect(
        messages(
          await store.listFleetActivity({
            limit: 100,
            actor: 'user:default/bob',
            kind: 'suspend-requested',
          }),
        ),
      ).toEqual(['b 2', 'b 1', 'b 0']);
      expect(
        (
          await store.listFleetActivity({ limit: 100, store: 'act-a' })
        ).items.every(l => l.storeName === 'act-a'),
      ).toBe(true);
      // Only the stores the reader may read.
      expect(
        (
          await store.listFleetActivity({
            limit: 100,
            ownedBy: ['user:default/alice'],
          })
        ).items.every(l => l.storeName === 'act-a'),
      ).toBe(true);
      // Pages: the cursor is the last id of the page; the last page has none.
      const first = await store.listFleetActivity({ limit: 2, kind: 'step' });
      expect(messages(first)).toEqual(['a 2', 'a 1']);
      expect(first.nextCursor).toBe(first.items[1].id);
      const second = await store.listFleetActivity({
        limit: 2,
        kind: 'step',
        before: first.nextCursor,
      });
      expect(messages(second)).toEqual(['a 0']);
      expect(second.nextCursor).toBeUndefined();
    },
  );
});
