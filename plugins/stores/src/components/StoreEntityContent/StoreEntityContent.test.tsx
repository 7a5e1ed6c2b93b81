import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import {
  ANNOTATION_STORE_ID,
  Store,
  STORES_SIGNAL_CHANNEL,
  StoresApi,
} from '@storefleet/plugin-stores-common';
import { storesApiRef } from '../../api/storesApiRef';
import { aStore, FakeSignalApi } from '../../testing';
import { StoreEntityCard } from '../StoreEntityCard';
import { StoreEntityContent } from './StoreEntityContent';

function setup(store: Store, allow: string[] = []) {
  let current = store;
  const api = {
    getStore: jest.fn(async () => current),
    getActivity: jest.fn(async () => ({
      items: [
        {
          at: '2026-11-24T00:00:01Z',
          kind: 'requested',
          message: `Requested ${store.engine} store '${store.name}'`,
          actor: 'user:default/guest',
        },
      ],
    })),
    getEvents: jest.fn(async () => ({
      items: [
        {
          at: '2026-11-24T00:00:02Z',
          type: 'Warning',
          object: 'Pod/shop-mariadb-0',
          reason: 'FailedCreate',
          message: 'exceeded quota: store-quota',
        },
      ],
    })),
    getUsage: jest.fn(async () => ({
      metrics: {
        available: false,
        reason: 'This cluster serves no metrics API',
      },
      components: [],
      total: { cpu: { requests: 0 }, memory: { requests: 0 } },
    })),
    getCredentials: jest.fn(async () => ({
      username: 'admin',
      password: 'p4ss-from-secret',
    })),
    getRevisions: jest.fn(async () => ({
      items: [
        {
          revision: 1,
          updated: '2026-11-24T00:00:03Z',
          status: 'superseded',
          chart: 'woocommerce-store-0.1.0',
          description: 'Provisioned (by user:default/guest)',
          change: 'Provisioned',
          actor: 'user:default/guest',
        },
        {
          revision: 2,
          updated: '2026-11-25T00:00:00Z',
          status: 'deployed',
          chart: 'woocommerce-store-0.1.0',
          description:
            'Upgrade requested: currency EUR → USD (by user:default/alice)',
          change: 'Upgrade requested: currency EUR → USD',
          actor: 'user:default/alice',
        },
      ],
    })),
    rollbackStore: jest.fn(async () => ({ ...current, status: 'queued' })),
    setStoreDomain: jest.fn(async (_id: string, hostname: string | null) => {
      current = { ...current, customHost: hostname ?? undefined };
      return current;
    }),
    extendStore: jest.fn(async (_id: string, hours: number) => {
      current = {
        ...current,
        expiresAt: new Date(
          Date.parse(current.expiresAt!) + hours * 3600_000,
        ).toISOString(),
      };
      return current;
    }),
  };
  const signals = new FakeSignalApi();
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: store.name,
      annotations: { [ANNOTATION_STORE_ID]: store.id },
    },
    spec: { type: 'woocommerce-store', owner: store.owner },
  };
  const render = (element: JSX.Element) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [storesApiRef, api as unknown as StoresApi],
          [
            permissionApiRef,
            new MockPermissionApi(req =>
              allow.includes(req.permission.name)
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            ),
          ],
          [signalApiRef, signals],
        ]}
      >
        <EntityProvider entity={entity}>{element}</EntityProvider>
      </TestApiProvider>,
    );
  const change = (next: Partial<Store>) => {
    current = { ...current, ...next };
    act(() => signals.publish(STORES_SIGNAL_CHANNEL, { storeId: store.id }));
  };
  return { api, render, change };
}

describe('StoreEntityContent', () => {
  it('shows status, URLs, activity and Kubernetes events of a ready store', async () => {
    const store = aStore({
      storefrontUrl: 'http://shop.example/',
      adminUrl: 'http://shop.example/wp-admin/',
      options: { countries: ['DE', 'AT'], currency: 'EUR' },
    });
    await setup(store).render(<StoreEntityContent />);
    expect(
      await screen.findByText('Options: countries DE, AT · currency EUR'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Ready')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^http:\/\/shop\.example\/,/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^http:\/\/shop\.example\/wp-admin\// }),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Requested woocommerce store 'shop'"),
    ).toBeInTheDocument();
    expect(screen.getByText('exceeded quota: store-quota')).toBeInTheDocument();
    // A store without a time to live says nothing of expiry.
    expect(screen.queryByText(/^Expires:/)).toBeNull();
  });

  it('keeps status, URLs and Delete while the cluster is out, and says what could not be read', async () => {
    const { api, render } = setup(
      aStore({
        storefrontUrl: 'http://shop.example/',
        adminUrl: 'http://shop.example/wp-admin/',
      }),
      ['store.delete'],
    );
    const outage = new Error(
      'The Kubernetes cluster cannot be reached right now, so the events of store shop cannot be read',
    );
    api.getEvents.mockRejectedValue(outage);
    api.getRevisions.mockRejectedValue(new Error('helm history failed'));
    await render(<StoreEntityContent />);
    expect(await screen.findByText('Ready')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^http:\/\/shop\.example\/,/ }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Delete' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `The events cannot be read right now: ${outage.message}`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'The revisions cannot be read right now: helm history failed',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Requested woocommerce store 'shop'"),
    ).toBeInTheDocument();
  });

  it('says in plain words why a store failed, with the raw reason, and offers Retry', async () => {
    const store = aStore({
      status: 'failed',
      reason:
        'helm upgrade --install: pods "shop-mariadb-0" is forbidden: exceeded quota: store-quota',
    });
    await setup(store, ['store.retry', 'store.delete']).render(
      <StoreEntityContent />,
    );
    expect(await screen.findByText('Failed')).toBeInTheDocument();
    expect(
      screen.getByText(
        'The store needs more CPU, memory or storage than its namespace quota allows.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(store.reason!)).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Retry' }),
    ).toBeInTheDocument();
  });

  it('reveals the admin login only to people allowed to read credentials', async () => {
    const allowed = setup(aStore(), ['store.credentials.read']);
    await allowed.render(<StoreEntityContent />);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Show admin login' }),
    );
    expect(await screen.findByText('p4ss-from-secret')).toBeInTheDocument();
    expect(allowed.api.getCredentials).toHaveBeenCalledTimes(1);
  });

  it('has no credentials button without the permission, and never fetches them', async () => {
    const denied = setup(aStore());
    await denied.render(<StoreEntityContent />);
    expect(await screen.findByText('Ready')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Show admin login' }),
    ).toBeNull();
    expect(denied.api.getCredentials).not.toHaveBeenCalled();
  });

  it('shows the time left of an expiring store, and lets the owner extend it', async () => {
    const expiresAt = new Date(
      Date.now() + 5 * 3600_000 + 60_000,
    ).toISOString();
    const subject = setup(aStore({ expiresAt }), ['store.update']);
    await subject.render(<StoreEntityContent />);
    expect(
      await screen.findByText(/^Expires: in 5 h 0 min/),
    ).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: 'Extend 24 h' }));
    await waitFor(() =>
      expect(subject.api.extendStore).toHaveBeenCalledWith(
        expect.any(String),
        24,
      ),
    );
    expect(await screen.findByText(/^Expires: in 1 d 5 h/)).toBeInTheDocument();
  });

  it("sets the owner's hostname through a dialog", async () => {
    const subject = setup(aStore(), ['store.update']);
    await subject.render(<StoreEntityContent />);
    expect(
      await screen.findByText(/^Domain: Storefleet hostname/),
    ).toBeInTheDocument();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Custom domain' }),
    );
    fireEvent.change(screen.getByLabelText('Hostname'), {
      target: { value: ' Shop.Example.com ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(subject.api.setStoreDomain).toHaveBeenCalledWith(
        expect.any(String),
        'shop.example.com',
      ),
    );
    expect(
      await screen.findByText(/^Domain: shop\.example\.com/),
    ).toBeInTheDocument();
  });

  it('shows the revision history, and offers Roll back to earlier revisions to people with store.update', async () => {
    const subject = setup(aStore(), ['store.update']);
    await subject.render(<StoreEntityContent />);
    expect(
      await screen.findByText('Upgrade requested: currency EUR → USD'),
    ).toBeInTheDocument();
    expect(screen.getByText('user:default/alice')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Roll back to 2' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Roll back to 1' }));
    await waitFor(() =>
      expect(subject.api.rollbackStore).toHaveBeenCalledWith(
        expect.any(String),
        1,
      ),
    );
  });

  it('offers no Custom domain or Extend without store.update', async () => {
    const expiresAt = new Date(
      Date.now() + 3 * 86400_000 + 60_000,
    ).toISOString();
    await setup(aStore({ expiresAt })).render(<StoreEntityContent />);
    expect(await screen.findByText(/^Expires: in 3 d/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Extend/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Custom domain' })).toBeNull();
    expect(
      await screen.findByText('Upgrade requested: currency EUR → USD'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Roll back/ })).toBeNull();
  });

  it('refreshes when the backend signals a change to this store, and not otherwise', async () => {
    const store = aStore({ status: 'provisioning' });
    const subject = setup(store);
    await subject.render(<StoreEntityContent />);
    expect(await screen.findByText('Provisioning')).toBeInTheDocument();
    expect(subject.api.getStore).toHaveBeenCalledTimes(1);

    subject.change({ status: 'ready' });
    expect(await screen.findByText('Ready')).toBeInTheDocument();
    expect(subject.api.getStore).toHaveBeenCalledTimes(2);
  });
});

describe('StoreEntityCard', () => {
  it('shows the status and the storefront and admin links', async () => {
    const store = aStore({
      status: 'ready',
      storefrontUrl: 'http://shop.example/',
      adminUrl: 'http://shop.example/app',
    });
    await setup(store).render(<StoreEntityCard />);
    expect(await screen.findByText('Ready')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /^Storefront/ })).toHaveAttribute(
      'href',
      'http://shop.example/',
    );
    expect(screen.getByRole('link', { name: /^Admin/ })).toHaveAttribute(
      'href',
      'http://shop.example/app',
    );
  });

  it('has no links while a store is still provisioning', async () => {
    await setup(aStore({ status: 'provisioning' })).render(<StoreEntityCard />);
    expect(await screen.findByText('Provisioning')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /^Storefront/ })).toBeNull();
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  });
});
