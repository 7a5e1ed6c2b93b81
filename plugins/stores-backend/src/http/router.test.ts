import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPoint,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { storesPlugin } from '../plugin';
import { storesConfigWithoutCluster } from '@storefleet/sim-cluster';

// Each test starts a real backend: more than Jest's default 5 s on a loaded machine.
jest.setTimeout(30_000);

const auth = (user = 'user:default/alice') => mockCredentials.user.header(user);

async function start(stores: JsonObject = {}) {
  const { server } = await startTestBackend({
    features: [
      storesPlugin,
      mockServices.rootConfig.factory({
        data: { stores: { ...storesConfigWithoutCluster(), ...stores } },
      }),
    ],
  });
  return server;
}

async function createStore(
  server: any,
  name: string,
  user = 'user:default/alice',
) {
  return request(server)
    .post('/api/stores/stores')
    .set('Authorization', auth(user))
    .send({ name, engine: 'woocommerce' });
}

/** A kubeconfig whose API server is a port nothing listens on: the cluster is unreachable. */
async function unreachableKubeconfig() {
  const port = await new Promise<number>(done => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => done(free));
    });
  });
  const file = join(mkdtempSync(join(tmpdir(), 'sf-kube-')), 'kubeconfig');
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'gone',
          cluster: {
            server: `http://127.0.0.1:${port}`,
            'insecure-skip-tls-verify': true,
          },
        },
      ],
      users: [{ name: 'u', user: { token: 'x' } }],
      contexts: [{ name: 'gone', context: { cluster: 'gone', user: 'u' } }],
      'current-context': 'gone',
    }),
  );
  return file;
}

describe('stores routes', () => {
  it('answers events with 503 CLUSTER_UNREACHABLE while the cluster cannot be reached, and the store still reads', async () => {
    const server = await start({
      kubernetes: { kubeconfigPath: await unreachableKubeconfig() },
    });
    const { body: store } = await createStore(server, 'outage');
    const events = await request(server)
      .get(`/api/stores/stores/${store.id}/events`)
      .set('Authorization', auth());
    expect(events.status).toBe(503);
    expect(events.body.error).toMatchObject({
      code: 'CLUSTER_UNREACHABLE',
      message: expect.stringContaining(
        'The Kubernetes cluster cannot be reached right now',
      ),
    });
    const read = await request(server)
      .get(`/api/stores/stores/${store.id}`)
      .set('Authorization', auth());
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('outage');
  });

  it('deletes a store: 202, status deleting, activity recorded; a second delete is harmless', async () => {
    const server = await start();
    const { body: store } = await createStore(server, 'gone');
    const deleted = await request(server)
      .delete(`/api/stores/stores/${store.id}`)
      .set('Authorization', auth());
    expect(deleted.status).toBe(202);
    expect(deleted.body.status).toBe('deleting');
    expect(
      (
        await request(server)
          .delete(`/api/stores/stores/${store.id}`)
          .set('Authorization', auth())
      ).status,
    ).toBe(202);

    const activity = await request(server)
      .get(`/api/stores/stores/${store.id}/activity`)
      .set('Authorization', auth());
    expect(activity.body.items.map((a: any) => a.kind)).toEqual([
      'requested',
      'delete-requested',
      'delete-requested',
    ]);
    expect(activity.body.items[1].actor).toBe('user:default/alice');
  });

  it('keeps the engine options of a store and returns them', async () => {
    const server = await start();
    const created = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', auth())
      .send({
        name: 'berlin',
        engine: 'woocommerce',
        options: { country: 'DE', currency: 'EUR' },
      });
    expect(created.status).toBe(201);
    expect(created.body.options).toEqual({ country: 'DE', currency: 'EUR' });
    const fetched = await request(server)
      .get(`/api/stores/stores/${created.body.id}`)
      .set('Authorization', auth());
    expect(fetched.body.options).toEqual({ country: 'DE', currency: 'EUR' });
  });

  it('refuses to retry a store that has not failed with 409', async () => {
    const server = await start();
    const { body: store } = await createStore(server, 'fine');
    const res = await request(server)
      .post(`/api/stores/stores/${store.id}/retry`)
      .set('Authorization', auth());
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      name: 'ConflictError',
      message:
        'Store fine is queued; only a failed or degraded store can be retried',
      code: 'CONFLICT',
    });
  });

  it.each([
    [
      'delete',
      (s: any, id: string) => request(s).delete(`/api/stores/stores/${id}`),
    ],
    [
      'retry',
      (s: any, id: string) => request(s).post(`/api/stores/stores/${id}/retry`),
    ],
    [
      'activity',
      (s: any, id: string) =>
        request(s).get(`/api/stores/stores/${id}/activity`),
    ],
    [
      'events',
      (s: any, id: string) => request(s).get(`/api/stores/stores/${id}/events`),
    ],
  ])(
    'answers 404 STORE_NOT_FOUND for %s of an unknown store',
    async (_name, call) => {
      const server = await start();
      const res = await call(server, 'nope').set('Authorization', auth());
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('STORE_NOT_FOUND');
    },
  );

  it('answers 503 CLUSTER_UNREACHABLE for credentials while the cluster cannot be reached', async () => {
    const server = await start();
    const { body: store } = await createStore(server, 'nocreds');
    const res = await request(server)
      .get(`/api/stores/stores/${store.id}/credentials`)
      .set('Authorization', auth());
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('CLUSTER_UNREACHABLE');
    expect(res.body.error.message).toBe(
      "The Kubernetes cluster cannot be reached right now, so the credentials of store nocreds cannot be read; the store's lifecycle waits for it",
    );
  });

  it('with no cluster, helm or chart: says so at start, /health answers 503 naming each, creates are refused', async () => {
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        storesPlugin,
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            stores: {
              helm: { binary: '/nonexistent/helm' },
              chartsDirectory: '/nonexistent/charts',
              enabledEngines: ['medusa'],
            },
          },
        }),
      ],
    });
    const health = await request(server).get('/api/stores/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({
      status: 'unavailable',
      problems: [
        {
          part: 'cluster',
          message:
            'no cluster: set stores.kubernetes.kubeconfigPath (and context), or run Backstage in a pod with a ServiceAccount',
        },
        {
          part: 'helm',
          message:
            "helm not found: '/nonexistent/helm' is not on PATH (install helm v3, or set stores.helm.binary)",
        },
        {
          part: 'charts',
          message:
            "engine 'medusa': no chart at /nonexistent/charts/medusa-store (stores.chartsDirectory, default: the charts inside @storefleet/plugin-stores-backend)",
        },
      ],
    });
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Storefleet cannot provision stores: no cluster: .*Creates answer 503 SETUP_INCOMPLETE/,
      ),
    );
    const created = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', auth())
      .send({ name: 'nowhere', engine: 'medusa' });
    expect(created.status).toBe(503);
    expect(created.body.error.code).toBe('SETUP_INCOMPLETE');
    expect(created.body.error.message).toMatch(
      /^Storefleet cannot provision stores: no cluster: .*; helm not found: .*; engine 'medusa': no chart at /,
    );
  });

  it('answers /health 200 when the cluster, helm and the packaged charts are there', async () => {
    const server = await start();
    const health = await request(server).get('/api/stores/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('rejects a bad list query with 400', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/stores/stores?status=sleeping')
      .set('Authorization', auth());
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_INPUT');
    expect(res.body.error.message).toBe(
      'request/query/status must be equal to one of the allowed values: queued, provisioning, ready, failed, degraded, suspending, suspended, deleting, deleted',
    );
  });

  it('filters and pages the list', async () => {
    const server = await start();
    for (const n of ['a1', 'a2', 'a3']) await createStore(server, n);
    const page = await request(server)
      .get('/api/stores/stores?limit=2&offset=1&engine=woocommerce')
      .set('Authorization', auth());
    expect(page.body.totalCount).toBe(3);
    expect(page.body.items).toHaveLength(2);
    const none = await request(server)
      .get('/api/stores/stores?status=ready')
      .set('Authorization', auth());
    expect(none.body).toEqual({ items: [], totalCount: 0 });
  });

  it('limits stores per person with 403 QUOTA_EXCEEDED', async () => {
    const server = await start({ quotas: { maxStoresPerUser: 2 } });
    expect((await createStore(server, 'q1')).status).toBe(201);
    expect((await createStore(server, 'q2')).status).toBe(201);
    const third = await createStore(server, 'q3');
    expect(third.status).toBe(403);
    expect(third.body.error.code).toBe('QUOTA_EXCEEDED');
    expect(third.body.error.message).toBe(
      'You have 2 stores, the limit per person is 2; delete one first',
    );
    expect((await createStore(server, 'q3', 'user:default/bob')).status).toBe(
      201,
    );
  });

  it('limits the create rate per person with 429 RATE_LIMITED, deleted stores included', async () => {
    const server = await start({ quotas: { maxCreatesPerHour: 2 } });
    const { body: first } = await createStore(server, 'r1');
    await request(server)
      .delete(`/api/stores/stores/${first.id}`)
      .set('Authorization', auth());
    expect((await createStore(server, 'r2')).status).toBe(201);
    const third = await createStore(server, 'r3');
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('RATE_LIMITED');
  });

  it('accepts exactly 10 of 100 parallel creates under a global quota of 10', async () => {
    const server = await start({
      quotas: { maxStores: 10, maxStoresPerUser: 100, maxCreatesPerHour: 1000 },
    });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        createStore(server, `race-${i}`, `user:default/u${i}`),
      ),
    );
    const byStatus = results.reduce<Record<number, number>>((acc, r) => {
      acc[r.status] = (acc[r.status] ?? 0) + 1;
      return acc;
    }, {});
    expect(byStatus).toEqual({ 201: 10, 403: 90 });
    expect(
      results
        .filter(r => r.status === 403)
        .every(r => r.body.error.code === 'QUOTA_EXCEEDED'),
    ).toBe(true);
    const listed = await request(server)
      .get('/api/stores/stores?limit=500')
      .set('Authorization', auth());
    expect(listed.body.totalCount).toBe(10);
  });

  it('writes an audit event with actor and outcome for create and delete', async () => {
    const auditor = mockServices.auditor.mock();
    const event = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(event);
    const { server } = await startTestBackend({
      features: [
        storesPlugin,
        auditor.factory,
        mockServices.rootConfig.factory({
          data: { stores: storesConfigWithoutCluster() },
        }),
      ],
    });
    await createStore(server, 'audited');
    await createStore(server, 'Bad!');
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'store-create',
        meta: {
          name: 'audited',
          engine: 'woocommerce',
          actor: 'user:default/alice',
        },
      }),
    );
    expect(event.success).toHaveBeenCalledTimes(1);
    const { body: list } = await request(server)
      .get('/api/stores/stores')
      .set('Authorization', auth());
    await request(server)
      .delete(`/api/stores/stores/${list.items[0].id}`)
      .set('Authorization', auth());
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'store-delete' }),
    );
    expect(event.success).toHaveBeenCalledTimes(2);
  });

  it('answers 404, not 403, for a store that does not exist when the policy denies', async () => {
    const { server } = await startTestBackend({
      features: [
        storesPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    const res = await request(server)
      .delete('/api/stores/stores/any')
      .set('Authorization', auth());
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      code: 'STORE_NOT_FOUND',
      message: 'Store any not found',
    });
  });
});

describe('activity across stores', () => {
  it('pages through what happened on every store the caller may read, with filters', async () => {
    const server = await start();
    await createStore(server, 'fa-one');
    await createStore(server, 'fa-two', 'user:default/bob');
    const page = await request(server)
      .get('/api/stores/activity?limit=1')
      .set('Authorization', auth());
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0]).toMatchObject({ storeName: 'fa-two' });
    const next = await request(server)
      .get(`/api/stores/activity?limit=1&cursor=${page.body.nextCursor}`)
      .set('Authorization', auth());
    expect(next.body.items[0]).toMatchObject({ storeName: 'fa-one' });
    const byStore = await request(server)
      .get('/api/stores/activity?store=fa-one')
      .set('Authorization', auth());
    expect(
      byStore.body.items.every(
        (l: { storeName: string }) => l.storeName === 'fa-one',
      ),
    ).toBe(true);
    expect(
      (
        await request(server)
          .get('/api/stores/activity?limit=0')
          .set('Authorization', auth())
      ).status,
    ).toBe(400);
  });
});

describe('metrics', () => {
  it('summarizes the stores by status and engine', async () => {
    const server = await start();
    await createStore(server, 'm1');
    const { body: second } = await createStore(server, 'm2');
    await request(server)
      .delete(`/api/stores/stores/${second.id}`)
      .set('Authorization', auth());
    const res = await request(server)
      .get('/api/stores/metrics/summary')
      .set('Authorization', auth());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 2,
      byStatus: { queued: 1, deleting: 1 },
      byEngine: { woocommerce: 2 },
      provisioningSeconds: { count: 0, window: 20 },
      recentFailures: [],
    });
  });

  it("lists only the caller's stores with mine=true, and refuses it to a service", async () => {
    const server = await start();
    await createStore(server, 'alices', 'user:default/alice');
    await createStore(server, 'bobs', 'user:default/bob');
    const mine = await request(server)
      .get('/api/stores/stores?mine=true')
      .set('Authorization', auth('user:default/bob'));
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((s: { name: string }) => s.name)).toEqual([
      'bobs',
    ]);
    const all = await request(server)
      .get('/api/stores/stores?mine=false')
      .set('Authorization', auth('user:default/bob'));
    expect(all.body.totalCount).toBe(2);
    const service = await request(server)
      .get('/api/stores/stores?mine=true')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(403);
    expect(
      (
        await request(server)
          .get('/api/stores/stores?mine=yes')
          .set('Authorization', auth())
      ).status,
    ).toBe(400);
  });

  it('counts created stores with OpenTelemetry', async () => {
    const exporter = new InMemoryMetricExporter(
      AggregationTemporality.CUMULATIVE,
    );
    const reader = new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: 60_000,
    });
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    try {
      const server = await start();
      await createStore(server, 'counted-1');
      await createStore(server, 'counted-2');
      await reader.forceFlush();
      const points = exporter
        .getMetrics()
        .flatMap(m => m.scopeMetrics.flatMap(s => s.metrics))
        .filter(m => m.descriptor.name === 'storefleet.stores.created')
        .flatMap(m => m.dataPoints as DataPoint<number>[]);
      expect(points.at(-1)).toMatchObject({
        attributes: { engine: 'woocommerce' },
        value: 2,
      });
    } finally {
      metrics.disable();
    }
  });
});
