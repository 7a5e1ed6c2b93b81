import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { StoresApi } from '@storefleet/plugin-stores-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { storesApiRef } from '../../api/storesApiRef';
import { StoreLogs } from './StoreLogs';

const render = (getLogs: jest.Mock, allowed = true, storeId = 's1') =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [storesApiRef, { getLogs } as unknown as StoresApi],
        [
          permissionApiRef,
          new MockPermissionApi(() =>
            allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          ),
        ],
      ]}
    >
      <StoreLogs storeId={storeId} />
    </TestApiProvider>,
  );

describe('StoreLogs', () => {
  it("shows a component's last lines and switches components", async () => {
    const getLogs = jest.fn(
      async (_id: string, query: { component?: string } = {}) => ({
        components: ['server', 'worker'],
        component: query.component ?? 'server',
        pod: `shop-${query.component ?? 'server'}-abc`,
        lines: [`${query.component ?? 'server'} is ready`],
      }),
    );
    await render(getLogs);
    expect(await screen.findByText('server is ready')).toBeInTheDocument();
    expect(screen.getByText('pod shop-server-abc')).toBeInTheDocument();
    fireEvent.mouseDown(screen.getByRole('button', { name: /server/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'worker' }));
    expect(await screen.findByText('worker is ready')).toBeInTheDocument();
    expect(getLogs).toHaveBeenLastCalledWith('s1', {
      component: 'worker',
      tailLines: 200,
    });
  });

  it('shows nothing, and reads nothing, to someone the policy does not let read logs', async () => {
    const getLogs = jest.fn();
    // Another store: usePermission caches each (permission, resource) decision.
    await render(getLogs, false, 's2');
    await waitFor(() => expect(screen.queryByText('Logs')).toBeNull());
    expect(getLogs).not.toHaveBeenCalled();
  });
});
