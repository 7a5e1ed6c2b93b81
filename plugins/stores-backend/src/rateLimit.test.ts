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
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import {
  StoresClient,
  isStoresApiError,
} from '@storefleet/plugin-stores-common';
import { storesConfigWithoutCluster } from '@storefleet/sim-cluster';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import express from 'express';
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

it('the production config limits only the stores API: the root router leaves health and every other route unlimited for clients that are not loopback', async () => {
  const production = parse(
    readFileSync(
      resolve(__dirname, '../../../app-config.production.yaml'),
      'utf8',
    ),
  );
  // Backstage's own root middleware, as the root HTTP router mounts it before every route.
  const config = new ConfigReader({
    backend: {
      rateLimit: {
        ...production.backend.rateLimit,
        // Every client in a cluster: loopback is exempt by default, the test's requests come from it.
        ipAllowList: [],
      },
    },
  });
  const app = express();
  app.use(
    MiddlewareFactory.create({
      config,
      logger: mockServices.logger.mock(),
    }).rateLimit(),
  );
  app.get('/.backstage/health/v1/readiness', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const statuses = [];
  for (let i = 0; i < 12; i++) {
    statuses.push(
      (await request(app).get('/.backstage/health/v1/readiness')).status,
    );
  }
  // Without `global: false` the sixth answer is 429 (express-rate-limit's default of 5 a minute).
  expect(statuses).toEqual(Array(12).fill(200));
});
