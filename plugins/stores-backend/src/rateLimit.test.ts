/**
 * The request rate limit on the stores API: Backstage's own `backend.rateLimit` for the
 * `stores` plugin, in a real backend. Past the limit it answers 429 with Retry-After, and
 * StoresClient (what the UI, the scaffolder actions and the catalog module use) says so in words.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  StoresClient,
  isStoresApiError,
} from '@storefleet/plugin-stores-common';
import { storesConfigWithoutCluster } from '@storefleet/sim-cluster';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { storesPlugin } from './plugin';

it('answers 429 with Retry-After past backend.rateLimit.plugin.stores, and the client says it in words', async () => {
  const { server } = await startTestBackend({
    features: [
      storesPlugin,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            rateLimit: {
              plugin: {
                stores: {
                  window: { minutes: 1 },
                  incomingRequestLimit: 3,
                  // Loopback is exempt by default; the test's requests come from it.
                  ipAllowList: [],
                },
              },
            },
          },
          stores: storesConfigWithoutCluster(),
        },
      }),
    ],
  });
  const auth = mockCredentials.user.header();
  for (let i = 0; i < 3; i++) {
    expect(
      (
        await request(server)
          .get('/api/stores/stores')
          .set('Authorization', auth)
      ).status,
    ).toBe(200);
  }
  const limited = await request(server)
    .get('/api/stores/stores')
    .set('Authorization', auth);
  expect(limited.status).toBe(429);
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

  const { port } = server.address() as AddressInfo;
  const client = new StoresClient({
    discoveryApi: {
      getBaseUrl: async () => `http://127.0.0.1:${port}/api/stores`,
    },
    fetchApi: {
      fetch: (url, init) =>
        fetch(url, { ...init, headers: { authorization: auth } }),
    },
  });
  const error = await client.listStores({}).catch(e => e);
  expect(isStoresApiError(error)).toBe(true);
  expect(error.status).toBe(429);
  expect(error.code).toBe('RATE_LIMITED');
  expect(error.message).toMatch(
    /^Too many requests to Storefleet from your address; try again in \d+ s$/,
  );
});

it('limits each caller by who they are, not by the address they share: one user past the budget gets 429, another still passes; anonymous calls have a smaller budget of their own', async () => {
  const { server } = await startTestBackend({
    features: [
      storesPlugin,
      // A request without a token is anonymous, as in a real backend (the mock's default is a user).
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          // As the platform chart sets it: the one hop in front (the ingress) is trusted.
          backend: { trustProxy: 1 },
          stores: {
            ...storesConfigWithoutCluster(),
            rateLimit: { windowSeconds: 60, perCaller: 4, anonymous: 2 },
          },
        },
      }),
    ],
  });
  // Every request arrives from the same address (as behind an ingress controller).
  const as = (user: string) =>
    request(server)
      .get('/api/stores/stores')
      .set('Authorization', mockCredentials.user.header(user))
      .set('X-Forwarded-For', '10.0.0.7');
  const mallory = [];
  for (let i = 0; i < 5; i++)
    mallory.push((await as('user:default/mallory')).status);
  expect(mallory).toEqual([200, 200, 200, 200, 429]);
  expect((await as('user:default/alice')).status).toBe(200);

  const health = (client: string) =>
    request(server).get('/api/stores/health').set('X-Forwarded-For', client);
  const first = [];
  for (let i = 0; i < 3; i++) first.push((await health('203.0.113.1')).status);
  expect(first.slice(2)).toEqual([429]);
  const limited = await health('203.0.113.1');
  expect(limited.body.error.code).toBe('RATE_LIMITED');
  expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  // A signed-in user still has their own budget. (Per client address, anonymous calls are keyed
  // on req.ip, which backend.trustProxy sets from the ingress hop in a real backend; the test
  // backend's router does not apply trustProxy, so that part is not shown here.)
  expect((await as('user:default/bob')).status).toBe(200);
});

it('the production config keys no limit on the client address: behind an ingress every caller would share it', () => {
  const production = parse(
    readFileSync(
      resolve(__dirname, '../../../app-config.production.yaml'),
      'utf8',
    ),
  );
  expect(production.backend.rateLimit).toBeUndefined();
  expect(production.stores?.rateLimit?.perCaller).not.toBe(0);
});
