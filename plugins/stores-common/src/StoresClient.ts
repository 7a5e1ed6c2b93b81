import { StoresApiError } from './StoresApiError';
import { DefaultApiClient, TypedResponse } from './schema/openapi';
import {
  CreateStoreRequest,
  Store,
  StoreActivity,
  StoreCredentials,
  StoreEvent,
  StoreRevision,
  StoresSummary,
  StoreLogs,
  StoreUsage,
  FleetActivityLine,
  FleetActivityQuery,
  ListStoresQuery,
} from './types';

/** Options of every call: a token is given by backend callers acting on behalf of a user. */
export interface StoresRequestOptions {
  token?: string;
}

/** The stores REST API, as used by the frontend, the scaffolder actions and the catalog module. */
export interface StoresApi {
  listStores(
    query?: ListStoresQuery,
    options?: StoresRequestOptions,
  ): Promise<{ items: Store[]; totalCount: number }>;
  getStore(id: string, options?: StoresRequestOptions): Promise<Store>;
  /** The last lines of a component's log (permission store.logs.read). */
  getLogs(
    id: string,
    query?: { component?: string; tailLines?: number },
    options?: StoresRequestOptions,
  ): Promise<StoreLogs>;
  /** CPU and memory by component: requests, limits and use now (permission store.read). */
  getUsage(id: string, options?: StoresRequestOptions): Promise<StoreUsage>;
  /** Counts, time to Ready and the latest failures of the stores the caller may read. */
  getSummary(options?: StoresRequestOptions): Promise<StoresSummary>;
  /** What happened across the stores the caller may read, newest first, a page at a time. */
  listFleetActivity(
    query?: FleetActivityQuery,
    options?: StoresRequestOptions,
  ): Promise<{ items: FleetActivityLine[]; nextCursor?: number }>;
  createStore(
    request: CreateStoreRequest,
    options?: StoresRequestOptions,
  ): Promise<Store>;
  deleteStore(id: string, options?: StoresRequestOptions): Promise<Store>;
  retryStore(id: string, options?: StoresRequestOptions): Promise<Store>;
  /** Scales a Ready store to zero, keeping its data (permission store.update). */
  suspendStore(id: string, options?: StoresRequestOptions): Promise<Store>;
  /** Brings a suspended store back to Ready through the order probe (permission store.update). */
  resumeStore(id: string, options?: StoresRequestOptions): Promise<Store>;
  /** New engine options, through a Helm upgrade (permission store.update). */
  upgradeStore(
    id: string,
    storeOptions: Record<string, unknown>,
    options?: StoresRequestOptions,
  ): Promise<Store>;
  /** Rolls the release back to an earlier revision (permission store.update). */
  rollbackStore(
    id: string,
    revision: number,
    options?: StoresRequestOptions,
  ): Promise<Store>;
  /** The release's revisions, oldest first, with who asked for what. */
  getRevisions(
    id: string,
    options?: StoresRequestOptions,
  ): Promise<{ items: StoreRevision[] }>;
  /** Places a test order against the store now; the outcome lands in its activity (store.update). */
  checkStore(id: string, options?: StoresRequestOptions): Promise<Store>;
  /** Sets (or with null removes) the store's own hostname (permission store.update). */
  setStoreDomain(
    id: string,
    hostname: string | null,
    options?: StoresRequestOptions,
  ): Promise<Store>;
  /** Pushes a store's expiry `hours` further out (permission store.update). */
  extendStore(
    id: string,
    hours: number,
    options?: StoresRequestOptions,
  ): Promise<Store>;
  getActivity(
    id: string,
    options?: StoresRequestOptions,
  ): Promise<{ items: StoreActivity[] }>;
  getEvents(
    id: string,
    options?: StoresRequestOptions,
  ): Promise<{ items: StoreEvent[] }>;
  getCredentials(
    id: string,
    options?: StoresRequestOptions,
  ): Promise<StoreCredentials>;
}

/** The values of a query that are set: `''` and `undefined` are left out of the URL. */
function definedOnly<T extends object>(query: T): T {
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== ''),
  ) as T;
}

/**
 * A fetch-based client of the stores API. Works in the browser (fetchApi adds the user's
 * token) and in backends (pass a token from `auth.getPluginRequestToken`). Paths, methods and
 * bodies come from the client generated from the OpenAPI spec; this class adds the error body
 * as a {@link StoresApiError} and keeps the call shapes the plugins use.
 */
export class StoresClient implements StoresApi {
  private readonly api: DefaultApiClient;

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.api = new DefaultApiClient({
      discoveryApi: options.discoveryApi,
      fetchApi: options.fetchApi ?? { fetch: (...args) => fetch(...args) },
    });
  }

  async listStores(
    { mine, ...query }: ListStoresQuery = {},
    options?: StoresRequestOptions,
  ) {
    return read(
      this.api.listStores(
        {
          query: definedOnly({
            ...query,
            mine:
              mine === undefined
                ? undefined
                : (String(mine) as 'true' | 'false'),
          } as const),
        },
        options,
      ),
    );
  }

  async listFleetActivity(
    query: FleetActivityQuery = {},
    options?: StoresRequestOptions,
  ) {
    return read(
      this.api.listFleetActivity({ query: definedOnly(query) }, options),
    );
  }

  async getLogs(
    id: string,
    query: { component?: string; tailLines?: number } = {},
    options?: StoresRequestOptions,
  ) {
    return read(
      this.api.getStoreLogs(
        { path: { id }, query: definedOnly(query) },
        options,
      ),
    );
  }

  async getUsage(id: string, options?: StoresRequestOptions) {
    return read(this.api.getStoreUsage({ path: { id } }, options));
  }

  async getSummary(options?: StoresRequestOptions) {
    return read(
      this.api.getMetricsSummary({}, options),
    ) as Promise<StoresSummary>;
  }

  async getStore(id: string, options?: StoresRequestOptions) {
    return read(this.api.getStore({ path: { id } }, options));
  }

  async createStore(
    request: CreateStoreRequest,
    options?: StoresRequestOptions,
  ) {
    return read(this.api.createStore({ body: request }, options));
  }

  async deleteStore(id: string, options?: StoresRequestOptions) {
    return read(this.api.deleteStore({ path: { id } }, options));
  }

  async retryStore(id: string, options?: StoresRequestOptions) {
    return read(this.api.retryStore({ path: { id } }, options));
  }

  async suspendStore(id: string, options?: StoresRequestOptions) {
    return read(this.api.suspendStore({ path: { id } }, options));
  }

  async resumeStore(id: string, options?: StoresRequestOptions) {
    return read(this.api.resumeStore({ path: { id } }, options));
  }

  async upgradeStore(
    id: string,
    storeOptions: Record<string, unknown>,
    options?: StoresRequestOptions,
  ) {
    return read(
      this.api.upgradeStore(
        { path: { id }, body: { options: storeOptions } },
        options,
      ),
    );
  }

  async rollbackStore(
    id: string,
    revision: number,
    options?: StoresRequestOptions,
  ) {
    return read(
      this.api.rollbackStore({ path: { id }, body: { revision } }, options),
    );
  }

  async getRevisions(id: string, options?: StoresRequestOptions) {
    return read(this.api.getStoreRevisions({ path: { id } }, options));
  }

  async checkStore(id: string, options?: StoresRequestOptions) {
    return read(this.api.checkStore({ path: { id } }, options));
  }

  async setStoreDomain(
    id: string,
    hostname: string | null,
    options?: StoresRequestOptions,
  ) {
    return read(
      this.api.setStoreDomain(
        { path: { id }, body: { hostname: hostname as string } },
        options,
      ),
    );
  }

  async extendStore(id: string, hours: number, options?: StoresRequestOptions) {
    return read(
      this.api.extendStore({ path: { id }, body: { hours } }, options),
    );
  }

  async getActivity(id: string, options?: StoresRequestOptions) {
    return read(this.api.getStoreActivity({ path: { id } }, options));
  }

  async getEvents(id: string, options?: StoresRequestOptions) {
    return read(this.api.getStoreEvents({ path: { id } }, options));
  }

  async getCredentials(id: string, options?: StoresRequestOptions) {
    return read(this.api.getStoreCredentials({ path: { id } }, options));
  }
}

/** The body of a 2xx response; any other answer as a {@link StoresApiError}. */
async function read<T>(pending: Promise<TypedResponse<T>>): Promise<T> {
  const response = await pending;
  if (!response.ok) {
    throw await StoresApiError.fromResponse(response as unknown as Response);
  }
  return response.json();
}
