import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { STORES_CHANGED_TOPIC } from '@storefleet/plugin-stores-common';
import request from 'supertest';
import { storesPlugin } from './plugin';
import { storesConfigWithoutCluster } from '@storefleet/sim-cluster';

it('announces every change of a store on the events service', async () => {
  const received: unknown[] = [];
  const listener = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-listener',
    register(env) {
      env.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'test-listener',
            topics: [STORES_CHANGED_TOPIC],
            onEvent: async event => {
              received.push(event.eventPayload);
            },
          });
        },
      });
    },
  });
  const { server } = await startTestBackend({
    features: [
      storesPlugin,
      listener,
      eventsServiceFactory,
      mockServices.rootConfig.factory({
        data: { stores: storesConfigWithoutCluster() },
      }),
    ],
  });
  const auth = mockCredentials.user.header();
  const created = await request(server)
    .post('/api/stores/stores')
    .set('Authorization', auth)
    .send({ name: 'evented', engine: 'woocommerce' });
  await request(server)
    .delete(`/api/stores/stores/${created.body.id}`)
    .set('Authorization', auth);
  await new Promise(r => setTimeout(r, 200));
  expect(received).toEqual([
    { storeId: created.body.id },
    { storeId: created.body.id },
  ]);
});
