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
] as const;

export type StoreStatus = (typeof STORE_STATUSES)[number];

/** A store as the REST API returns it. Never carries credentials. */
export interface Store {
  id: string;
  name: string;
  displayName?: string;
  engine: StoreEngineId;
  owner: string;
  createdBy: string;
  status: StoreStatus;
  reason?: string;
  namespace: string;
  /**
   * The store's Helm release (its pods' `backstage.io/kubernetes-id`): its name, or for a store
   * handed over from the warm pool the slot's name, kept with its namespace.
   */
  release?: string;
  storefrontUrl?: string;
  adminUrl?: string;
  /** The engine's API for storefronts (e.g. Medusa's Store API), when it has one. */
  apiUrl?: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  readyAt?: string;
  /** The engine options the requester set (e.g. `{ country: 'DE', currency: 'EUR' }`). */
  options?: Record<string, unknown>;
  /** When the store is deleted on its own; absent: it does not expire. */
  expiresAt?: string;
  /** The owner's own hostname for the store, instead of `<name>.<base domain>`. */
  customHost?: string;
}

/** What a caller sends to create a store. */
export interface CreateStoreRequest {
  name: string;
  engine: StoreEngineId;
  displayName?: string;
  owner?: string;
  /** Engine options; each engine accepts its own (WooCommerce: country, currency; Medusa: countries, currency). */
  options?: Record<string, unknown>;
  /** Delete the store on its own this many hours after it is requested (at most stores.expiry.maxTtlHours). */
  ttlHours?: number;
}

/** One revision of a store's Helm release, with Storefleet's record of who asked for what. */
export interface StoreRevision {
  revision: number;
  updated: string;
  /** deployed, superseded, failed, … */
  status: string;
  chart: string;
  description: string;
  actor?: string;
  change?: string;
  options?: Record<string, unknown>;
}

/** One line of a store's activity timeline. */
export interface StoreActivity {
  at: string;
  kind: string;
  message: string;
  actor?: string;
}

/** The error body of every non-2xx response of the stores API. */
export interface StoresApiErrorBody {
  error: { name: string; message: string; code: string };
}

/** A recent Kubernetes event of a store's namespace. */
export interface StoreEvent {
  at: string;
  type: string;
  reason: string;
  object: string;
  message: string;
}

/** The admin login of a store, revealed only with `store.credentials.read`. */
export interface StoreCredentials {
  username: string;
  password: string;
  adminUrl?: string;
}

/** The stores a caller may read, at a glance (`GET /metrics/summary`). */
export interface StoresSummary {
  total: number;
  byStatus: Partial<Record<StoreStatus, number>>;
  byEngine: Record<string, number>;
  /** Request → Ready of the most recent stores that became Ready (at most `window`). */
  provisioningSeconds: {
    count: number;
    window: number;
    p50?: number;
    max?: number;
  };
  /** The latest failed stores, newest first. */
  recentFailures: {
    id: string;
    name: string;
    reason?: string;
    updatedAt: string;
  }[];
  /** The warm pool per engine with a size: slots kept, Ready to claim, being provisioned. */
  warmPool?: {
    engine: string;
    size: number;
    ready: number;
    provisioning: number;
  }[];
}

/** One line of activity across stores (`GET /activity`). */
export interface FleetActivityLine extends StoreActivity {
  id: number;
  storeId: string;
  storeName: string;
}

/** Filters and cursor of the activity across stores. */
export interface FleetActivityQuery {
  /** The previous page's `nextCursor`. */
  cursor?: number;
  store?: string;
  actor?: string;
  kind?: string;
  limit?: number;
}

/** The last lines of one of a store's components' logs (`GET /stores/{id}/logs`). */
export interface StoreLogs {
  /** The components there are to choose from, e.g. server, worker, storefront. */
  components: string[];
  component?: string;
  pod?: string;
  lines: string[];
}

/** What a store (or one of its components) asks for, may take and uses now. */
export interface UsageFigures {
  /** Now, from the cluster's metrics API; absent where it has none. */
  used?: number;
  requests: number;
  /** Absent where some container has no limit. */
  limits?: number;
}

/**
 * A store's CPU (millicores) and memory (bytes) by component (`GET /stores/{id}/usage`):
 * requests and limits from its running pods, use from the metrics API (metrics.k8s.io).
 */
export interface StoreUsage {
  metrics: {
    available: boolean;
    source?: 'metrics.k8s.io';
    /** When the metrics were taken, and over which window. */
    at?: string;
    window?: string;
    /** Why there are no figures for use (no metrics API, no permission…). */
    reason?: string;
  };
  components: {
    component: string;
    pods: number;
    cpu: UsageFigures;
    memory: UsageFigures;
  }[];
  total: { cpu: UsageFigures; memory: UsageFigures };
}
