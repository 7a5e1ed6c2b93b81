/**
 * Storefleet's actions through Backstage's real actions registry and actions service (the path
 * the MCP actions plugin takes): schemas served, the same lifecycle as the HTTP API, refusals as
 * readable errors, permissions and audit with the caller's identity.
 */
import {
  BackstageCredentials,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  ActionsService,
  actionsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { storesPlugin } from '../plugin';
import { storesConfigWithoutCluster } from '@storefleet/sim-cluster';

const alice = mockCredentials.user('user:default/alice');
const mallory = mockCredentials.user('user:default/mallory');

/** The permission policy, reduced to what this test needs: mallory may do nothing. */
const permissionsDenyingMallory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => {
    const decide = async (
      requests: unknown[],
      { credentials }: { credentials: BackstageCredentials },
    ) =>
      requests.map(() => ({
        result:
          (credentials.principal as { userEntityRef?: string })
            .userEntityRef === 'user:default/mallory'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }));
    return {
      authorize: decide,
      authorizeConditional: decide,
    } as any;
  },
});

/** Hands the test the actions service, as the MCP actions plugin gets it. */
let actions: ActionsService;
const actionsHandle = createBackendModule({
  pluginId: 'stores',
  moduleId: 'test-actions-handle',
  register(reg) {
    reg.registerInit({
      deps: { service: actionsServiceRef },
      async init({ service }) {
        actions = service;
      },
    });
  },
});

async function start() {
  const auditor = mockServices.auditor.mock();
  const events: Array<{ eventId: string; meta: any; outcome?: string }> = [];
  auditor.createEvent.mockImplementation(async options => {
    const event: { eventId: string; meta: any; outcome?: string } = {
      eventId: options.eventId,
      meta: options.meta,
    };
    events.push(event);
    return {
      success: async () => {
        event.outcome = 'success';
      },
      fail: async () => {
        event.outcome = 'fail';
      },
    };
  });
  const { server } = await startTestBackend({
    features: [
      storesPlugin,
      actionsHandle,
      actionsRegistryServiceFactory,
      actionsServiceFactory,
      permissionsDenyingMallory,
      auditor.factory,
      mockServices.rootConfig.factory({
        data: {
          backend: { actions: { pluginSources: ['stores'] } },
          stores: {
            ...storesConfigWithoutCluster(),
            quotas: { maxStores: 1, maxConcurrentProvisions: 0 },
          },
        },
      }),
    ],
  });
  return { server, events };
}

const invoke = (id: string, input: object, credentials = alice) =>
  actions.invoke({ id: `stores:${id}`, input: input as any, credentials });

describe('Storefleet actions', () => {
  it('serves every action with its schema and truthful attributes', async () => {
    await start();
    const { actions: listed } = await actions.list({ credentials: alice });
    const byName = Object.fromEntries(listed.map(a => [a.name, a]));
    expect(Object.keys(byName).sort()).toEqual([
      'check-store',
      'create-store',
      'delete-store',
      'describe-store',
      'extend-store',
      'list-stores',
      'resume-store',
      'retry-store',
      'rollback-store',
      'set-store-domain',
      'suspend-store',
      'upgrade-store',
      'wait-for-store',
    ]);
    expect(byName['create-store'].schema.input).toMatchObject({
      type: 'object',
      required: ['name', 'engine'],
      properties: {
        name: { type: 'string', description: expect.stringMatching(/40/) },
      },
    });
    expect(byName['delete-store'].attributes).toEqual({
      destructive: true,
      idempotent: true,
      readOnly: false,
    });
    expect(byName['list-stores'].attributes).toMatchObject({
      readOnly: true,
    });
    expect(byName['create-store'].attributes).toMatchObject({
      destructive: false,
      readOnly: false,
    });
    // create-store is not even offered to a caller the policy refuses to let create.
    const { actions: forMallory } = await actions.list({
      credentials: mallory,
    });
    expect(forMallory.map(a => a.name)).not.toContain('create-store');
  });

  it('creates through the same lifecycle as the HTTP API, describes, deletes, and audits as the caller', async () => {
    const { server, events } = await start();
    const { output } = (await invoke('create-store', {
      name: 'agent-shop',
      engine: 'medusa',
      options: { countries: ['DE'], currency: 'EUR' },
    })) as any;
    expect(output.store).toMatchObject({
      name: 'agent-shop',
      status: 'queued',
      requestedBy: 'user:default/alice',
      owner: 'user:default/alice',
      options: { countries: ['DE'], currency: 'EUR' },
    });

    // The HTTP API sees the very same store.
    const viaHttp = await request(server)
      .get(`/api/stores/stores/${output.store.id}`)
      .set('Authorization', mockCredentials.user.header('user:default/alice'));
    expect(viaHttp.body).toMatchObject({
      id: output.store.id,
      status: 'queued',
    });

    const described = (await invoke('describe-store', {
      id: output.store.id,
    })) as any;
    expect(described.output.recentActivity[0]).toMatchObject({
      kind: 'requested',
      actor: 'user:default/alice',
    });

    const listed = (await invoke('list-stores', { status: 'queued' })) as any;
    expect(listed.output.stores.map((s: any) => s.name)).toEqual([
      'agent-shop',
    ]);

    // No cluster here, so the store stays queued: wait-for-store comes back unsettled in time.
    const waited = (await invoke('wait-for-store', {
      id: output.store.id,
      timeoutSeconds: 1,
    })) as any;
    expect(waited.output).toMatchObject({ settled: false });
    expect(waited.output.store.status).toBe('queued');

    const deleted = (await invoke('delete-store', {
      id: output.store.id,
    })) as any;
    expect(deleted.output.store.status).toBe('deleting');

    // Every call is in the audit trail as alice; the changes once more as operations.
    expect(
      events.map(e => [e.eventId, e.meta.action, e.meta.actor, e.outcome]),
    ).toEqual([
      ['store-action', 'create-store', 'user:default/alice', 'success'],
      ['store-create', undefined, 'user:default/alice', 'success'],
      ['store-action', 'describe-store', 'user:default/alice', 'success'],
      ['store-action', 'list-stores', 'user:default/alice', 'success'],
      ['store-action', 'wait-for-store', 'user:default/alice', 'success'],
      ['store-action', 'delete-store', 'user:default/alice', 'success'],
      ['store-delete', undefined, 'user:default/alice', 'success'],
    ]);
    expect(
      events.filter(e => e.meta.action === 'delete-store')[0].meta.storeId,
    ).toBe(output.store.id);
  });

  it('answers a quota refusal, a bad name, a reserved name, a platform host and a denied caller with readable errors', async () => {
    const { events } = await start();
    await invoke('create-store', { name: 'first', engine: 'medusa' });

    await expect(
      invoke('create-store', { name: 'second', engine: 'medusa' }),
    ).rejects.toMatchObject({
      cause: {
        name: 'NotAllowedError',
        message: expect.stringMatching(
          /^Refused \(QUOTA_EXCEEDED\): .*limit of 1 running store/,
        ),
      },
    });
    await expect(
      invoke('create-store', { name: 'Bad Name!', engine: 'medusa' }),
    ).rejects.toMatchObject({
      cause: {
        name: 'InputError',
        message: expect.stringContaining(
          "Store name may contain only lower-case letters, digits and '-', found 'B'",
        ),
      },
    });

    await expect(
      invoke('create-store', {
        name: 'pool-medusa-99f826b623',
        engine: 'medusa',
      }),
    ).rejects.toMatchObject({
      cause: {
        name: 'InputError',
        message: expect.stringContaining(
          "Store names starting with 'pool-' are the platform's own (warm-pool slots); choose another name",
        ),
      },
    });

    const { output } = (await invoke('list-stores', {})) as any;
    const first = output.stores[0];
    await expect(
      invoke('set-store-domain', {
        id: first.id,
        hostname: 'other.localhost',
      }),
    ).rejects.toMatchObject({
      cause: {
        name: 'InputError',
        message:
          "Hostnames under localhost are Storefleet's own (<store>.localhost); choose a domain of your own",
      },
    });
    await expect(
      invoke('delete-store', { id: first.id }, mallory),
    ).rejects.toMatchObject({
      cause: {
        name: 'NotAllowedError',
        message:
          'You may not delete store first: the permission policy denies store.delete to you',
      },
    });
    expect(
      events
        .filter(e => e.eventId === 'store-action')
        .map(e => [e.meta.action, e.meta.actor, e.outcome]),
    ).toEqual([
      ['create-store', 'user:default/alice', 'success'],
      ['create-store', 'user:default/alice', 'fail'],
      ['create-store', 'user:default/alice', 'fail'],
      ['create-store', 'user:default/alice', 'fail'],
      ['list-stores', 'user:default/alice', 'success'],
      ['set-store-domain', 'user:default/alice', 'fail'],
      ['delete-store', 'user:default/mallory', 'fail'],
    ]);
  });
});
