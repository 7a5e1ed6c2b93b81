import { Store } from '@storefleet/plugin-stores-common';
import { storeToEntity } from './storeToEntity';

const store: Store = {
  id: '5f0c',
  name: 'shop',
  displayName: 'Shop',
  engine: 'woocommerce',
  owner: 'group:default/web',
  createdBy: 'user:default/alice',
  status: 'ready',
  namespace: 'store-shop',
  storefrontUrl: 'http://shop.localhost/',
  adminUrl: 'http://shop.localhost/wp-admin/',
  attempts: 1,
  createdAt: '2026-11-24T00:00:00.000Z',
  updatedAt: '2026-11-24T00:00:00.000Z',
};

describe('storeToEntity', () => {
  it('maps a ready store to a Resource with links and Kubernetes annotations', () => {
    const entity = storeToEntity(store, 'stores');
    expect(entity.kind).toBe('Resource');
    expect(entity.spec).toEqual({
      type: 'woocommerce-store',
      owner: 'group:default/web',
      lifecycle: 'production',
    });
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': 'stores-provider:stores',
      'backstage.io/managed-by-origin-location': 'stores-provider:stores',
      'storefleet.io/store-id': '5f0c',
      'storefleet.io/status': 'ready',
      'backstage.io/kubernetes-id': 'shop',
      'backstage.io/kubernetes-namespace': 'store-shop',
    });
    expect(entity.metadata.links?.map(l => l.title)).toEqual([
      'Storefront',
      'Admin',
    ]);
  });

  it('links the URLs as the API gives them, https when the store serves TLS', () => {
    const entity = storeToEntity(
      {
        ...store,
        storefrontUrl: 'https://shop.stores.example.com/',
        adminUrl: 'https://shop.stores.example.com/wp-admin/',
      },
      'stores',
    );
    expect(entity.metadata.links?.map(l => l.url)).toEqual([
      'https://shop.stores.example.com/',
      'https://shop.stores.example.com/wp-admin/',
    ]);
  });

  it("links a Medusa store's shop, admin and Store API, each by its name", () => {
    const entity = storeToEntity(
      {
        ...store,
        engine: 'medusa',
        storefrontUrl: 'http://shop.localhost/',
        adminUrl: 'http://shop.localhost/app',
        apiUrl: 'http://shop.localhost/store',
      },
      'stores',
    );
    expect(entity.metadata.links?.map(l => [l.title, l.url])).toEqual([
      ['Storefront', 'http://shop.localhost/'],
      ['Admin', 'http://shop.localhost/app'],
      ['Store API', 'http://shop.localhost/store'],
    ]);
  });

  it('leaves out URLs a store does not have yet', () => {
    const entity = storeToEntity(
      {
        ...store,
        status: 'provisioning',
        storefrontUrl: undefined,
        adminUrl: undefined,
      },
      'stores',
    );
    expect(entity.metadata.links).toEqual([]);
    expect(entity.spec?.lifecycle).toBe('experimental');
  });

  it('says a suspended store is suspended, and keeps its links for when it resumes', () => {
    const entity = storeToEntity({ ...store, status: 'suspended' }, 'stores');
    expect(entity.metadata.annotations?.['storefleet.io/status']).toBe(
      'suspended',
    );
    expect(entity.metadata.description).toContain('status: suspended');
    expect(entity.metadata.links).toHaveLength(2);
  });
});
