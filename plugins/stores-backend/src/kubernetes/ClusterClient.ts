import * as k8s from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import {
  KUBERNETES_ID_LABEL,
  STORE_ID_LABEL,
  StoreUsage,
} from '@storefleet/plugin-stores-common';
import { assertOwnedBy } from './ownership';
import { StoreAccess } from './StoreAccess';
import { readStoreUsage } from './storeUsage';

/** Where to reach the cluster: a kubeconfig file (and context), or the pod's service account. */
export interface ClusterConnection {
  kubeconfigPath?: string;
  context?: string;
}

export interface ClusterEvent {
  at: string;
  type: string;
  reason: string;
  object: string;
  message: string;
}

export function loadKubeConfig(connection: ClusterConnection): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  if (connection.kubeconfigPath) {
    kc.loadFromFile(connection.kubeconfigPath);
    if (connection.context) kc.setCurrentContext(connection.context);
  } else {
    kc.loadFromCluster();
  }
  return kc;
}

/** What a chart's `helm test` pod reported in its termination message (JSON by contract). */
export interface TestPodResult {
  pod: string;
  phase: string;
  /** The parsed message, e.g. `{ step, orderId }` or `{ step: 'failed', error }`. */
  result?: Record<string, unknown>;
}

/** A Deployment or StatefulSet of a store, as the drift check sees it. */
export interface StoreWorkload {
  namespace: string;
  /** `Deployment/<name>` or `StatefulSet/<name>`. */
  ref: string;
  replicas: number;
  readyReplicas: number;
}

/** Every workload of the store charts carries this label (the Kubernetes tab uses it too). */
const WORKLOAD_SELECTOR = KUBERNETES_ID_LABEL;
/** Every store namespace carries this label, set by the lifecycle. */
/** The most of a component's log one read returns, whatever the number of lines asked. */
export const LOG_LIMIT_BYTES = 256 * 1024;

const NAMESPACE_SELECTOR = 'app.kubernetes.io/managed-by=storefleet';

const isStatus = (error: unknown, code: number) =>
  (error as { code?: number })?.code === code;

/**
 * The Kubernetes operations the lifecycle needs, and nothing more. Over 300 lines because it is
 * the one place that speaks to the API server: one short method per call the lifecycle makes,
 * each turning the API's answer into what the lifecycle reads; a store's usage is in
 * storeUsage.ts.
 */
export class ClusterClient {
  private readonly core: k8s.CoreV1Api;
  private readonly apps: k8s.AppsV1Api;
  private readonly custom: k8s.CustomObjectsApi;
  private readonly networking: k8s.NetworkingV1Api;
  private readonly access: StoreAccess | undefined;

  /**
   * @param options.storeRole - the ClusterRole of the store verbs the provisioner binds to
   *   itself in each store namespace (see {@link StoreAccess}); unset: it already holds them.
   */
  constructor(
    kubeConfig: k8s.KubeConfig,
    options: { storeRole?: string } = {},
  ) {
    this.core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    this.apps = kubeConfig.makeApiClient(k8s.AppsV1Api);
    this.custom = kubeConfig.makeApiClient(k8s.CustomObjectsApi);
    this.networking = kubeConfig.makeApiClient(k8s.NetworkingV1Api);
    this.access = options.storeRole
      ? new StoreAccess(kubeConfig, options.storeRole)
      : undefined;
  }

  /**
   * Makes sure the provisioner may act inside the store's namespace: with a store role
   * configured, a RoleBinding of it to the provisioner there; otherwise nothing to do.
   */
  async ensureStoreAccess(namespace: string): Promise<string | undefined> {
    return this.access?.ensure(namespace);
  }

  /**
   * Every existing store namespace gets its RoleBinding: stores made before the provisioner was
   * confined (a platform upgrade) stay manageable. Returns how many were checked.
   */
  async ensureAccessToAllStores(): Promise<number> {
    if (!this.access) return 0;
    const namespaces = [...(await this.listStoreNamespaces())];
    for (const namespace of namespaces) await this.access.ensure(namespace);
    return namespaces.length;
  }

  /**
   * The Ingresses of the whole cluster that serve `host` (one read-only list): a store's custom
   * domain may not take a host another application already serves.
   */
  async ingressesServing(
    host: string,
  ): Promise<Array<{ namespace: string; name: string }>> {
    const list = await this.networking.listIngressForAllNamespaces();
    return list.items
      .filter(i => (i.spec?.rules ?? []).some(r => r.host === host))
      .map(i => ({
        namespace: i.metadata?.namespace ?? '',
        name: i.metadata?.name ?? '',
      }));
  }

  /** Names of every store namespace: one list call, however many stores there are. */
  async listStoreNamespaces(): Promise<Set<string>> {
    const list = await this.core.listNamespace({
      labelSelector: NAMESPACE_SELECTOR,
    });
    return new Set(list.items.map(n => n.metadata?.name ?? ''));
  }

  /**
   * The Deployments and StatefulSets of stores: in one namespace, or in all of them with one
   * list call per kind (the drift check's whole cost, however many stores there are).
   */
  async listStoreWorkloads(namespace?: string): Promise<StoreWorkload[]> {
    const query = { labelSelector: WORKLOAD_SELECTOR };
    const [deployments, statefulSets] = await Promise.all(
      namespace
        ? [
            this.apps.listNamespacedDeployment({ namespace, ...query }),
            this.apps.listNamespacedStatefulSet({ namespace, ...query }),
          ]
        : [
            this.apps.listDeploymentForAllNamespaces(query),
            this.apps.listStatefulSetForAllNamespaces(query),
          ],
    );
    const workload = (
      kind: string,
      w: k8s.V1Deployment | k8s.V1StatefulSet,
    ): StoreWorkload => ({
      namespace: w.metadata?.namespace ?? '',
      ref: `${kind}/${w.metadata?.name}`,
      replicas: w.spec?.replicas ?? 1,
      readyReplicas: w.status?.readyReplicas ?? 0,
    });
    return [
      ...deployments.items.map(d => workload('Deployment', d)),
      ...statefulSets.items.map(s => workload('StatefulSet', s)),
    ];
  }

  /**
   * Creates the namespace with its labels, or leaves an existing one as it is when it is this
   * store's (its store-id label is `labels`' one); another store's or nobody's namespace is
   * refused with a {@link ForeignObjectError}, never adopted.
   */
  async ensureNamespace(
    name: string,
    labels: Record<string, string>,
  ): Promise<void> {
    try {
      await this.core.createNamespace({ body: { metadata: { name, labels } } });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      await this.assertOwnNamespace(name, labels[STORE_ID_LABEL]);
    }
  }

  /**
   * Before a write into a namespace (a Helm release, a RoleBinding, a Secret): whether it
   * exists, refusing with a {@link ForeignObjectError} when it does and is not `storeId`'s.
   */
  async assertOwnNamespace(
    name: string,
    storeId: string,
  ): Promise<'own' | 'absent'> {
    try {
      const namespace = await this.core.readNamespace({ name });
      assertOwnedBy(`namespace ${name}`, namespace.metadata?.labels, storeId);
      return 'own';
    } catch (error) {
      if (isStatus(error, 404)) return 'absent';
      throw error;
    }
  }

  async namespaceExists(name: string): Promise<boolean> {
    try {
      await this.core.readNamespace({ name });
      return true;
    } catch (error) {
      if (isStatus(error, 404)) return false;
      throw error;
    }
  }

  /**
   * Creates the store's credentials Secret once, with random values for `keys`. The values
   * exist only in the Secret: never in argv, logs, Helm values or the database.
   */
  async ensureGeneratedSecret(
    namespace: string,
    name: string,
    keys: string[],
    labels: Record<string, string>,
  ): Promise<'created' | 'existing' | `completed with ${string}`> {
    const generate = (list: string[]) =>
      Object.fromEntries(
        list.map(key => [key, randomBytes(24).toString('base64url')]),
      );
    try {
      await this.core.createNamespacedSecret({
        namespace,
        body: {
          metadata: { name, labels },
          type: 'Opaque',
          stringData: generate(keys),
        },
      });
      return 'created';
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
    const existing = await this.core.readNamespacedSecret({ name, namespace });
    assertOwnedBy(
      `Secret ${namespace}/${name}`,
      existing.metadata?.labels,
      labels[STORE_ID_LABEL],
    );
    // A Secret made before the engine needed a new key (e.g. a store from an older release):
    // the keys it has are kept, the missing ones are generated. Replace carries the
    // resourceVersion read, so a concurrent writer makes this fail rather than be overwritten.
    const missing = keys.filter(key => existing.data?.[key] === undefined);
    if (!missing.length) return 'existing';
    const added = generate(missing);
    await this.core.replaceNamespacedSecret({
      name,
      namespace,
      body: {
        ...existing,
        data: {
          ...existing.data,
          ...Object.fromEntries(
            Object.entries(added).map(([k, v]) => [
              k,
              Buffer.from(v).toString('base64'),
            ]),
          ),
        },
      },
    });
    return `completed with ${missing.join(', ')}`;
  }

  /**
   * One value of a store's Secret, decoded; undefined when the Secret or key does not exist.
   * A Secret that is not `storeId`'s is refused ({@link ForeignObjectError}), never read out.
   */
  async readSecretValue(
    namespace: string,
    name: string,
    key: string,
    storeId: string,
  ): Promise<string | undefined> {
    try {
      const secret = await this.core.readNamespacedSecret({ name, namespace });
      assertOwnedBy(
        `Secret ${namespace}/${name}`,
        secret.metadata?.labels,
        storeId,
      );
      const value = secret.data?.[key];
      return value === undefined
        ? undefined
        : Buffer.from(value, 'base64').toString('utf8');
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /**
   * Sets some keys of an existing Secret (a warm-pool slot's rotated credentials), keeping the
   * others; the replace carries the resourceVersion read, so a concurrent writer makes it fail.
   */
  async replaceSecretValues(
    namespace: string,
    name: string,
    values: Record<string, string>,
    storeId: string,
  ): Promise<void> {
    const existing = await this.core.readNamespacedSecret({ name, namespace });
    assertOwnedBy(
      `Secret ${namespace}/${name}`,
      existing.metadata?.labels,
      storeId,
    );
    const encoded = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [
        k,
        Buffer.from(v).toString('base64'),
      ]),
    );
    await this.core.replaceNamespacedSecret({
      name,
      namespace,
      body: { ...existing, data: { ...existing.data, ...encoded } },
    });
  }

  /** Deletes the namespace and waits until the API server no longer has it. */
  async deleteNamespaceAndWait(
    name: string,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<void> {
    try {
      await this.core.deleteNamespace({ name });
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
    const deadline = Date.now() + options.timeoutMs;
    while (await this.namespaceExists(name)) {
      if (Date.now() > deadline) {
        throw new Error(
          `namespace ${name} still exists after ${Math.round(
            options.timeoutMs / 1000,
          )} s (a finalizer may be stuck)`,
        );
      }
      if (options.signal?.aborted) throw new Error('aborted');
      await new Promise(r => setTimeout(r, 500));
    }
  }

  /**
   * The `helm test` pods of the namespace and what each wrote to its termination message: the
   * order probe's result, readable from the pod's status without access to its logs.
   */
  async listTestPodResults(namespace: string): Promise<TestPodResult[]> {
    const list = await this.core.listNamespacedPod({ namespace });
    return list.items
      .filter(p => p.metadata?.annotations?.['helm.sh/hook'] === 'test')
      .map(p => {
        const message =
          p.status?.containerStatuses?.[0]?.state?.terminated?.message;
        let result: Record<string, unknown> | undefined;
        try {
          const parsed = message ? JSON.parse(message) : undefined;
          if (parsed && typeof parsed === 'object') result = parsed;
        } catch {
          result = undefined;
        }
        return {
          pod: p.metadata?.name ?? '',
          phase: p.status?.phase ?? 'Unknown',
          result,
        };
      });
  }

  /**
   * The last lines of one component's log (pods labelled `app.kubernetes.io/name=<component>`,
   * the newest one), and the components there are to choose from. Reads pods and pods/log only,
   * never a Secret. Helm's test pods are not components.
   */
  async readComponentLog(
    namespace: string,
    component: string | undefined,
    tailLines: number,
  ): Promise<{
    components: string[];
    component?: string;
    pod?: string;
    lines: string[];
  }> {
    const pods = (
      await this.core.listNamespacedPod({ namespace })
    ).items.filter(
      p =>
        p.metadata?.labels?.['app.kubernetes.io/name'] &&
        !p.metadata?.annotations?.['helm.sh/hook'],
    );
    const nameOf = (p: (typeof pods)[number]) =>
      p.metadata!.labels!['app.kubernetes.io/name'];
    const components = [...new Set(pods.map(nameOf))].sort();
    const chosen = component ?? components[0];
    const pod = pods
      .filter(p => nameOf(p) === chosen)
      .sort((a, b) =>
        String(b.metadata?.creationTimestamp ?? '').localeCompare(
          String(a.metadata?.creationTimestamp ?? ''),
        ),
      )[0];
    if (!pod) return { components, lines: [] };
    const name = pod.metadata!.name!;
    const text = await this.core.readNamespacedPodLog({
      name,
      namespace,
      container: pod.spec?.containers[0]?.name,
      tailLines,
      // Lines can be long (a stack trace, a JSON dump): the bytes are capped as well.
      limitBytes: LOG_LIMIT_BYTES,
    });
    return {
      components,
      component: chosen,
      pod: name,
      lines: String(text).split('\n').filter(Boolean),
    };
  }

  /** The store's CPU and memory by component (see {@link readStoreUsage}). */
  async readUsage(namespace: string): Promise<StoreUsage> {
    return readStoreUsage({ core: this.core, custom: this.custom }, namespace);
  }

  /** Recent events in the namespace, newest last, for the store page and failure reasons. */
  async listEvents(namespace: string, limit = 50): Promise<ClusterEvent[]> {
    try {
      const list = await this.core.listNamespacedEvent({ namespace });
      return list.items
        .map(e => ({
          at: new Date(
            e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? 0,
          ).toISOString(),
          type: e.type ?? 'Normal',
          reason: e.reason ?? '',
          object: `${e.involvedObject.kind}/${e.involvedObject.name}`,
          message: e.message ?? '',
        }))
        .sort((a, b) => a.at.localeCompare(b.at))
        .slice(-limit);
    } catch (error) {
      if (isStatus(error, 404)) return [];
      throw error;
    }
  }
}
