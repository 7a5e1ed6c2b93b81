/**
 * The lifecycle against the sim cluster: real SQLite, real helm, real kube-apiserver with
 * kwok-simulated nodes (containers do not run). Two engines: the real WooCommerce engine and
 * chart (charts/woocommerce-store), and a test engine over the sim cluster's small check chart,
 * registered the way an adopter would add an engine.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { simCluster, run } from '@storefleet/sim-cluster';
import { StoreEngine } from '@storefleet/plugin-stores-node';
import Knex from 'knex';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseStoresStore } from '../database/DatabaseStoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { woocommerceEngine } from '../engines/builtinEngines';
import { HelmClient } from '../helm/HelmClient';
import { ClusterClient, loadKubeConfig } from '../kubernetes/ClusterClient';
import { LifecycleSettings } from '../config/LifecycleSettings';
import { FailedCleanup } from '../jobs/FailedCleanup';
import { Reconciler } from './Reconciler';
import { StoreLifecycle } from '../lifecycle/StoreLifecycle';

jest.setTimeout(10 * 60_000);

/** Values of the test engine, changed by tests to inject and then fix failures. */
let engineValues: Record<string, unknown> = {};
const checkEngine: StoreEngine = {
  id: 'check',
  title: 'Sim check',
  chart: resolve(simCluster.packageDir, 'test-chart'),
  credentialKeys: ['admin-password'],
  values: () => engineValues,
  urls: ctx => ({
    storefrontUrl: `http://${ctx.storeName}.${ctx.baseDomain}/`,
    adminUrl: `http://${ctx.storeName}.${ctx.baseDomain}/admin`,
  }),
};

/** The real WooCommerce engine; tests merge overrides into its values to inject failures. */
let wooOverrides: Record<string, unknown> = {};
const realWooEngine: StoreEngine = {
  ...woocommerceEngine,
  values: ctx => ({ ...woocommerceEngine.values(ctx), ...wooOverrides }),
};
/** Store chart values whose namespace quota no pod fits in: pods are refused at admission. */
const quotaTooSmall = { resourceQuota: { hard: { 'limits.memory': '64Mi' } } };
const engines = () => new EngineRegistry([checkEngine, realWooEngine]);

let env: NodeJS.ProcessEnv;
let store: DatabaseStoresStore;
let knex: ReturnType<typeof Knex>;
let cluster: ClusterClient;
let helm: HelmClient;
const reconcilers: Reconciler[] = [];
const run2 = (file: string, ...args: string[]) => run(file, args, { env });

function settings(
  overrides: Partial<LifecycleSettings> = {},
): LifecycleSettings {
  return {
    kubeconfigPath: env.KUBECONFIG,
    helmBinary: 'helm',
    chartsDirectory: simCluster.storeChartsDir,
    images: {},
    egressAllowed: [],
    baseDomain: '127.0.0.1.nip.io',
    ingressClassName: 'nginx',
    tls: false,
    valuesProfile: 'local',
    podSecurityLevel: 'baseline',
    // kwok's pods serve nothing: this simulated suite opts out of the public-URL step.
    publicUrlCheck: { enabled: false, timeoutSeconds: 10, settleSeconds: 60 },
    limits: {
      maxStores: 100,
      maxStoresPerUser: 100,
      maxCreatesPerWindow: 100,
      rateWindowSeconds: 3600,
    },
    maxConcurrentProvisions: 3,
    provisioningTimeoutSeconds: 120,
    deleteTimeoutSeconds: 120,
    leaseSeconds: 30,
    reconcileIntervalSeconds: 1,
    driftIntervalSeconds: 0,
    expiry: { maxTtlHours: 720, notifyBeforeHours: 24, intervalSeconds: 0 },
    failed: { cleanupAfterHours: 0, intervalSeconds: 600 },
    pool: { sizes: {}, maxAgeHours: 24, intervalSeconds: 30 },
    ...overrides,
  };
}

function newWorker(name: string, overrides: Partial<LifecycleSettings> = {}) {
  const reconciler = new Reconciler({
    store,
    engines: engines(),
    helm,
    cluster,
    logger: mockServices.logger.mock(),
    settings: settings(overrides),
    workerId: name,
  });
  reconcilers.push(reconciler);
  return reconciler;
}

function lifecycleFor(reconciler: Reconciler) {
  return new StoreLifecycle({
    store,
    engines: engines(),
    limits: settings().limits,
    nudge: () => void reconciler.pump(),
    cancel: id => reconciler.cancel(id),
  });
}

/** Pumps until the store reaches one of the states, as the scheduled task would. */
async function until(
  reconciler: Reconciler,
  id: string,
  states: string[],
  seconds = 240,
) {
  for (let i = 0; i < seconds * 2; i++) {
    const current = (await store.getStore(id))!;
    if (states.includes(current.status)) return current;
    await reconciler.pump();
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `store ${id} did not reach ${states.join('/')}; is ${
      (await store.getStore(id))?.status
    }`,
  );
}

const namespacesToClean: string[] = [];
const name = (base: string) => {
  const storeName = `${base}-${process.pid % 10000}`;
  namespacesToClean.push(`store-${storeName}`);
  return storeName;
};

beforeAll(async () => {
  env = await simCluster.up();
  knex = Knex({
    client: 'better-sqlite3',
    connection: {
      filename: join(
        mkdtempSync(join(tmpdir(), 'stores-db-')),
        'stores.sqlite',
      ),
    },
    useNullAsDefault: true,
  });
  store = await DatabaseStoresStore.create({
    database: mockServices.database({ knex }),
  });
  cluster = new ClusterClient(
    loadKubeConfig({ kubeconfigPath: env.KUBECONFIG }),
  );
  helm = new HelmClient({
    kubeconfigPath: env.KUBECONFIG,
    env: { PATH: env.PATH! },
  });
});

afterAll(async () => {
  for (const r of reconcilers) r.stop();
  for (const r of reconcilers) await r.idle();
  await knex.destroy();
  // Leave nothing behind when an assertion failed half-way.
  await run(
    'kubectl',
    [
      'delete',
      'namespace',
      '--ignore-not-found',
      '--wait=false',
      ...namespacesToClean,
    ],
    { env },
  );
});

beforeEach(() => {
  engineValues = {};
  wooOverrides = {};
});

describe('store lifecycle on the sim cluster', () => {
  it('creates a store to Ready, then deletes namespace and release', async () => {
    const worker = newWorker('w-ready');
    const lifecycle = lifecycleFor(worker);
    const created = await lifecycle.create({
      name: name('ready'),
      engine: 'check',
      userRef: 'user:default/alice',
    });
    const ready = await until(worker, created.id, ['ready', 'failed']);
    expect(ready.reason).toBeUndefined();
    expect(ready.status).toBe('ready');
    expect(ready.storefrontUrl).toBe(
      `http://${created.name}.127.0.0.1.nip.io/`,
    );

    const secret = await run2(
      'kubectl',
      'get',
      'secret',
      `${created.name}-credentials`,
      '-n',
      created.namespace,
      '-o',
      'jsonpath={.data.admin-password}',
    );
    expect(
      Buffer.from(secret.stdout, 'base64').toString().length,
    ).toBeGreaterThanOrEqual(32);
    const labels = await run2(
      'kubectl',
      'get',
      'namespace',
      created.namespace,
      '-o',
      'jsonpath={.metadata.labels}',
    );
    expect(JSON.parse(labels.stdout)).toMatchObject({
      'app.kubernetes.io/managed-by': 'storefleet',
      'pod-security.kubernetes.io/enforce': 'baseline',
    });
    const steps = (await store.listActivity(created.id)).map(a => a.message);
    expect(steps).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^namespace: /),
        expect.stringMatching(/^credentials: Secret .* created$/),
        expect.stringMatching(
          /^helm upgrade --install: release .* revision 1 deployed$/,
        ),
        'helm test (order probe): passed',
      ]),
    );

    await lifecycle.delete(created.id, 'user:default/alice');
    const deleted = await until(worker, created.id, ['deleted']);
    expect(deleted.status).toBe('deleted');
    expect(
      (await run2('kubectl', 'get', 'namespace', created.namespace)).stderr,
    ).toMatch(/NotFound/);
    expect(
      (
        await run2(
          'helm',
          'list',
          '-A',
          '--all',
          '-q',
          '--filter',
          `^${created.name}$`,
        )
      ).stdout.trim(),
    ).toBe('');
  });

  it('deletes a store while it is provisioning without leaking namespace or release', async () => {
    engineValues = { nodeSelector: { 'storefleet.io/nowhere': 'true' } };
    const worker = newWorker('w-delete-early', {
      provisioningTimeoutSeconds: 40,
    });
    const lifecycle = lifecycleFor(worker);
    const created = await lifecycle.create({
      name: name('early'),
      engine: 'check',
      userRef: 'user:default/alice',
    });
    await until(worker, created.id, ['provisioning']);
    await lifecycle.delete(created.id, 'user:default/alice');
    const deleted = await until(worker, created.id, ['deleted'], 120);
    expect(deleted.status).toBe('deleted');
    expect(
      (await run2('kubectl', 'get', 'namespace', created.namespace)).stderr,
    ).toMatch(/NotFound/);
  });

  /**
   * Each engine, with a way to break it and to fix it again: values whose pods the namespace
   * quota refuses (or that no node accepts) keep helm --wait busy and then fail it.
   */
  describe.each([
    {
      engine: 'woocommerce',
      chart: 'the real charts/woocommerce-store',
      broken: () => (wooOverrides = quotaTooSmall),
      fixed: () => (wooOverrides = {}),
      stuck: () => (wooOverrides = quotaTooSmall),
    },
    {
      engine: 'check',
      chart: 'the sim check chart',
      broken: () =>
        (engineValues = { quotaMemory: '200Mi', webMemory: '512Mi' }),
      fixed: () => (engineValues = { quotaMemory: '200Mi', webMemory: '32Mi' }),
      stuck: () =>
        (engineValues = { nodeSelector: { 'storefleet.io/nowhere': 'true' } }),
    },
  ])('with $chart', ({ engine, broken, fixed, stuck }) => {
    it('fails with a readable reason when its pods exceed the namespace quota, and a retry after the fix succeeds', async () => {
      const worker = newWorker(`w-quota-${engine}`, {
        provisioningTimeoutSeconds: 20,
      });
      const lifecycle = lifecycleFor(worker);
      broken();
      const created = await lifecycle.create({
        name: name(`quota-${engine}`),
        engine,
        userRef: 'user:default/alice',
      });
      const failed = await until(worker, created.id, ['ready', 'failed']);
      expect(failed.status).toBe('failed');
      expect(failed.reason).toMatch(/^helm upgrade --install: /);
      expect(failed.reason).toMatch(/exceeded quota/);

      // The retry runs with the default timeout: pods refused for a while come up only after
      // the ReplicaSet controller's back-off, which a short test timeout would not cover.
      fixed();
      const retrying = newWorker(`w-retry-${engine}`);
      const retried = await lifecycleFor(retrying).retry(
        created.id,
        'user:default/alice',
      );
      expect(retried.status).toBe('queued');
      const ready = await until(retrying, created.id, ['ready', 'failed']);
      expect(ready.reason).toBeUndefined();
      expect(ready.status).toBe('ready');
      expect(ready.attempts).toBe(2);
      await lifecycle.delete(created.id, 'user:default/alice');
      expect((await until(retrying, created.id, ['deleted'])).status).toBe(
        'deleted',
      );
      expect(
        (await run2('kubectl', 'get', 'namespace', created.namespace)).stderr,
      ).toMatch(/NotFound/);
    });

    it('finishes a store whose worker was killed mid-install, with exactly one release', async () => {
      stuck();
      const first = newWorker(`w-killed-${engine}`, { leaseSeconds: 4 });
      const lifecycle = lifecycleFor(first);
      const created = await lifecycle.create({
        name: name(`killed-${engine}`),
        engine,
        userRef: 'user:default/alice',
      });
      for (let i = 0; i < 120; i++) {
        const releases = await helm.list(created.namespace).catch(() => []);
        if (releases.some(r => r.status === 'pending-install')) break;
        await new Promise(r => setTimeout(r, 500));
      }
      first.stop(); // SIGTERM to the running helm, lease left held, as after a crash
      await first.idle();
      expect((await helm.list(created.namespace))[0].status).toMatch(
        /pending-install|failed/,
      );
      expect((await store.getStore(created.id))!.status).toBe('provisioning');

      fixed();
      const second = newWorker(`w-restarted-${engine}`, { leaseSeconds: 4 });
      const ready = await until(second, created.id, ['ready', 'failed']);
      expect(ready.reason).toBeUndefined();
      expect(ready.status).toBe('ready');
      const releases = await helm.list(created.namespace);
      expect(releases).toHaveLength(1);
      expect(releases[0].status).toBe('deployed');
      await lifecycleFor(second).delete(created.id, 'user:default/alice');
      await until(second, created.id, ['deleted']);
    });
  });

  it("scales a store failed for cleanupAfterHours to zero, frees its place, tells the owner once, and Retry provisions it again, from the platform's images", async () => {
    // stores.images: the platform's registry replaces the chart's own image.
    const images = {
      woocommerce: {
        wordpress: {
          repository: 'registry.example.com/shop/woocommerce',
          tag: '6.8.3-wc10.3.4',
        },
      },
    };
    const worker = newWorker('w-failed-cleanup', {
      provisioningTimeoutSeconds: 20,
      images,
    });
    const limits = { ...settings().limits, maxStores: 1 };
    const lifecycle = new StoreLifecycle({
      store,
      engines: engines(),
      limits,
      nudge: () => void worker.pump(),
    });
    wooOverrides = quotaTooSmall;
    const created = await lifecycle.create({
      name: name('failed-cleanup'),
      engine: 'woocommerce',
      userRef: 'user:default/alice',
    });
    const failed = await until(worker, created.id, ['ready', 'failed']);
    expect(failed.status).toBe('failed');
    const image = await run2(
      'kubectl',
      'get',
      'deployment',
      '-n',
      created.namespace,
      '-o',
      'jsonpath={.items[*].spec.template.spec.containers[*].image}',
    );
    expect(image.stdout).toContain(
      'registry.example.com/shop/woocommerce:6.8.3-wc10.3.4',
    );
    // The one running place is taken by the failed store.
    await expect(
      lifecycle.create({
        name: name('second'),
        engine: 'woocommerce',
        userRef: 'user:default/bob',
      }),
    ).rejects.toThrow(/limit of 1 running store/);

    const sent: any[] = [];
    const cleanup = new FailedCleanup({
      store,
      lifecycle,
      notifications: { send: async (n: any) => void sent.push(n) } as any,
      cleanupAfterHours: 24,
      logger: mockServices.logger.mock(),
    });
    expect(await cleanup.run(new Date(Date.now() + 23 * 3600_000))).toEqual([]);
    const later = new Date(Date.now() + 25 * 3600_000);
    expect(await cleanup.run(later)).toEqual([created.name]);
    const scaled = await until(worker, created.id, ['suspended', 'failed']);
    expect(scaled.status).toBe('suspended');
    const replicas = await run2(
      'kubectl',
      'get',
      'deployment,statefulset',
      '-n',
      created.namespace,
      '-o',
      'jsonpath={.items[*].spec.replicas}',
    );
    expect(
      replicas.stdout
        .trim()
        .split(/\s+/)
        .every(n => n === '0'),
    ).toBe(true);
    const pvcs = await run2(
      'kubectl',
      'get',
      'pvc',
      '-n',
      created.namespace,
      '-o',
      'name',
    );
    expect(pvcs.stdout.trim()).not.toBe('');
    expect(await cleanup.run(later)).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(sent[0].payload.title).toBe(
      `Store ${created.name} failed and was scaled to zero`,
    );
    expect(
      (await store.listActivity(created.id)).map(a => a.message),
    ).toContain(
      'Failed for 24 h: scaled to zero to free its place (volumes kept; Retry provisions it again)',
    );

    // Its place is free; the retry takes it back (a second store would now be refused).
    wooOverrides = {};
    const retrying = newWorker('w-failed-retry', { images });
    const retried = await new StoreLifecycle({
      store,
      engines: engines(),
      limits,
      nudge: () => void retrying.pump(),
    }).retry(created.id, 'user:default/alice');
    expect(retried.status).toBe('queued');
    const ready = await until(retrying, created.id, ['ready', 'failed']);
    expect(ready.reason).toBeUndefined();
    expect(ready.status).toBe('ready');
    await lifecycle.delete(created.id, 'user:default/alice');
    await until(retrying, created.id, ['deleted']);
  });
});
