import { StoresApiError } from './StoresApiError';
import {
  CreateStoreRequest,
  Store,
  StoreActivity,
  StoreCredentials,
  StoreEvent,
  StoreRevision,
  StoreStatus,
  StoresSummary,
  StoreLogs,
  StoreUsage,
  FleetActivityLine,
  FleetActivityQuery,
} from './types';

/** `?a=1&b=2` of the defined values, or nothing. */
function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** Options of every call: a token is given by backend callers acting on behalf of a user. */
export interface StoresRequestOptions {
  token?: string;
}

/** Filters of the list call. */
export interface ListStoresQuery {
  status?: StoreStatus;
  engine?: string;
  owner?: string;
  /** Only the caller's stores: owned or requested by them, or owned by one of their groups. */
  mine?: boolean;
  limit?: number;
  offset?: number;
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

/**
 * A fetch-based client of the stores API. Works in the browser (fetchApi adds the user's
 * token) and in backends (pass a token from `auth.getPluginRequestToken`).
 */
export class StoresClient implements StoresApi {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  async listStores(
    query: ListStoresQuery = {},
    options?: StoresRequestOptions,
  ) {
    return this.request<{ items: Store[]; totalCount: number }>(
      'GET',
      `/stores${queryString(query)}`,
      options,
    );
  }

  async listFleetActivity(
    query: FleetActivityQuery = {},
    options?: StoresRequestOptions,
  ) {
    return this.request<{ items: FleetActivityLine[]; nextCursor?: number }>(
      'GET',
      `/activity${queryString(query)}`,
      options,
    );
  }

  async getLogs(
    id: string,
    query: { component?: string; tailLines?: number } = {},
    options?: StoresRequestOptions,
  ) {
    return this.request<StoreLogs>(
      'GET',
      `/stores/${encodeURIComponent(id)}/logs${queryString(query)}`,
      options,
    );
  }

  async getUsage(id: string, options?: StoresRequestOptions) {
    return this.request<StoreUsage>(
      'GET',
      `/stores/${encodeURIComponent(id)}/usage`,
      options,
    );
  }

  async getSummary(options?: StoresRequestOptions) {
    return this.request<StoresSummary>('GET', '/metrics/summary', options);
  }

  async getStore(id: string, options?: StoresRequestOptions) {
    return this.request<Store>(
      'GET',
      `/stores/${encodeURIComponent(id)}`,
      options,
    );
  }

  async createStore(
    request: CreateStoreRequest,
    options?: StoresRequestOptions,
  ) {
    return this.request<Store>('POST', '/stores', options, request);
  }

  async deleteStore(id: string, options?: StoresRequestOptions) {
    return this.request<Store>(
      'DELETE',
      `/stores/${encodeURIComponent(id)}`,
      options,
    );
  }

  async retryStore(id: string, options?: StoresRequestOptions) {
    return this.request<Store>(
      'POST',
      `/stores/${encodeURIComponent(id)}/retry`,
      options,
    );
  }

  async suspendStore(id: string, options?: StoresRequestOptions) {
    return this.request<Store>(
      'POST',
      `/stores/${encodeURIComponent(id)}/suspend`,
      options,
    );
  }

  async resumeStore(id: string, options?: StoresRequestOptions) {
    return this.request<Store>(
      'POST',
      `/stores/${encodeURIComponent(id)}/resume`,
      options,
    );
  }

  async upgradeStore(
    id: string,
    storeOptions: Record<string, unknown>,
    options?: StoresRequestOptions,
  ) {
    return this.request<Store>(
      'PATCH',
      `/stores/${encodeURIComponent(id)}`,
      options,
      { options: storeOptions },
    );
  }

  async rollbackStore(
    id: string,
    revision: number,
    options?: StoresRequestOptions,
  ) {
    return this.request<Store>(
      'POST',
      `/stores/${encodeURIComponent(id)}/rollback`,
      options,
      { revision },
    );
  }

  async getRevisions(id: string, options?: StoresRequestOptions) {
    return this.request<{ items: StoreRevision[] }>(
      'GET',
      `/stores/${encodeURIComponent(id)}/revisions`,
      options,
    );
  }

  async checkStore(id: string, options?: StoresRequestOptions) {
    return this.request<Store>(
      'POST',
      `/stores/${encodeURIComponent(id)}/check`,
      options,
    );
  }

  async setStoreDomain(
    id: string,
    hostname: string | null,
    options?: StoresRequestOptions,
  ) {
    return this.request<Store>(
      'PUT',
      `/stores/${encodeURIComponent(id)}/domain`,
      options,
      { hostname },
    );
  }

  async extendStore(id: string, hours: number, options?: StoresRequestOptions) {
    return this.request<Store>(
      'POST',
      `/stores/${encodeURIComponent(id)}/extend`,
      options,
      { hours },
    );
  }

  async getActivity(id: string, options?: StoresRequestOptions) {
    return this.request<{ items: StoreActivity[] }>(
      'GET',
      `/stores/${encodeURIComponent(id)}/activity`,
      options,
    );
  }

  async getEvents(id: string, options?: StoresRequestOptions) {
    return this.request<{ items: StoreEvent[] }>(
      'GET',
      `/stores/${encodeURIComponent(id)}/events`,
      options,
    );
  }

  async getCredentials(id: string, options?: StoresRequestOptions) {
    return this.request<StoreCredentials>(
      'GET',
      `/stores/${encodeURIComponent(id)}/credentials`,
      options,
    );
  }

  private async request<T>(
    method: string,
    path: string,
    options?: StoresRequestOptions,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('stores');
    const headers: Record<string, string> = {};
    if (options?.token) headers.Authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw await StoresApiError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
