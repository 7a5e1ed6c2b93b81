/** Annotation on a store's catalog entity that holds the store id. */
export const ANNOTATION_STORE_ID = 'storefleet.io/store-id';

/**
 * Annotation on a store's catalog entity with its lifecycle status (`ready`, `suspended`, …),
 * for catalog filters and other plugins.
 */
export const ANNOTATION_STORE_STATUS = 'storefleet.io/status';

/** Standard Backstage Kubernetes annotations, set on every store entity. */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';

/** Events-service topic on which the stores plugin announces `{ storeId }` after any change. */
export const STORES_CHANGED_TOPIC = 'storefleet.stores.changed';

/** Backstage signals channel on which the stores plugin announces `{ storeId }` after any change. */
export const STORES_SIGNAL_CHANNEL = 'storefleet:stores';
