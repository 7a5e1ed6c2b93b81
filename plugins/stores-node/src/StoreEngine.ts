/** What the lifecycle needs to know to render an engine's Helm values for one store. */
export interface StoreEngineContext {
  storeName: string;
  namespace: string;
  /** Base domain for store hosts, e.g. `127.0.0.1.nip.io` locally or `stores.example.com`. */
  baseDomain: string;
  ingressClassName: string;
  /** Name of the Secret (created by the platform) the chart reads its credentials from. */
  credentialsSecretName: string;
}

/** The public URLs of a provisioned store. */
export interface StoreUrls {
  storefrontUrl: string;
  adminUrl: string;
}

/**
 * A store engine is data, not code paths in the lifecycle: a chart, how to map a request
 * onto its values, how to derive URLs and which credentials to generate.
 */
export interface StoreEngine {
  /** Stable id used in the API and in catalog `spec.type` as `<id>-store`. */
  id: string;
  title: string;
  /** Chart directory or reference given to `helm upgrade --install`. */
  chart: string;
  /** Keys of the credentials Secret generated once per store (values are random). */
  credentialKeys: string[];
  /** How a person signs in to the store's admin: fixed user name, password from the Secret. */
  adminLogin?: { username: string; passwordKey: string };
  /** Values passed to Helm in a generated values file; must never contain secrets. */
  values(context: StoreEngineContext): Record<string, unknown>;
  urls(context: StoreEngineContext): StoreUrls;
}
