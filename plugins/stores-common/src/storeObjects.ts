import { ANNOTATION_KUBERNETES_ID, ANNOTATION_STORE_ID } from './annotations';

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
