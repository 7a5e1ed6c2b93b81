import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_STORE_ID,
  ANNOTATION_STORE_STATUS,
  Store,
  storeObjectNames,
} from '@storefleet/plugin-stores-common';

/** Catalog lifecycle of a store entity: only a Ready store is in production use. */
function lifecycle(store: Store): string {
  return store.status === 'ready' ? 'production' : 'experimental';
}

/** Maps one store to its catalog entity. Pure, so the mapping has one place and one test. */
export function storeToEntity(store: Store, providerName: string): Entity {
  const location = `stores-provider:${providerName}`;
  const links = [
    store.storefrontUrl && {
      url: store.storefrontUrl,
      title: 'Storefront',
      icon: 'web',
    },
    store.adminUrl && {
      url: store.adminUrl,
      title: 'Admin',
      icon: 'dashboard',
    },
    store.apiUrl && {
      url: store.apiUrl,
      title: 'Store API',
      icon: 'code',
    },
  ].filter(Boolean) as { url: string; title: string; icon: string }[];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: store.name,
      title: store.displayName || store.name,
      description: `${store.engine} store provisioned by Storefleet (status: ${store.status})`,
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [ANNOTATION_STORE_ID]: store.id,
        [ANNOTATION_STORE_STATUS]: store.status,
        // The pods' label: the release (a store from the warm pool keeps the slot's).
        [ANNOTATION_KUBERNETES_ID]: storeObjectNames(store).release,
        [ANNOTATION_KUBERNETES_NAMESPACE]: storeObjectNames(store).namespace,
      },
      tags: [store.engine, 'storefleet'],
      links,
    },
    spec: {
      type: `${store.engine}-store`,
      owner: store.owner,
      lifecycle: lifecycle(store),
    },
  };
}
