import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  Store,
  STORES_SIGNAL_CHANNEL,
  StoresApi,
  StoresClient,
} from '@storefleet/plugin-stores-common';
import { storesApiRef } from '../../api/storesApiRef';
import { FakeSignalApi } from '../../testing';
import { StoresTable } from './StoresPage';
import { StoresSummaryCard } from './StoresSummaryCard';
import { FleetActivity } from './FleetActivity';

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
    // Once to learn whether the user has stores of their own ("Mine" first), once for the list.
    expect(listStores).toHaveBeenCalledTimes(2);

    items = stores;
    act(() => signals.publish(STORES_SIGNAL_CHANNEL, { storeId: '2' }));
    expect(await screen.findByText('broken')).toBeInTheDocument();
    await waitFor(() => expect(listStores).toHaveBeenCalledTimes(3));
  });

  it('shows "Mine" first to someone who has stores, and everything they may see on request', async () => {
    const listStores = jest.fn(async (query: { mine?: boolean } = {}) => {
      const items = query.mine ? [stores[0]] : stores;
      return { items, totalCount: items.length };
    });
    await render({ listStores });
    expect(await screen.findByText('spring-sale')).toBeInTheDocument();
    expect(screen.queryByText('broken')).not.toBeInTheDocument();
    expect(listStores).toHaveBeenLastCalledWith(
      expect.objectContaining({ mine: true }),
    );
    fireEvent.mouseDown(screen.getByRole('button', { name: /Mine/ }));
    fireEvent.click(
      await screen.findByRole('option', { name: 'All I may see' }),
    );
    expect(await screen.findByText('broken')).toBeInTheDocument();
    expect(
      listStores.mock.calls[listStores.mock.calls.length - 1][0],
    ).not.toHaveProperty('mine');
  });

  it('shows everything to someone with no store of their own', async () => {
    const listStores = jest.fn(async (query: { mine?: boolean } = {}) =>
      query.mine
        ? { items: [], totalCount: 0 }
        : { items: stores, totalCount: 2 },
    );
    await render({ listStores });
    expect(await screen.findByText('broken')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /All I may see/ }),
    ).toBeInTheDocument();
  });
});

describe('StoresSummaryCard', () => {
  it('says how many stores are in each state, how long the latest took, and what failed last and why', async () => {
    const getSummary = jest.fn(async () => ({
      total: 5,
      byStatus: { ready: 3, failed: 1, provisioning: 1 },
      byEngine: { medusa: 5 },
      provisioningSeconds: { count: 3, window: 20, p50: 62.4, max: 80 },
      recentFailures: [
        {
          id: '2',
          name: 'broken',
          reason: 'helm test: no order',
          updatedAt: '2026-11-24T00:00:00Z',
        },
      ],
      warmPool: [{ engine: 'medusa', size: 2, ready: 1, provisioning: 1 }],
    }));
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [storesApiRef, { getSummary } as unknown as StoresApi],
          [signalApiRef, new FakeSignalApi()],
        ]}
      >
        <StoresSummaryCard />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('5 stores')).toBeInTheDocument();
    const byStatus = screen.getByLabelText('Stores by status');
    expect(byStatus).toHaveTextContent('Ready3');
    expect(byStatus).toHaveTextContent('Failed1');
    expect(
      screen.getByText(
        'Time to Ready, last 3 stores: median 62 s, longest 80 s',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'broken' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/broken',
    );
    expect(screen.getByText(/helm test: no order/)).toBeInTheDocument();
    expect(
      screen.getByText(
        'Warm pool, medusa: 1 of 2 ready to hand over, 1 being provisioned',
      ),
    ).toBeInTheDocument();
  });
});

describe('FleetActivity', () => {
  const line = (id: number, storeName: string, message: string) => ({
    id,
    at: '2026-12-03T10:00:00Z',
    kind: 'delete-requested',
    message,
    actor: 'user:default/alice',
    storeId: `id-${storeName}`,
    storeName,
  });

  it('lists what happened across stores, filters in the database, and loads older pages', async () => {
    const listFleetActivity = jest.fn(
      async (query: { cursor?: number; store?: string } = {}) => {
        if (query.store === 'spring-sale') {
          return {
            items: [line(3, 'spring-sale', 'Delete requested by alice')],
          };
        }
        return query.cursor
          ? { items: [line(1, 'broken', 'Requested medusa store')] }
          : {
              items: [
                line(3, 'spring-sale', 'Delete requested by alice'),
                line(2, 'broken', 'Retry requested'),
              ],
              nextCursor: 2,
            };
      },
    );
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [storesApiRef, { listFleetActivity } as unknown as StoresApi],
          [signalApiRef, new FakeSignalApi()],
        ]}
      >
        <FleetActivity />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByText('Delete requested by alice'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'broken' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/broken',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(
      await screen.findByText('Requested medusa store'),
    ).toBeInTheDocument();
    expect(listFleetActivity).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: 2 }),
    );
    expect(
      screen.queryByRole('button', { name: 'Older' }),
    ).not.toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Store name'), {
      target: { value: 'spring-sale' },
    });
    await waitFor(() =>
      expect(listFleetActivity).toHaveBeenLastCalledWith(
        expect.objectContaining({ store: 'spring-sale' }),
      ),
    );
    await waitFor(() =>
      expect(screen.queryByText('Retry requested')).not.toBeInTheDocument(),
    );
  });
});
