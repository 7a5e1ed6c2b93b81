/**
 * Expiry through the plugin's HTTP API on the sim cluster, on Backstage's real scheduler: a
 * store created with a time to live is announced to its owner once, and deleted — namespace
 * and release gone — once its expiry has passed. Time is injected by moving the store's
 * expiry into the past in its database row, not waited for.
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import { run, simCluster } from '@storefleet/sim-cluster';
import { Knex } from 'knex';
import { resolve } from 'node:path';
import request from 'supertest';
import { alice } from './__testUtils__/simStoresBackend';
import { storesPlugin } from './plugin';

jest.setTimeout(6 * 60_000);

/** The notifications backend is another plugin; this records what Storefleet hands it. */
const sent: NotificationSendOptions[] = [];
const recordingNotifications = createServiceFactory({
  service: notificationService,
  deps: {},
  factory: () => ({
    send: async (o: NotificationSendOptions) => void sent.push(o),
  }),
});

let storesDatabase: Knex;
const storesDatabaseHandle = createBackendModule({
  pluginId: 'stores',
  moduleId: 'test-database-handle',
  register(reg) {
    reg.registerInit({
      deps: { database: coreServices.database },
      async init({ database }) {
        storesDatabase = await database.getClient();
      },
    });
  },
});

it('tells the owner before a store expires, and deletes it when it has', async () => {
  const env = await simCluster.up();
  const backend = await startTestBackend({
    features: [
      storesPlugin,
      storesDatabaseHandle,
      recordingNotifications,
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          stores: {
            kubernetes: { kubeconfigPath: env.KUBECONFIG },
            helm: { binary: resolve(simCluster.root, '.tools', 'bin', 'helm') },
            chartsDirectory: simCluster.storeChartsDir,
            baseDomain: 'stores.test',
            // kwok's pods serve nothing: this simulated suite opts out of the public-URL step.
            publicUrlCheck: { enabled: false },
            reconcile: { intervalSeconds: 1 },
            drift: { intervalSeconds: 0 },
            expiry: { intervalSeconds: 2, notifyBeforeHours: 24 },
          },
        },
      }),
    ],
  });
  const server = backend.server;
  const get = (id: string) =>
    request(server).get(`/api/stores/stores/${id}`).set('Authorization', alice);
  const until = async (id: string, ok: (body: any) => boolean) => {
    for (let i = 0; i < 240; i++) {
      const res = await get(id);
      if (ok(res.body)) return res.body;
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`store ${id} never got there`);
  };
  try {
    const name = `ttl-${process.pid % 10000}`;
    const created = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', alice)
      .send({ name, engine: 'medusa', ttlHours: 6 });
    expect(created.status).toBe(201);
    const hoursLeft =
      (Date.parse(created.body.expiresAt) - Date.now()) / 3600_000;
    expect(hoursLeft).toBeGreaterThan(5.9);
    expect(hoursLeft).toBeLessThanOrEqual(6);
    expect(
      (await until(created.body.id, b => b.status === 'ready')).status,
    ).toBe('ready');

    // Within notifyBeforeHours: the owner is told, once.
    for (let i = 0; i < 60 && !sent.length; i++)
      await new Promise(r => setTimeout(r, 500));
    await new Promise(r => setTimeout(r, 5000)); // a few more passes
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      recipients: { type: 'entity', entityRef: ['user:default/alice'] },
      payload: {
        title: `Store ${name} expires in about 6 h`,
        topic: 'storefleet-store-expiry',
      },
    });

    // Time passes: the expiry is now in the past.
    await storesDatabase('stores')
      .where({ id: created.body.id })
      .update({ expires_at: new Date(Date.now() - 1000) });
    const deleted = await until(created.body.id, b => b.status === 'deleted');
    expect(deleted.status).toBe('deleted');
    const activity = await request(server)
      .get(`/api/stores/stores/${created.body.id}/activity`)
      .set('Authorization', alice);
    expect(activity.body.items.map((a: any) => a.kind)).toContain('expired');
    const ns = await run('kubectl', ['get', 'namespace', `store-${name}`], {
      env,
    });
    expect(ns.stderr).toMatch(/NotFound/);
  } finally {
    await backend.stop();
  }
});
