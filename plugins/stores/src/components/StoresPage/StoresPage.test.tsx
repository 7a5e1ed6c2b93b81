import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { act, screen, waitFor } from '@testing-library/react';
import {
  Store,
  STORES_SIGNAL_CHANNEL,
  StoresApi,
  StoresClient,
} from '@storefleet/plugin-stores-common';
import { storesApiRef } from '../../api/storesApiRef';
import { FakeSignalApi } from '../../testing';
import { StoresTable } from './StoresPage';

const stores: Store[] = [
  {
    id: '1',
    name: 'spring-sale',
    engine: 'woocommerce',
    owner: 'group:default/web',
    createdBy: 'user:default/a',
    status: 'ready',
    namespace: 'store-spring-sale',
    storefrontUrl: 'http://spring-sale.example/',
    adminUrl: 'http://spring-sale.example/wp-admin/',
    attempts: 1,
    createdAt: '2026-11-24T00:00:00Z',
    updatedAt: '2026-11-24T00:00:00Z',
  },
  {
    id: '2',
    name: 'broken',
    engine: 'medusa',
    owner: 'group:default/web',
    createdBy: 'user:default/a',
    status: 'failed',
    reason: 'helm test: no order',
    namespace: 'store-broken',
    attempts: 2,
    createdAt: '2026-11-24T00:00:00Z',
    updatedAt: '2026-11-24T00:00:00Z',
  },
];

const render = (api: Partial<StoresApi>, signals = new FakeSignalApi()) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [storesApiRef, api as StoresApi],
        [permissionApiRef, new MockPermissionApi()],
        [signalApiRef, signals],
      ]}
    >
      <StoresTable />
    </TestApiProvider>,
  );

describe('StoresTable', () => {
  it('lists stores with status, links and actions', async () => {
    await render({
      listStores: jest.fn(async () => ({ items: stores, totalCount: 2 })),
    });
    expect(await screen.findByText('spring-sale')).toBeInTheDocument();
    expect(screen.getByText('Ready')).toBeInTheDocument();
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(screen.getByText('http://spring-sale.example/')).toBeInTheDocument();
    expect(screen.getByText('Stores (2)')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Retry' })).toHaveLength(1);
  });

  it('says how to start when there are no stores', async () => {
    await render({
      listStores: jest.fn(async () => ({ items: [], totalCount: 0 })),
    });
    expect(
      await screen.findByText('No stores yet. Create one from a template.'),
    ).toBeInTheDocument();
  });

  it('shows the error when the API fails', async () => {
    await render({
      listStores: jest.fn(async () => {
        throw new Error('stores backend unreachable');
      }),
    });
    expect(
      (await screen.findAllByText(/stores backend unreachable/)).length,
    ).toBeGreaterThan(0);
  });

  it('says in words when the stores API rate-limits the user (429 with Retry-After)', async () => {
    // The real client; only the HTTP answer is given: Backstage's rate limiter's 429.
    const client = new StoresClient({
      discoveryApi: { getBaseUrl: async () => 'http://backstage/api/stores' },
      fetchApi: {
        fetch: async () =>
          new Response(
            JSON.stringify({
              error: { name: 'Error', message: 'Too many requests' },
            }),
            {
              status: 429,
              headers: {
                'Retry-After': '42',
                'Content-Type': 'application/json',
              },
            },
          ),
      },
    });
    await render(client);
    expect(
      (
        await screen.findAllByText(
          /Too many requests to Storefleet from your address; try again in 42 s/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });

  it('does not poll while nothing changes, and reloads when the backend signals a change', async () => {
    let items: Store[] = [stores[0]];
    const listStores = jest.fn(async () => ({
      items,
      totalCount: items.length,
    }));
    const signals = new FakeSignalApi();
    await render({ listStores }, signals);
    expect(await screen.findByText('spring-sale')).toBeInTheDocument();
    await new Promise(r => setTimeout(r, 1500));
    expect(listStores).toHaveBeenCalledTimes(1);

    items = stores;
    act(() => signals.publish(STORES_SIGNAL_CHANNEL, { storeId: '2' }));
    expect(await screen.findByText('broken')).toBeInTheDocument();
    await waitFor(() => expect(listStores).toHaveBeenCalledTimes(2));
  });
});
