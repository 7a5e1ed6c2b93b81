import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import permissionPlugin from '@backstage/plugin-permission-backend';
// The policy is tested against the real stores plugin it governs.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import storesPlugin from '@storefleet/plugin-stores-backend';
import { Knex } from 'knex';
import request from 'supertest';
import permissionModuleStoresPolicy from '.';
import { storesConfigWithoutCluster } from '@storefleet/sim-cluster';

// Each test starts a real backend: more than Jest's default 5 s on a loaded machine.
jest.setTimeout(30_000);

/**
 * Group memberships as the catalog would resolve them at sign-in. The user info service is
 * the one part replaced here: it normally decodes the `ent` claim of a token issued by the
 * auth backend from catalog User and Group entities.
 */
const memberships: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-a'],
  'user:default/dave': ['group:default/team-a'],
  'user:default/bob': ['group:default/team-b'],
  'user:default/carol': ['group:default/storefleet-admins'],
};

const userInfoFromMemberships = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const principal = credentials.principal as { userEntityRef: string };
      return {
        userEntityRef: principal.userEntityRef,
        ownershipEntityRefs: [
          principal.userEntityRef,
          ...(memberships[principal.userEntityRef] ?? []),
        ],
      };
    },
  }),
});

/**
 * The mock auth service, except that a plugin calling another on behalf of a user sends a
 * user token naming itself as the actor, as the real auth service does. (The mock drops the
 * actor, and the permission backend refuses resource permissions without a resourceRef from
 * a user who is not acting through a plugin.)
 */
const authNamingTheActingPlugin = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const pluginId = plugin.getId();
    const auth = mockServices.auth({ pluginId });
    return {
      authenticate: (token, options) => auth.authenticate(token, options),
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      isPrincipal: auth.isPrincipal.bind(auth) as AuthService['isPrincipal'],
      getLimitedUserToken: credentials => auth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const { principal } = options.onBehalfOf as BackstageCredentials<
          BackstageUserPrincipal | { type: 'service' }
        >;
        if (principal.type !== 'user')
          return auth.getPluginRequestToken(options);
        return {
          token: mockCredentials.user.token(principal.userEntityRef, {
            actor: { subject: `plugin:${pluginId}` },
          }),
        };
      },
    };
  },
});

/** The stores plugin's own database, to put a store in `failed` without a cluster. */
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

async function start(permissionPolicy: JsonObject = {}) {
  const { server } = await startTestBackend({
    features: [
      storesPlugin,
      storesDatabaseHandle,
      permissionPlugin,
      permissionModuleStoresPolicy,
      userInfoFromMemberships,
      authNamingTheActingPlugin,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          stores: {
            ...storesConfigWithoutCluster(),
            permissionPolicy: {
              adminGroups: ['group:default/storefleet-admins'],
              ...permissionPolicy,
            },
          },
        },
      }),
    ],
  });
  return server;
}

const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

describe('the stores permission policy, through the real permission backend', () => {
  let server: any;
  let teamStore: { id: string; name: string };
  let bobStore: { id: string; name: string };

  beforeAll(async () => {
    server = await start();
    teamStore = (
      await request(server)
        .post('/api/stores/stores')
        .set('Authorization', as('alice'))
        .send({
          name: 'team-a-shop',
          engine: 'medusa',
          owner: 'group:default/team-a',
        })
    ).body;
    bobStore = (
      await request(server)
        .post('/api/stores/stores')
        .set('Authorization', as('bob'))
        .send({ name: 'bobs-shop', engine: 'medusa' })
    ).body;
    if (!teamStore.id || !bobStore.id)
      throw new Error('could not create the stores');
    await storesDatabase('stores')
      .whereIn('id', [teamStore.id, bobStore.id])
      .update({ status: 'failed', reason: 'set by the test' });
  });

  it.each([
    [
      'delete',
      'delete',
      'DELETE /stores/:id',
      (id: string) => request(server).delete(`/api/stores/stores/${id}`),
    ],
    [
      'retry',
      'update',
      'POST /stores/:id/retry',
      (id: string) => request(server).post(`/api/stores/stores/${id}/retry`),
    ],
    [
      'update',
      'update',
      'POST /stores/:id/suspend',
      (id: string) => request(server).post(`/api/stores/stores/${id}/suspend`),
    ],
    [
      'update',
      'update',
      'POST /stores/:id/resume',
      (id: string) => request(server).post(`/api/stores/stores/${id}/resume`),
    ],
    [
      'update',
      'update',
      'POST /stores/:id/extend',
      (id: string) =>
        request(server)
          .post(`/api/stores/stores/${id}/extend`)
          .send({ hours: 24 }),
    ],
    [
      'update',
      'update',
      'PATCH /stores/:id',
      (id: string) =>
        request(server)
          .patch(`/api/stores/stores/${id}`)
          .send({ options: { currency: 'USD' } }),
    ],
    [
      'update',
      'update',
      'POST /stores/:id/rollback',
      (id: string) =>
        request(server)
          .post(`/api/stores/stores/${id}/rollback`)
          .send({ revision: 1 }),
    ],
    [
      'update',
      'update',
      'PUT /stores/:id/domain',
      (id: string) =>
        request(server)
          .put(`/api/stores/stores/${id}/domain`)
          .send({ hostname: 'shop.example.org' }),
    ],
    [
      'update',
      'update',
      'POST /stores/:id/check',
      (id: string) => request(server).post(`/api/stores/stores/${id}/check`),
    ],
    [
      'credentials.read',
      'read',
      'GET /stores/:id/credentials',
      (id: string) =>
        request(server).get(`/api/stores/stores/${id}/credentials`),
    ],
    [
      'logs.read',
      'read',
      'GET /stores/:id/logs',
      (id: string) =>
        request(server).get(`/api/stores/stores/${id}/logs?component=server`),
    ],
  ])(
    'refuses store.%s (%s, %s) to someone who neither owns the store nor is an admin',
    async (permission, verb, _route, call) => {
      const res = await call(teamStore.id).set('Authorization', as('bob'));
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({
        name: 'NotAllowedError',
        code: 'FORBIDDEN',
        message: `You may not ${verb} store team-a-shop: the permission policy denies store.${permission} to you`,
      });
    },
  );

  it('lets a member of the owning group retry and read logs, and the owner read credentials', async () => {
    const retried = await request(server)
      .post(`/api/stores/stores/${teamStore.id}/retry`)
      .set('Authorization', as('dave'));
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe('queued');

    // Past the policy: the test's cluster answers nothing, so the password cannot be read.
    const credentials = await request(server)
      .get(`/api/stores/stores/${teamStore.id}/credentials`)
      .set('Authorization', as('alice'));
    expect(credentials.status).toBe(503);
    expect(credentials.body.error.code).toBe('CLUSTER_UNREACHABLE');
    const logs = await request(server)
      .get(`/api/stores/stores/${teamStore.id}/logs`)
      .set('Authorization', as('dave'));
    expect(logs.status).toBe(503);
    expect(logs.body.error.code).toBe('CLUSTER_UNREACHABLE');
  });

  it("lets an admin read the logs of someone else's store", async () => {
    // Past the policy: the test's cluster answers nothing, so the logs cannot be read.
    const logs = await request(server)
      .get(`/api/stores/stores/${bobStore.id}/logs?component=server`)
      .set('Authorization', as('carol'));
    expect(logs.status).toBe(503);
    expect(logs.body.error.code).toBe('CLUSTER_UNREACHABLE');
  });

  it('lets an admin retry and delete a store of someone else', async () => {
    const retried = await request(server)
      .post(`/api/stores/stores/${bobStore.id}/retry`)
      .set('Authorization', as('carol'));
    expect(retried.status).toBe(202);
    const deleted = await request(server)
      .delete(`/api/stores/stores/${bobStore.id}`)
      .set('Authorization', as('carol'));
    expect(deleted.status).toBe(202);
    expect(deleted.body.status).toBe('deleting');

    const activity = await request(server)
      .get(`/api/stores/stores/${bobStore.id}/activity`)
      .set('Authorization', as('bob'));
    expect(
      activity.body.items.map((a: any) => [a.kind, a.actor ?? null]),
    ).toEqual([
      ['requested', 'user:default/bob'],
      ['retry-requested', 'user:default/carol'],
      ['delete-requested', 'user:default/carol'],
    ]);
  });

  it('lets a member of the owning group suspend, an admin resume, and the owner extend', async () => {
    const paused = (
      await request(server)
        .post('/api/stores/stores')
        .set('Authorization', as('alice'))
        .send({
          name: 'team-a-pause',
          engine: 'medusa',
          owner: 'group:default/team-a',
          ttlHours: 48,
        })
    ).body;
    await storesDatabase('stores')
      .where({ id: paused.id })
      .update({ status: 'ready' });
    const suspended = await request(server)
      .post(`/api/stores/stores/${paused.id}/suspend`)
      .set('Authorization', as('dave'));
    expect(suspended.status).toBe(202);
    expect(suspended.body.status).toBe('suspending');
    await storesDatabase('stores')
      .where({ id: paused.id })
      .update({ status: 'suspended' });
    const refused = await request(server)
      .post(`/api/stores/stores/${paused.id}/resume`)
      .set('Authorization', as('bob'));
    expect(refused.status).toBe(403);
    const resumed = await request(server)
      .post(`/api/stores/stores/${paused.id}/resume`)
      .set('Authorization', as('carol'));
    expect(resumed.status).toBe(202);
    expect(resumed.body.status).toBe('queued');
    const extended = await request(server)
      .post(`/api/stores/stores/${paused.id}/extend`)
      .set('Authorization', as('alice'))
      .send({ hours: 24 });
    expect(extended.status).toBe(200);
    expect(
      Date.parse(extended.body.expiresAt) - Date.parse(paused.expiresAt),
    ).toBe(24 * 3600_000);
    const activity = await request(server)
      .get(`/api/stores/stores/${paused.id}/activity`)
      .set('Authorization', as('alice'));
    expect(
      activity.body.items.map((a: any) => [a.kind, a.actor ?? null]),
    ).toEqual([
      ['requested', 'user:default/alice'],
      ['suspend-requested', 'user:default/dave'],
      ['resume-requested', 'user:default/carol'],
      ['extended', 'user:default/alice'],
    ]);
  });

  it('lets everyone read every store, and the owner delete their own', async () => {
    const listed = await request(server)
      .get('/api/stores/stores')
      .set('Authorization', as('bob'));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: any) => s.name).sort()).toEqual([
      'bobs-shop',
      'team-a-pause',
      'team-a-shop',
    ]);
    const deleted = await request(server)
      .delete(`/api/stores/stores/${teamStore.id}`)
      .set('Authorization', as('alice'));
    expect(deleted.status).toBe(202);
  });

  it('refuses to create a store without a signed-in user', async () => {
    const anonymous = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', mockCredentials.none.header())
      .send({ name: 'nobodys-shop', engine: 'medusa' });
    expect(anonymous.status).toBe(401);
    const service = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', mockCredentials.service.header())
      .send({ name: 'robots-shop', engine: 'medusa' });
    expect(service.status).toBe(403);
  });
});

describe("the stores permission policy with readers: 'owners'", () => {
  it('filters lists and reads in the database to what the caller owns, requested or administers', async () => {
    const server = await start({ readers: 'owners' });
    for (const [user, name, owner] of [
      ['alice', 'shop-one', 'group:default/team-a'],
      ['bob', 'shop-two', undefined],
      ['bob', 'shop-three', 'group:default/team-a'],
    ] as const) {
      const created = await request(server)
        .post('/api/stores/stores')
        .set('Authorization', as(user))
        .send({ name, engine: 'medusa', ...(owner && { owner }) });
      expect(created.status).toBe(201);
    }
    const namesFor = async (user: string) => {
      const res = await request(server)
        .get('/api/stores/stores')
        .set('Authorization', as(user));
      expect(res.status).toBe(200);
      return res.body.items.map((s: any) => s.name).sort();
    };
    expect(await namesFor('bob')).toEqual(['shop-three', 'shop-two']);
    expect(await namesFor('dave')).toEqual(['shop-one', 'shop-three']);
    expect(await namesFor('carol')).toEqual([
      'shop-one',
      'shop-three',
      'shop-two',
    ]);

    const { body: list } = await request(server)
      .get('/api/stores/stores')
      .set('Authorization', as('bob'));
    const shopTwo = list.items.find((s: any) => s.name === 'shop-two');
    const read = await request(server)
      .get(`/api/stores/stores/${shopTwo.id}`)
      .set('Authorization', as('dave'));
    expect(read.status).toBe(403);
    expect(read.body.error.code).toBe('FORBIDDEN');
  });
});
