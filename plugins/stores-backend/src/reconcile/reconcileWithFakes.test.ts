/**
 * The lifecycle and every reconcile step, on SQLite and the in-memory cluster and Helm
 * (src/__testUtils__/fakes): a create goes to Ready through namespace, Secret, upgrade and
 * order probe; a refusal at any step is the store's reason in Helm's or the probe's words; a
 * namespace another store left is neither adopted nor deleted. Milliseconds, no cluster; the
 * sim-cluster suites prove the same against real Kubernetes and Helm.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { STORE_ID_LABEL } from '@storefleet/plugin-stores-common';
import { FakeCluster, FakeHelm } from '../__testUtils__/fakes';
import { storeTestDatabases } from '../__testUtils__/storeTestDatabases';
import { readLifecycleSettings } from '../config/LifecycleSettings';
import { DatabaseStoresStore } from '../database/DatabaseStoresStore';
import { builtinEngines } from '../engines/builtinEngines';
import { EngineRegistry } from '../engines/EngineRegistry';
import { StoreLifecycle } from '../lifecycle/StoreLifecycle';
import { Reconciler } from './Reconciler';

const databases = storeTestDatabases();
const alice = 'user:default/alice';

async function setup() {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseStoresStore.create({
    database: mockServices.database({ knex }),
  });
  const cluster = new FakeCluster();
  const helm = new FakeHelm(cluster);
  const settings = readLifecycleSettings(
    new ConfigReader({ stores: { publicUrlCheck: { enabled: false } } }),
  );
  const engines = new EngineRegistry(builtinEngines);
  const reconciler = new Reconciler({
    store,
    engines,
    helm,
    cluster,
    logger: mockServices.logger.mock(),
    settings,
    workerId: 'worker-1',
  });
  const lifecycle = new StoreLifecycle({
    store,
    engines,
    limits: settings.limits,
    nudge: () => undefined,
    domains: {
      baseDomain: 'localhost',
      platformHosts: ['backstage.example.com'],
      reserved: [],
      allowedSuffixes: [],
      verifyOwnership: false,
    },
    ingressesServing: host => cluster.ingressesServing(host),
  });
  /** Runs the reconciler until the store has one of `statuses`. */
  const settle = async (id: string, statuses: string[]) => {
    for (let i = 0; i < 20; i++) {
      await reconciler.pump();
      await reconciler.idle();
      const found = (await store.getStore(id))!;
      if (statuses.includes(found.status)) return found;
    }
    throw new Error(`store ${id} never reached ${statuses.join('/')}`);
  };
  const activity = async (id: string) =>
    (await store.listActivity(id)).map(a => a.message);
  const create = (name: string) =>
    lifecycle.create({ name, engine: 'medusa', userRef: alice });
  return { store, cluster, helm, lifecycle, settle, activity, create };
}

describe('the lifecycle on the in-memory cluster and Helm', () => {
  it('takes a new store to Ready through every step, each recorded, in its own labelled namespace', async () => {
    const { cluster, helm, settle, activity, create } = await setup();
    const created = await create('shop');
    const ready = await settle(created.id, ['ready', 'failed']);
    expect(ready.reason).toBeUndefined();
    expect(ready.status).toBe('ready');
    expect(cluster.namespaces.get('store-shop')?.[STORE_ID_LABEL]).toBe(
      created.id,
    );
    expect(
      cluster.secrets.get('store-shop/shop-credentials')?.labels[
        STORE_ID_LABEL
      ],
    ).toBe(created.id);
    expect(helm.calls).toEqual([
      'upgrade shop -n store-shop',
      'test shop -n store-shop',
    ]);
    const lines = await activity(created.id);
    expect(lines).toEqual(
      expect.arrayContaining([
        'namespace: store-shop',
        'credentials: Secret shop-credentials created',
        'helm upgrade --install: release shop revision 1 deployed',
        'helm test (order probe): passed: order order_FAKE1 placed and confirmed',
        'public URLs: not checked: stores.publicUrlCheck.enabled is false in this install',
      ]),
    );
  });

  it('never adopts a namespace another store left, and its delete leaves that namespace alone', async () => {
    const { cluster, helm, lifecycle, settle, create } = await setup();
    cluster.namespaces.set('store-shop', { [STORE_ID_LABEL]: 'another-store' });
    const created = await create('shop');
    const failed = await settle(created.id, ['ready', 'failed']);
    expect(failed.status).toBe('failed');
    expect(failed.reason).toBe(
      `namespace: namespace store-shop already exists and belongs to another store (its storefleet.io/store-id is not this store's id ${created.id}); Storefleet neither adopts nor deletes it, so this store cannot use that name`,
    );
    expect(helm.calls).toEqual([]);
    expect([...cluster.secrets.keys()]).toEqual([]);

    await lifecycle.delete(created.id, alice);
    expect((await settle(created.id, ['deleted'])).status).toBe('deleted');
    expect(cluster.namespaces.get('store-shop')).toEqual({
      [STORE_ID_LABEL]: 'another-store',
    });
    expect(helm.calls).toEqual([]);
  });

  it("fails with Helm's own words when the chart refuses, and with the probe's when the order fails", async () => {
    const { helm, settle, create } = await setup();
    helm.failNextUpgrade =
      'Error: execution error at (medusa-store/templates/deployment.yaml:3:4): store.currency must be a currency code';
    const refused = await settle((await create('shop')).id, ['failed']);
    expect(refused.reason).toMatch(
      /^helm upgrade --install: the chart refused to install: store\.currency must be a currency code/,
    );

    helm.probe = { error: 'no shipping option for the region' };
    const noOrder = await settle((await create('other')).id, ['failed']);
    expect(noOrder.reason).toMatch(
      /^helm test \(order probe\): helm test failed \(exit 1\): Error: 1 test\(s\) failed \(order probe: no shipping option for the region\)/,
    );
  });

  it("refuses a custom domain another store or another application's Ingress already has, naming which", async () => {
    const { cluster, lifecycle, settle, create } = await setup();
    const a = await create('shop-a');
    const b = await create('shop-b');
    await settle(a.id, ['ready']);
    await settle(b.id, ['ready']);
    await lifecycle.setDomain(a.id, 'shop.example.org', alice);
    await expect(
      lifecycle.setDomain(b.id, 'shop.example.org', alice),
    ).rejects.toThrow(
      'Hostname shop.example.org is already used by store shop-a',
    );
    cluster.ingresses.push({
      namespace: 'intranet',
      name: 'web',
      host: 'intranet.example.org',
    });
    await expect(
      lifecycle.setDomain(b.id, 'intranet.example.org', alice),
    ).rejects.toThrow(
      "intranet.example.org is already served by Ingress intranet/web, which is not this store's; a store cannot take a host another application serves",
    );
    await expect(
      lifecycle.setDomain(b.id, 'backstage.example.com', alice),
    ).rejects.toThrow(
      "backstage.example.com is the platform's own host (Backstage); a store cannot serve it",
    );
  });

  it('deletes a store: its release, then its namespace with every Secret in it', async () => {
    const { cluster, helm, lifecycle, settle, create } = await setup();
    const created = await create('shop');
    await settle(created.id, ['ready']);
    await lifecycle.delete(created.id, alice);
    expect((await settle(created.id, ['deleted'])).status).toBe('deleted');
    expect(helm.calls.at(-1)).toBe('uninstall shop -n store-shop');
    expect(cluster.namespaces.has('store-shop')).toBe(false);
    expect([...cluster.secrets.keys()]).toEqual([]);
  });
});
