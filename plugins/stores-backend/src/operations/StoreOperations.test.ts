/**
 * Every operation, whichever door calls it (HTTP or MCP), checks the caller's permission before
 * it touches anything, refuses with a sentence that names the store and the permission, records
 * the refusal as a failed audit event, and leaves the store as it was. Then the state rules: a
 * change the store's status does not allow is refused naming the status and what would allow it.
 * SQLite and the real lifecycle; the permission policy is a stand-in that denies one permission.
 */
import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { storeTestDatabases } from '../__testUtils__/storeTestDatabases';
import { readLifecycleSettings } from '../config/LifecycleSettings';
import { DatabaseStoresStore } from '../database/DatabaseStoresStore';
import { builtinEngines } from '../engines/builtinEngines';
import { EngineRegistry } from '../engines/EngineRegistry';
import { StoreLifecycle } from '../lifecycle/StoreLifecycle';
import { StoreOperations } from './StoreOperations';

const databases = storeTestDatabases();
const alice = mockCredentials.user('user:default/alice');

/** A policy that denies `denied` (every permission when 'all') and allows the rest. */
function policy(denied: { name?: string }): PermissionsService {
  const decide = (name: string) =>
    denied.name === name || denied.name === 'all'
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  return {
    authorize: async requests =>
      requests.map(r => ({ result: decide(r.permission.name) })) as any,
    authorizeConditional: async requests =>
      requests.map(r => ({ result: decide(r.permission.name) })) as any,
  };
}

/** Audit events as the auditor would record them: id and outcome. */
function recordingAuditor(events: string[]): AuditorService {
  return {
    createEvent: async ({ eventId }) => ({
      success: async () => {
        events.push(`${eventId}: succeeded`);
      },
      fail: async () => {
        events.push(`${eventId}: failed`);
      },
    }),
  };
}

async function setup() {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseStoresStore.create({
    database: mockServices.database({ knex }),
  });
  const settings = readLifecycleSettings(new ConfigReader({}));
  const engines = new EngineRegistry(builtinEngines);
  const lifecycle = new StoreLifecycle({
    store,
    engines,
    limits: settings.limits,
    maxTtlHours: settings.expiry.maxTtlHours,
    nudge: () => undefined,
    check: () => undefined,
  });
  const denied: { name?: string } = {};
  const audit: string[] = [];
  const operations = new StoreOperations({
    permissions: policy(denied),
    auditor: recordingAuditor(audit),
    store,
    lifecycle,
    engines,
  });
  const shop = await operations.create(alice, {
    name: 'shop',
    engine: 'medusa',
    ttlHours: 24,
  });
  audit.length = 0;
  return { knex, store, operations, denied, audit, shop };
}

type Ops = StoreOperations;
/** Each store operation, the permission it needs, and the verb its refusal uses. */
const guarded: [
  string,
  string,
  string,
  (ops: Ops, c: BackstageCredentials, id: string) => Promise<unknown>,
][] = [
  ['get', 'store.read', 'read', (o, c, id) => o.get(c, id)],
  ['activity', 'store.read', 'read', (o, c, id) => o.activity(c, id)],
  ['events', 'store.read', 'read', (o, c, id) => o.events(c, id)],
  ['revisions', 'store.read', 'read', (o, c, id) => o.revisions(c, id)],
  ['usage', 'store.read', 'read', (o, c, id) => o.usage(c, id)],
  [
    'logs',
    'store.logs.read',
    'read',
    (o, c, id) => o.logs(c, id, { tailLines: 10 }),
  ],
  [
    'adminCredentials',
    'store.credentials.read',
    'read',
    (o, c, id) => o.adminCredentials(c, id),
  ],
  ['delete', 'store.delete', 'delete', (o, c, id) => o.delete(c, id)],
  ['retry', 'store.retry', 'update', (o, c, id) => o.retry(c, id)],
  ['suspend', 'store.update', 'update', (o, c, id) => o.suspend(c, id)],
  ['resume', 'store.update', 'update', (o, c, id) => o.resume(c, id)],
  ['check', 'store.update', 'update', (o, c, id) => o.check(c, id)],
  [
    'upgrade',
    'store.update',
    'update',
    (o, c, id) => o.upgrade(c, id, { currency: 'EUR' }),
  ],
  ['rollback', 'store.update', 'update', (o, c, id) => o.rollback(c, id, 1)],
  [
    'setDomain',
    'store.update',
    'update',
    (o, c, id) => o.setDomain(c, id, 'shop.example.com'),
  ],
  ['extend', 'store.update', 'update', (o, c, id) => o.extend(c, id, 2)],
];

describe('StoreOperations: each permission refusal', () => {
  it.each(guarded)(
    '%s without %s is refused, audited as failed, and changes nothing',
    async (_op, permission, verb, call) => {
      const { store, operations, denied, audit, shop } = await setup();
      const before = await store.getStore(shop.id);
      const activityBefore = await store.listActivity(shop.id);
      denied.name = permission;
      const outcome = await call(operations, alice, shop.id).then(
        () => 'allowed',
        (e: Error) => `${e.name}: ${e.message}`,
      );
      expect(outcome).toBe(
        `NotAllowedError: You may not ${verb} store shop: the permission policy denies ${permission} to you`,
      );
      expect(await store.getStore(shop.id)).toEqual(before);
      expect(await store.listActivity(shop.id)).toEqual(activityBefore);
      expect(audit.every(line => line.endsWith(': failed'))).toBe(true);
    },
  );

  it('a create without store.create is refused before any row is written', async () => {
    const { store, operations, denied, audit } = await setup();
    denied.name = 'store.create';
    const outcome = await operations
      .create(alice, { name: 'other', engine: 'medusa' })
      .then(
        () => 'allowed',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    expect(outcome).toBe('NotAllowedError: You may not create stores');
    expect(
      (await store.listStores({ limit: 50, offset: 0 })).items.map(s => s.name),
    ).toEqual(['shop']);
    expect(audit).toEqual(['store-create: failed']);
  });

  it('listing, the summary and the activity across stores without store.read are refused', async () => {
    const { operations, denied } = await setup();
    denied.name = 'store.read';
    for (const call of [
      () => operations.list(alice, { limit: 50, offset: 0 }),
      () => operations.summary(alice),
      () => operations.fleetActivity(alice, { limit: 50 }),
    ]) {
      await expect(call()).rejects.toThrow('You may not read stores');
    }
  });

  it("a denied caller learns only whether the id exists: an unknown id is 'not found'", async () => {
    const { operations, denied } = await setup();
    denied.name = 'all';
    const outcome = await operations.delete(alice, 'no-such-id').then(
      () => 'allowed',
      (e: Error) => e.name,
    );
    expect(outcome).toBe('NotFoundError');
  });
});

describe('StoreOperations: the state rules', () => {
  /** The store's status set directly, as the reconciler would leave it. */
  const withStatus = async (
    knex: Awaited<ReturnType<typeof setup>>['knex'],
    id: string,
    status: string,
  ) => {
    await knex('stores').where({ id }).update({ status });
  };

  it.each([
    ['suspend', 'queued', 'only a ready store can be suspended'],
    ['resume', 'ready', 'only a suspended store can be resumed'],
    ['retry', 'ready', 'only a failed or degraded store can be retried'],
    ['check', 'queued', 'only a ready or degraded store can be checked'],
    [
      'setDomain',
      'provisioning',
      'set its domain once it is ready, failed or suspended',
    ],
  ])('%s of a %s store is refused: %s', async (op, status, rule) => {
    const { knex, store, operations, shop } = await setup();
    await withStatus(knex, shop.id, status);
    const call = guarded.find(([name]) => name === op)![3];
    const outcome = await call(operations, alice, shop.id).then(
      () => 'allowed',
      (e: Error) => `${e.name}: ${e.message}`,
    );
    expect(outcome).toBe(`ConflictError: Store shop is ${status}; ${rule}`);
    expect((await store.getStore(shop.id))!.status).toBe(status);
  });

  it('a deleted store cannot be extended, and an extension past the maximum is refused', async () => {
    const { knex, operations, shop } = await setup();
    await expect(operations.extend(alice, shop.id, 24 * 40)).rejects.toThrow(
      /stores\.expiry\.maxTtlHours/,
    );
    await withStatus(knex, shop.id, 'deleted');
    await expect(operations.extend(alice, shop.id, 2)).rejects.toThrow(
      'Store shop is deleted',
    );
  });

  it('an allowed change succeeds and is audited once, naming the operation', async () => {
    const { knex, operations, audit, shop } = await setup();
    await withStatus(knex, shop.id, 'ready');
    const suspended = await operations.suspend(alice, shop.id);
    expect(suspended.status).toBe('suspending');
    expect(audit).toEqual(['store-suspend: succeeded']);
  });
});
