import { ANNOTATION_KUBERNETES_ID, ANNOTATION_STORE_ID } from './annotations';
import { storeNamespace } from './storeName';

/**
 * The label every Kubernetes object Storefleet makes for a store carries: the store's id. Every
 * write to a store's namespace, Secret or Helm release first checks it (see the backend's
 * ownership guard), so one store never adopts, changes or deletes another's objects.
 */
export const STORE_ID_LABEL = ANNOTATION_STORE_ID;

/** The label by which Backstage's Kubernetes plugin finds a store's namespace and workloads. */
export const KUBERNETES_ID_LABEL = ANNOTATION_KUBERNETES_ID;

/** The Secret the platform generates for a store's release (admin password, keys). */
export function credentialsSecretName(release: string): string {
  return `${release}-credentials`;
}

/** What a store's Kubernetes objects and catalog entity are called. */
export interface StoreObjectNames {
  namespace: string;
  /** The Helm release; its pods carry it as `backstage.io/kubernetes-id`. */
  release: string;
  credentialsSecret: string;
  /** The catalog entity of the store. */
  entityRef: string;
}

/**
 * The one place a store's names are derived: its namespace (`store-<name>`), its Helm release
 * (its name, or the warm-pool slot's it was claimed from), its credentials Secret and its
 * catalog entity. The backend, the catalog module and the scaffolder action all ask here.
 */
export function storeObjectNames(store: {
  name: string;
  namespace?: string;
  release?: string;
}): StoreObjectNames {
  const release = store.release ?? store.name;
  return {
    namespace: store.namespace ?? storeNamespace(store.name),
    release,
    credentialsSecret: credentialsSecretName(release),
    entityRef: `resource:default/${store.name}`,
  };
}
