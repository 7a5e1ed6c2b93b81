/**
 * "New WooCommerce Store" end to end in one real Backstage test backend: the real scaffolder and
 * catalog plugins, the stores plugin, our scaffolder and catalog modules, the real template file
 * and chart, on the sim cluster (containers do not run there; see the README).
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogModuleStores from '@storefleet/plugin-catalog-backend-module-stores';
import storesPlugin from '@storefleet/plugin-stores-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import request from 'supertest';
import scaffolderModuleStores from '@storefleet/plugin-scaffolder-backend-module-stores';

jest.setTimeout(8 * 60_000);

const user = 'user:default/alice';
const auth = mockCredentials.user.header(user);

async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  seconds = 240,
): Promise<T> {
  for (let i = 0; i < seconds * 2; i++) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The real catalog and scaffolder with the stores plugin and our modules, on the sim cluster. */
async function startBackend(stores: Record<string, unknown> = {}) {
  const env = await simCluster.up();
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleTemplateKind,
      scaffolderPlugin,
      storesPlugin,
      catalogModuleStores,
      scaffolderModuleStores,
      // The real events service, so the stores plugin's change events reach the catalog module.
      eventsServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [
              { allow: ['Template', 'Resource', 'Group', 'User', 'Location'] },
            ],
            locations: [
              {
                type: 'file',
                target: resolve(
                  simCluster.root,
                  'templates',
                  'woocommerce-store',
                  'template.yaml',
                ),
              },
            ],
          },
          stores: {
            kubernetes: { kubeconfigPath: env.KUBECONFIG! },
            helm: { binary: resolve(simCluster.root, '.tools', 'bin', 'helm') },
            chartsDirectory: simCluster.storeChartsDir,
            baseDomain: 'stores.test',
            // kwok's pods serve nothing: this simulated suite opts out of the public-URL step.
            publicUrlCheck: { enabled: false },
            reconcile: { intervalSeconds: 1 },
            ...stores,
          },
        },
      }),
    ],
  });
  return backend;
}

/** Waits until the template is in the catalog, runs it, and returns the task and its log. */
async function runTemplate(server: any, values: Record<string, unknown>) {
  await poll(
    'the template in the catalog',
    async () => {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/template/default/woocommerce-store')
        .set('Authorization', auth);
      return res.status === 200 ? res.body : undefined;
    },
    60,
  );
  const started = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', auth)
    .send({ templateRef: 'template:default/woocommerce-store', values });
  expect(started.status).toBe(201);
  const task = await poll('the scaffolder task', async () => {
    const res = await request(server)
      .get(`/api/scaffolder/v2/tasks/${started.body.id}`)
      .set('Authorization', auth);
    return ['completed', 'failed'].includes(res.body.status)
      ? res.body
      : undefined;
  });
  const events = await request(server)
    .get(`/api/scaffolder/v2/tasks/${started.body.id}/events`)
    .set('Authorization', auth);
  const logs = events.body.filter((e: any) => e.type === 'log');
  return {
    task,
    events: events.body,
    logs,
    log: logs.map((e: any) => e.body.message).join('\n'),
  };
}

it('runs the WooCommerce template to a Ready store, shows it in the catalog, and removes it on delete', async () => {
  const backend = await startBackend();
  const server = backend.server;
  const name = `tpl-${process.pid % 10000}`;
  try {
    const { task, events, log } = await runTemplate(server, {
      name,
      displayName: 'Template Shop',
      owner: 'group:default/web',
    });
    expect({ status: task.status, log }).toMatchObject({ status: 'completed' });
    expect(log).toMatch(new RegExp(`Store '${name}': provisioning`));
    expect(log).toMatch(new RegExp(`Store '${name}': ready`));
    const output = events.find((e: any) => e.type === 'completion')?.body
      .output;
    expect(output.links).toEqual(
      expect.arrayContaining([
        { title: 'Storefront', url: `http://${name}.stores.test/` },
        { title: 'Admin', url: `http://${name}.stores.test/wp-admin/` },
        expect.objectContaining({
          title: 'Open in catalog',
          entityRef: `resource:default/${name}`,
        }),
      ]),
    );

    const entity = await poll(
      'the store entity',
      async () => {
        const res = await request(server)
          .get(`/api/catalog/entities/by-name/resource/default/${name}`)
          .set('Authorization', auth);
        return res.status === 200 && res.body.spec.lifecycle === 'production'
          ? res.body
          : undefined;
      },
      60,
    );
    expect(entity.spec).toEqual({
      type: 'woocommerce-store',
      owner: 'group:default/web',
      lifecycle: 'production',
    });
    expect(entity.metadata.title).toBe('Template Shop');
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-id': name,
      'backstage.io/kubernetes-namespace': `store-${name}`,
      'storefleet.io/store-id': expect.any(String),
    });
    expect(entity.metadata.links).toEqual([
      { url: `http://${name}.stores.test/`, title: 'Storefront', icon: 'web' },
      {
        url: `http://${name}.stores.test/wp-admin/`,
        title: 'Admin',
        icon: 'dashboard',
      },
    ]);

    const storeId = entity.metadata.annotations['storefleet.io/store-id'];
    await request(server)
      .delete(`/api/stores/stores/${storeId}`)
      .set('Authorization', auth)
      .expect(202);
    await poll('the entity to disappear', async () => {
      const res = await request(server)
        .get(`/api/catalog/entities/by-name/resource/default/${name}`)
        .set('Authorization', auth);
      return res.status === 404 ? true : undefined;
    });
  } finally {
    await backend.stop();
  }
});

it("fails a template refused by Storefleet with the backend's own words, one line and no stack", async () => {
  const backend = await startBackend({ quotas: { maxStores: 0 } });
  try {
    const { task, logs } = await runTemplate(backend.server, {
      name: `tpl-refused-${process.pid % 10000}`,
      owner: 'group:default/web',
    });
    expect(task.status).toBe('failed');
    const failure = logs.find((e: any) => e.body.status === 'failed');
    expect(failure.body.message).toBe(
      'Storefleet has reached its limit of 0 running stores; delete or suspend one first',
    );
  } finally {
    await backend.stop();
  }
});
