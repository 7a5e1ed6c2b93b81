/**
 * The API's types, generated from the stores backend's OpenAPI spec
 * (plugins/stores-backend/src/schema/openapi.yaml → src/schema/openapi/generated, `yarn generate`
 * in plugins/stores-backend). They are re-exported here under the names the plugins use; change
 * the spec and regenerate, never the generated files.
 */
import type {
  ActivityItemsInner,
  CreateStoreRequest as CreateStoreRequestModel,
  Credentials,
  EventsItemsInner,
  FleetActivityPageItemsInner,
  GetStoreLogs200Response,
  ListFleetActivity,
  ListStores,
  ModelError,
  RevisionsItemsInner,
  Store as StoreModel,
  StoreStatus as StoreStatusModel,
  StoreUsage as StoreUsageModel,
  Summary,
  UsageFigures as UsageFiguresModel,
} from './schema/openapi';

/** The engines Storefleet can provision. A third engine registers through the node package. */
export type StoreEngineId = string;

/** The built-in engines. */
export const BUILTIN_ENGINES = ['woocommerce', 'medusa'] as const;

/**
 * Observed lifecycle state of a store.
 *
 * queued → provisioning → ready | failed; any → deleting → deleted; failed → (retry) queued;
 * ready → (suspend) suspending → suspended → (resume) queued → provisioning → ready;
 * ready → degraded when the drift check finds it changed by hand (→ ready again when it heals,
 * or retry repairs it).
 */
export const STORE_STATUSES = [
  'queued',
  'provisioning',
  'ready',
  'failed',
  'degraded',
  'suspending',
  'suspended',
  'deleting',
  'deleted',
] as const satisfies readonly StoreStatusModel[];

/** A state of the spec; the list above names each one (checked below). */
export type StoreStatus = StoreStatusModel;
// Fails to compile when the spec gains a state the list above lacks.
const everyStatusListed: Record<
  Exclude<StoreStatus, (typeof STORE_STATUSES)[number]>,
  never
> = {};
void everyStatusListed;

/** A store as the REST API returns it. Never carries credentials. */
export type Store = StoreModel;

/** What a caller sends to create a store. */
export type CreateStoreRequest = CreateStoreRequestModel;

/** One revision of a store's Helm release, with Storefleet's record of who asked for what. */
export type StoreRevision = RevisionsItemsInner;

/** One line of a store's activity timeline. */
export type StoreActivity = ActivityItemsInner;

/** The error body of every non-2xx response of the stores API. */
export type StoresApiErrorBody = ModelError;

/** A recent Kubernetes event of a store's namespace. */
export type StoreEvent = EventsItemsInner;

/** The admin login of a store, revealed only with `store.credentials.read`. */
export type StoreCredentials = Credentials;

/** The stores a caller may read, at a glance (`GET /metrics/summary`). */
export type StoresSummary = Omit<Summary, 'byStatus'> & {
  byStatus: Partial<Record<StoreStatus, number>>;
};

/** One line of activity across stores (`GET /activity`). */
export type FleetActivityLine = FleetActivityPageItemsInner;

/** Filters and cursor of the activity across stores. */
export type FleetActivityQuery = NonNullable<ListFleetActivity['query']>;

/** Filters of the list call; `mine`: only the caller's stores (owned or requested by them, or owned by one of their groups). */
export type ListStoresQuery = Omit<NonNullable<ListStores['query']>, 'mine'> & {
  mine?: boolean;
};

/** The last lines of one of a store's components' logs (`GET /stores/{id}/logs`). */
export type StoreLogs = GetStoreLogs200Response;

/** What a store (or one of its components) asks for, may take and uses now. */
export type UsageFigures = UsageFiguresModel;

/**
 * A store's CPU (millicores) and memory (bytes) by component (`GET /stores/{id}/usage`):
 * requests and limits from its running pods, use from the metrics API (metrics.k8s.io).
 */
export type StoreUsage = StoreUsageModel;
