import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { storesPlugin } from './plugin';
import { storesConfigWithoutCluster } from '@storefleet/sim-cluster';

const user = mockCredentials.user('user:default/alice');

async function start(options: { deny?: boolean } = {}) {
  const { server } = await startTestBackend({
    features: [
      storesPlugin,
      mockServices.rootConfig.factory({
        data: {
          stores: {
            ...storesConfigWithoutCluster(),
            enabledEngines: ['woocommerce'],
          },
        },
      }),
      ...(options.deny
        ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
        : []),
    ],
  });
  return server;
}

describe('stores plugin (real backend, SQLite)', () => {
  it('answers /health without credentials', async () => {
    const server = await start();
    const res = await request(server).get('/api/stores/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('queues a store for the calling user and lists it', async () => {
    const server = await start();
    const created = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({ name: 'shop', engine: 'woocommerce' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'shop',
      status: 'queued',
      owner: user.principal.userEntityRef,
      createdBy: 'user:default/alice',
      namespace: 'store-shop',
    });

    const listed = await request(server)
      .get('/api/stores/stores')
      .set('Authorization', mockCredentials.user.header());
    expect(listed.body.totalCount).toBe(1);
    expect(listed.body.items[0].id).toBe(created.body.id);

    const got = await request(server)
      .get(`/api/stores/stores/${created.body.id}`)
      .set('Authorization', mockCredentials.user.header());
    expect(got.body.name).toBe('shop');
  });

  it('refuses a second live store with the same name with 409', async () => {
    const server = await start();
    const body = { name: 'twice', engine: 'woocommerce' };
    const auth = mockCredentials.user.header();
    expect(
      (
        await request(server)
          .post('/api/stores/stores')
          .set('Authorization', auth)
          .send(body)
      ).status,
    ).toBe(201);
    const again = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', auth)
      .send(body);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      name: 'ConflictError',
      code: 'CONFLICT',
    });
  });

  it.each([
    [{ name: 'Bad_Name', engine: 'woocommerce' }, "found 'B'"],
    [
      { name: 'shop', engine: 'magento' },
      "Unknown store engine 'magento'; available: woocommerce",
    ],
    [{ name: 'shop', engine: 'medusa' }, "Store engine 'medusa' is disabled"],
    [
      { name: 'shop', engine: 'woocommerce', extra: 1 },
      'request/body must NOT have additional properties',
    ],
    [
      { name: 'shop', engine: 'woocommerce', options: { country: 'de' } },
      "Invalid options for store engine 'woocommerce': options.country: an ISO 3166-1 alpha-2 country code in capitals, e.g. DE",
    ],
    [
      { name: 'shop', engine: 'woocommerce', options: { theme: 'dark' } },
      'Unrecognized key: "theme"',
    ],
    [
      { name: 'shop', engine: 'woocommerce', options: 'DE' },
      'request/body/options must be object',
    ],
  ])('rejects %j with 400 and a precise message', async (body, message) => {
    const server = await start();
    const res = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', mockCredentials.user.header())
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_INPUT');
    expect(res.body.error.message).toContain(message);
    // Nothing was written.
    const list = await request(server)
      .get('/api/stores/stores')
      .set('Authorization', mockCredentials.user.header());
    expect(list.body.totalCount).toBe(0);
  });

  it('returns 404 with a code for an unknown store', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/stores/stores/nope')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('STORE_NOT_FOUND');
  });

  it('requires credentials and honours a DENY policy', async () => {
    const server = await start({ deny: true });
    const anonymous = await request(server)
      .get('/api/stores/stores')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const res = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', mockCredentials.user.header())
      .send({ name: 'shop', engine: 'woocommerce' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });
});
