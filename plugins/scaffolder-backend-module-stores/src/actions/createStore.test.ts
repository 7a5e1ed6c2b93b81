import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  Store,
  StoresApi,
  StoresApiError,
  StoreStatus,
} from '@storefleet/plugin-stores-common';
import { createStoreAction } from './createStore';

/** Test double of the stores backend: an in-memory store whose status walks a script. */
function fakeStoresApi(script: { status: StoreStatus; reason?: string }[]) {
  let created = 0;
  let polls = 0;
  const base: Store = {
    id: 'store-1',
    name: 'my-shop',
    engine: 'woocommerce',
    owner: 'user:default/mock',
    createdBy: 'user:default/mock',
    status: 'queued',
    namespace: 'store-my-shop',
    attempts: 0,
    createdAt: '2026-11-24T00:00:00Z',
    updatedAt: '2026-11-24T00:00:00Z',
  };
  const api: Partial<StoresApi> = {
    getActivity: jest.fn(async () => ({
      items: script.slice(0, Math.min(polls, script.length)).map((step, i) => ({
        at: `2026-11-24T00:00:0${i}Z`,
        kind: 'step',
        message: `step ${i}: ${step.status}`,
      })),
    })),
    createStore: jest.fn(async () => {
      created++;
      return base;
    }),
    getStore: jest.fn(async () => {
      const step = script[Math.min(polls++, script.length - 1)];
      return {
        ...base,
        ...step,
        storefrontUrl:
          step.status === 'ready' ? 'http://my-shop.example/' : undefined,
        adminUrl:
          step.status === 'ready'
            ? 'http://my-shop.example/wp-admin/'
            : undefined,
      };
    }),
  };
  return { api: api as StoresApi, createdCount: () => created };
}

const auth = mockServices.auth();

describe('stores:create', () => {
  it('waits for Ready, logs each status change and outputs the URLs', async () => {
    const fake = fakeStoresApi([
      { status: 'provisioning' },
      { status: 'provisioning' },
      { status: 'ready' },
    ]);
    const action = createStoreAction({
      client: fake.api,
      auth,
      pollIntervalMs: 1,
    });
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: { name: 'my-shop', engine: 'woocommerce' },
      logger,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('storeId', 'store-1');
    expect(ctx.output).toHaveBeenCalledWith(
      'storefrontUrl',
      'http://my-shop.example/',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/my-shop',
    );
    const logged = logger.info.mock.calls.map(c => c[0]);
    expect(
      logged.filter((l: string) => l === "Store 'my-shop': provisioning"),
    ).toHaveLength(1);
    expect(
      logged.filter((l: string) => l.startsWith("Store 'my-shop' step: ")),
    ).toEqual([
      "Store 'my-shop' step: step 0: provisioning",
      "Store 'my-shop' step: step 1: provisioning",
      "Store 'my-shop' step: step 2: ready",
    ]);
    expect(logged).toContain("Store 'my-shop': ready");
  });

  it('asks for the store with the engine options, on behalf of the initiator', async () => {
    const fake = fakeStoresApi([{ status: 'ready' }]);
    const action = createStoreAction({
      client: fake.api,
      auth,
      pollIntervalMs: 1,
    });
    await action.handler(
      createMockActionContext({
        input: {
          name: 'my-shop',
          engine: 'woocommerce',
          displayName: 'My Shop',
          options: { country: 'DE', currency: 'EUR', region: '' },
        },
      }),
    );
    expect(fake.api.createStore).toHaveBeenCalledWith(
      {
        name: 'my-shop',
        engine: 'woocommerce',
        displayName: 'My Shop',
        options: { country: 'DE', currency: 'EUR' },
      },
      { token: expect.any(String) },
    );
  });

  it('fails the task with the store reason', async () => {
    const fake = fakeStoresApi([
      { status: 'failed', reason: 'helm test: order probe got HTTP 500' },
    ]);
    const action = createStoreAction({
      client: fake.api,
      auth,
      pollIntervalMs: 1,
    });
    const ctx = createMockActionContext({
      input: { name: 'my-shop', engine: 'woocommerce' },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      "Store 'my-shop' failed: helm test: order probe got HTTP 500",
    );
  });

  it("ends a refused create with the backend's words as one line, without a stack", async () => {
    const fake = fakeStoresApi([]);
    const refusal =
      'Storefleet has reached its limit of 20 running stores; delete or suspend one first';
    fake.api.createStore = jest.fn(async () => {
      throw new StoresApiError(refusal, 403, 'QUOTA_EXCEEDED');
    });
    const action = createStoreAction({
      client: fake.api,
      auth,
      pollIntervalMs: 1,
    });
    const ctx = createMockActionContext({
      input: { name: 'my-shop', engine: 'woocommerce' },
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error.message).toBe(refusal);
    // The scaffolder writes a failed step's stack to the task log: it is that one line.
    expect(error.stack).toBe(refusal);
  });

  it('creates only one store when the task is re-run (checkpoint)', async () => {
    const fake = fakeStoresApi([{ status: 'ready' }]);
    const action = createStoreAction({
      client: fake.api,
      auth,
      pollIntervalMs: 1,
    });
    const saved = new Map<string, unknown>();
    const checkpoint = jest.fn(
      async ({ key, fn }: { key: string; fn: () => Promise<any> }) => {
        if (!saved.has(key)) saved.set(key, await fn());
        return saved.get(key);
      },
    );
    for (let run = 0; run < 2; run++) {
      const base = createMockActionContext({
        input: { name: 'my-shop', engine: 'woocommerce' },
      });
      const ctx: typeof base = {
        ...base,
        checkpoint: checkpoint as typeof base.checkpoint,
      };
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('storeId', 'store-1');
    }
    expect(fake.createdCount()).toBe(1);
  });

  it('creates nothing in a dry run', async () => {
    const fake = fakeStoresApi([{ status: 'ready' }]);
    const action = createStoreAction({ client: fake.api, auth });
    const ctx = {
      ...createMockActionContext({
        input: { name: 'my-shop', engine: 'woocommerce' },
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(fake.createdCount()).toBe(0);
  });
});
