import { alertApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  Store,
  StoresApi,
  StoresApiError,
} from '@storefleet/plugin-stores-common';
import { storesApiRef } from '../../api/storesApiRef';
import { aStore } from '../../testing';
import { StoreActions } from './StoreActions';

function renderActions(
  status: Store['status'],
  allow: string[] = ['store.delete', 'store.retry', 'store.update'],
) {
  const subject = aStore({ status });
  const api = {
    deleteStore: jest.fn(async () => ({ ...subject, status: 'deleting' })),
    retryStore: jest.fn(async () => ({ ...subject, status: 'queued' })),
    suspendStore: jest.fn(async () => ({ ...subject, status: 'suspending' })),
    resumeStore: jest.fn(async () => ({ ...subject, status: 'queued' })),
    checkStore: jest.fn(async () => subject),
  };
  const permissions = new MockPermissionApi(req =>
    allow.includes(req.permission.name)
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY,
  );
  const alerts = { post: jest.fn(), alert$: jest.fn() };
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [storesApiRef, api as unknown as StoresApi],
        [permissionApiRef, permissions],
        [alertApiRef, alerts],
      ]}
    >
      <StoreActions store={subject} />
    </TestApiProvider>,
  ).then(() => ({ ...api, id: subject.id, alerts }));
}

describe('StoreActions', () => {
  it.each(['failed', 'degraded'] as const)(
    'offers Retry for a %s store',
    async status => {
      const api = await renderActions(status);
      fireEvent.click(await screen.findByRole('button', { name: 'Retry' }));
      await waitFor(() => expect(api.retryStore).toHaveBeenCalledWith(api.id));
    },
  );

  it.each(['queued', 'provisioning', 'ready', 'suspended'] as const)(
    'hides Retry for a %s store',
    async status => {
      await renderActions(status);
      expect(
        await screen.findByRole('button', { name: 'Delete' }),
      ).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    },
  );

  it('deletes only after the name is typed', async () => {
    const api = await renderActions('ready');
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const confirm = (
      await screen.findAllByRole('button', { name: 'Delete' })
    ).at(-1)!;
    expect(confirm).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Type the store name to confirm'), {
      target: { value: 'sho' },
    });
    expect(confirm).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Type the store name to confirm'), {
      target: { value: 'shop' },
    });
    expect(confirm).toBeEnabled();
    fireEvent.click(confirm);
    await waitFor(() => expect(api.deleteStore).toHaveBeenCalledWith(api.id));
  });

  it("shows a refusal in the backend's own words", async () => {
    const api = await renderActions('failed');
    const refusal =
      'You have 3 stores, the limit per person is 3; delete one first';
    api.retryStore.mockRejectedValueOnce(
      new StoresApiError(refusal, 403, 'QUOTA_EXCEEDED'),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(api.alerts.post).toHaveBeenCalledWith({
        message: `Retry of shop failed: ${refusal}`,
        severity: 'error',
      }),
    );
  });

  it('offers Suspend only for a ready store, and Resume only for a suspended one', async () => {
    const ready = await renderActions('ready');
    expect(screen.queryByRole('button', { name: 'Resume' })).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Suspend' }));
    await waitFor(() =>
      expect(ready.suspendStore).toHaveBeenCalledWith(ready.id),
    );
    await waitFor(() =>
      expect(ready.alerts.post).toHaveBeenCalledWith(
        expect.objectContaining({ message: 'Suspend requested for shop' }),
      ),
    );
  });

  it('resumes a suspended store and says why when the limit refuses it', async () => {
    const api = await renderActions('suspended');
    expect(screen.queryByRole('button', { name: 'Suspend' })).toBeNull();
    const refusal =
      'Storefleet has reached its limit of 20 running stores; delete or suspend one first';
    api.resumeStore.mockRejectedValueOnce(
      new StoresApiError(refusal, 403, 'QUOTA_EXCEEDED'),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Resume' }));
    await waitFor(() =>
      expect(api.alerts.post).toHaveBeenCalledWith({
        message: `Resume of shop failed: ${refusal}`,
        severity: 'error',
      }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(api.resumeStore).toHaveBeenCalledTimes(2));
  });

  it.each(['queued', 'provisioning', 'failed', 'suspending'] as const)(
    'offers neither Suspend nor Resume for a %s store',
    async status => {
      await renderActions(status);
      expect(
        await screen.findByRole('button', { name: 'Delete' }),
      ).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Suspend' })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Resume' })).toBeNull();
    },
  );

  it.each(['ready', 'degraded'] as const)(
    'offers Check now for a %s store',
    async status => {
      const api = await renderActions(status);
      fireEvent.click(await screen.findByRole('button', { name: 'Check now' }));
      await waitFor(() => expect(api.checkStore).toHaveBeenCalledWith(api.id));
    },
  );

  it('hides Suspend from people without store.update', async () => {
    await renderActions('ready', ['store.delete']);
    expect(
      await screen.findByRole('button', { name: 'Delete' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Suspend' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Check now' })).toBeNull();
  });

  it('shows no buttons to people without the permissions', async () => {
    await renderActions('failed', []);
    await new Promise(r => setTimeout(r, 50));
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });
});
