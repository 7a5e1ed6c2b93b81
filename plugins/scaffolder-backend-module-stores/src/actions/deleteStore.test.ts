import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { Store, StoresApi } from '@storefleet/plugin-stores-common';
import { deleteStoreAction } from './deleteStore';

/** Test double of the stores backend: deleting walks the store through deleting → deleted. */
function fakeStoresApi(final: Store['status'] = 'deleted') {
  const base = { id: 's1', name: 'shop', status: 'ready' } as Store;
  let polls = 0;
  const api = {
    deleteStore: jest.fn(async () => ({
      ...base,
      status: 'deleting' as const,
    })),
    getStore: jest.fn(async () => ({
      ...base,
      status: polls++ < 2 ? ('deleting' as const) : final,
    })),
  };
  return api as unknown as StoresApi & typeof api;
}

describe('stores:delete', () => {
  it('deletes on behalf of the initiator and waits until deleted', async () => {
    const api = fakeStoresApi();
    const action = deleteStoreAction({
      client: api,
      auth: mockServices.auth(),
      pollIntervalMs: 1,
    });
    await action.handler(createMockActionContext({ input: { storeId: 's1' } }));
    expect(api.deleteStore).toHaveBeenCalledWith('s1', {
      token: expect.any(String),
    });
    expect(api.getStore).toHaveBeenCalledTimes(3);
  });

  it('fails with the status when the store does not go away in time', async () => {
    const api = fakeStoresApi('deleting');
    const action = deleteStoreAction({
      client: api,
      auth: mockServices.auth(),
      pollIntervalMs: 1,
    });
    const ctx = createMockActionContext({
      input: { storeId: 's1', timeoutMinutes: 1 },
    });
    const realNow = Date.now;
    let calls = 0;
    jest
      .spyOn(Date, 'now')
      .mockImplementation(() => realNow() + (calls++ > 3 ? 120_000 : 0));
    await expect(action.handler(ctx)).rejects.toThrow(
      "Store 'shop' is still deleting",
    );
    jest.restoreAllMocks();
  });
});
