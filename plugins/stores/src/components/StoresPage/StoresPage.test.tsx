import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Store, StoresApi } from '@storefleet/plugin-stores-common';
import { storesApiRef } from '../../api/storesApiRef';
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

const render = (api: Partial<StoresApi>) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [storesApiRef, api as StoresApi],
        [permissionApiRef, new MockPermissionApi()],
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
});
