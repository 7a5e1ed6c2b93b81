/** What the lifecycle needs to know to render an engine's Helm values for one store. */
export interface StoreEngineContext {
  storeName: string;
  namespace: string;
  /** Base domain for store hosts, e.g. `127.0.0.1.nip.io` locally or `stores.example.com`. */
  baseDomain: string;
  /**
   * The store's hostname: the owner's custom domain when one is set, else
   * `<storeName>.<baseDomain>`. Engines put it on the Ingress and in the URLs.
   */
  host: string;
  ingressClassName: string;
  /**
   * The store's Helm release: its name, or for a store handed over from the warm pool the
   * slot's name (kept, like its namespace). Charts label the store's pods with it.
   */
  release: string;
  /** Whether the store's Ingress serves TLS: its URLs are then `https://`. */
  tls: boolean;
  /** Name of the Secret (created by the platform) the chart reads its credentials from. */
  credentialsSecretName: string;
  /** What people call the store, when the requester gave it a name besides the DNS label. */
  displayName?: string;
  /** The requester's options, already validated by the engine's `options` schema. */
  options: Record<string, unknown>;
}

/**
 * Validates the options a requester may set for one engine. A zod schema fits (its
 * `safeParse`); any object with the same shape does. Unknown keys should be refused.
 */
export interface StoreOptionsSchema {
  safeParse(input: unknown):
    | { success: true; data: Record<string, unknown> }
    | {
        success: false;
        error: { issues: { path: PropertyKey[]; message: string }[] };
      };
}

/** The public URLs of a provisioned store. */
export interface StoreUrls {
  /** The shop customers use. */
  storefrontUrl: string;
  adminUrl: string;
  /** The API a storefront calls (e.g. Medusa's Store API), when the engine has one apart from the shop. */
  apiUrl?: string;
}

/**
 * A store engine is data, not code paths in the lifecycle: a chart, how to map a request
 * onto its values, how to derive URLs and which credentials to generate.
 */
export interface StoreEngine {
  /** Stable id used in the API and in catalog `spec.type` as `<id>-store`. */
  id: string;
  title: string;
  /**
   * Chart directory or reference given to `helm upgrade --install`. Storefleet sets the
   * top-level value `suspended` on every release: when true, the chart must scale every
   * workload to zero replicas and keep its volumes (suspend and resume rely on it).
   */
  chart: string;
  /** Keys of the credentials Secret generated once per store (values are random). */
  credentialKeys: string[];
  /** How a person signs in to the store's admin: fixed user name, password from the Secret. */
  adminLogin?: { username: string; passwordKey: string };
  /**
   * The per-store options a requester may set (e.g. country and currency); without it the
   * engine takes none. Options become Helm values; they are never secrets.
   */
  options?: StoreOptionsSchema;
  /** Values passed to Helm in a generated values file; must never contain secrets. */
  values(context: StoreEngineContext): Record<string, unknown>;
  urls(context: StoreEngineContext): StoreUrls;
  /**
   * How a Ready warm-pool slot of this engine becomes a person's store (`stores.pool`); without
   * it the engine is never pooled and every store is provisioned on request.
   */
  claim?: StoreEngineClaim;
}

/**
 * The engine's part of handing a warm-pool slot to a person. Storefleet then upgrades the
 * slot's release with the person's name, host and labels (from `values`), runs the order probe
 * and checks the public URLs, as for any store.
 */
export interface StoreEngineClaim {
  /**
   * Credential keys given new random values at the hand-over, so a slot's secrets are never
   * handed to two people; must include the admin password's key.
   */
  rotatedCredentialKeys: string[];
  /**
   * Makes the running store the person's before its release is upgraded, through the engine's
   * own admin API: the rotated credentials, and the title customers see. Storefleet writes the
   * new values to the Secret after it succeeds. Without it the chart must apply them on
   * upgrade (e.g. a setup hook that sets the admin password from the Secret).
   */
  handOver?(input: StoreHandOver): Promise<string>;
}

/** What {@link StoreEngineClaim.handOver} is given. */
export interface StoreHandOver {
  /** The slot's origin, e.g. `http://pool-medusa-x2k9q.localhost` (no trailing slash). */
  origin: string;
  /** The rotated keys' values the store runs with now. */
  previous: Record<string, string>;
  /** Their new values. */
  next: Record<string, string>;
  /** The store's title for the person (their display name, else the store's name). */
  title: string;
  /** A JSON request to the store through its ingress, as a customer's browser would reach it. */
  request(
    url: string,
    init: {
      method: 'GET' | 'POST';
      headers?: Record<string, string>;
      body?: unknown;
    },
  ): Promise<{ status: number; body: unknown }>;
}
