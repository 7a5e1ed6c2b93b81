/*
 * Test helper (not shipped): in-memory stand-ins for the cluster and Helm, for unit tests of the
 * reconcile steps that run in milliseconds. They answer as the real ones do where the steps
 * depend on it — a namespace that is another store's is refused with the same sentence, Helm
 * cannot install into a namespace that does not exist, `helm test` fails with the probe's own
 * words — and they record what was asked of them. The sim-cluster suites prove the real thing.
 */
import { STORE_ID_LABEL } from '@storefleet/plugin-stores-common';
import { HelmError, HelmReleaseStatus } from '../helm/HelmClient';
import { StoreWorkload, TestPodResult } from '../kubernetes/ClusterClient';
import { assertOwnedBy } from '../kubernetes/ownership';
import { ClusterPort, HelmPort } from '../reconcile/ReconcilerDeps';

type Labels = Record<string, string>;

const notFound = (what: string) =>
  Object.assign(new Error(`${what} not found`), { code: 404 });

export class FakeCluster implements ClusterPort {
  readonly namespaces = new Map<string, Labels>();
  readonly secrets = new Map<
    string,
    { labels: Labels; data: Record<string, string> }
  >();
  readonly roleBindings = new Set<string>();
  readonly testResults = new Map<string, TestPodResult[]>();
  readonly workloads = new Map<string, StoreWorkload[]>();
  /** Ingresses of other applications: where they live and the host they serve. */
  readonly ingresses: Array<{ namespace: string; name: string; host: string }> =
    [];

  async ingressesServing(host: string) {
    return this.ingresses
      .filter(i => i.host === host)
      .map(({ namespace, name }) => ({ namespace, name }));
  }

  async ensureNamespace(name: string, labels: Labels) {
    if (!this.namespaces.has(name)) {
      this.namespaces.set(name, { ...labels });
      return;
    }
    await this.assertOwnNamespace(name, labels[STORE_ID_LABEL]);
  }

  async assertOwnNamespace(name: string, storeId: string) {
    const labels = this.namespaces.get(name);
    if (!labels) return 'absent' as const;
    assertOwnedBy(`namespace ${name}`, labels, storeId);
    return 'own' as const;
  }

  async ensureStoreAccess(namespace: string) {
    if (!this.namespaces.has(namespace)) {
      throw notFound(`namespaces "${namespace}"`);
    }
    this.roleBindings.add(namespace);
    return undefined;
  }

  async ensureGeneratedSecret(
    namespace: string,
    name: string,
    keys: string[],
    labels: Labels,
  ) {
    if (!this.namespaces.has(namespace)) {
      throw notFound(`namespaces "${namespace}"`);
    }
    const key = `${namespace}/${name}`;
    const existing = this.secrets.get(key);
    if (!existing) {
      this.secrets.set(key, {
        labels: { ...labels },
        data: Object.fromEntries(keys.map(k => [k, `generated-${k}`])),
      });
      return 'created' as const;
    }
    assertOwnedBy(
      `Secret ${namespace}/${name}`,
      existing.labels,
      labels[STORE_ID_LABEL],
    );
    const missing = keys.filter(k => existing.data[k] === undefined);
    for (const k of missing) existing.data[k] = `generated-${k}`;
    return missing.length
      ? (`completed with ${missing.join(', ')}` as const)
      : ('existing' as const);
  }

  async readSecretValue(
    namespace: string,
    name: string,
    key: string,
    storeId: string,
  ) {
    const secret = this.secrets.get(`${namespace}/${name}`);
    if (!secret) return undefined;
    assertOwnedBy(`Secret ${namespace}/${name}`, secret.labels, storeId);
    return secret.data[key];
  }

  async replaceSecretValues(
    namespace: string,
    name: string,
    values: Record<string, string>,
    storeId: string,
  ) {
    const secret = this.secrets.get(`${namespace}/${name}`);
    if (!secret) throw notFound(`secrets "${name}"`);
    assertOwnedBy(`Secret ${namespace}/${name}`, secret.labels, storeId);
    Object.assign(secret.data, values);
  }

  async deleteNamespaceAndWait(name: string) {
    this.namespaces.delete(name);
    for (const key of [...this.secrets.keys()]) {
      if (key.startsWith(`${name}/`)) this.secrets.delete(key);
    }
    this.roleBindings.delete(name);
    this.testResults.delete(name);
    this.workloads.delete(name);
  }

  async listTestPodResults(namespace: string) {
    return this.testResults.get(namespace) ?? [];
  }

  async listStoreWorkloads(namespace?: string) {
    return namespace
      ? this.workloads.get(namespace) ?? []
      : [...this.workloads.values()].flat();
  }

  async listEvents() {
    return [];
  }
}

/** One release's revisions, newest last. */
interface FakeRelease {
  revisions: Array<{ version: number; status: string; description?: string }>;
}

export class FakeHelm implements HelmPort {
  readonly releases = new Map<string, FakeRelease>();
  /** Every command asked for, e.g. `upgrade shop -n store-shop`. */
  readonly calls: string[] = [];
  /** The chart's order probe: an order id it places, or the error it reports. */
  probe: { orderId: string } | { error: string } = { orderId: 'order_FAKE1' };
  /** The next upgrade fails with this stderr, as helm's would. */
  failNextUpgrade?: string;

  constructor(private readonly cluster: FakeCluster) {}

  private key(args: { release: string; namespace: string }) {
    return `${args.namespace}/${args.release}`;
  }

  private statusOf(args: { release: string; namespace: string }) {
    const latest = this.releases.get(this.key(args))?.revisions.at(-1);
    return latest
      ? {
          name: args.release,
          namespace: args.namespace,
          version: latest.version,
          status: latest.status,
        }
      : undefined;
  }

  async upgradeInstall(args: {
    release: string;
    namespace: string;
    description?: string;
  }): Promise<HelmReleaseStatus> {
    this.calls.push(`upgrade ${args.release} -n ${args.namespace}`);
    if (!this.cluster.namespaces.has(args.namespace)) {
      throw new HelmError(
        'upgrade',
        1,
        `Error: create: failed to create: namespaces "${args.namespace}" not found`,
      );
    }
    if (this.failNextUpgrade) {
      const stderr = this.failNextUpgrade;
      this.failNextUpgrade = undefined;
      throw new HelmError('upgrade', 1, stderr);
    }
    const release = this.releases.get(this.key(args)) ?? { revisions: [] };
    for (const r of release.revisions) r.status = 'superseded';
    release.revisions.push({
      version: release.revisions.length + 1,
      status: 'deployed',
      description: args.description,
    });
    this.releases.set(this.key(args), release);
    this.cluster.workloads.set(args.namespace, [
      {
        namespace: args.namespace,
        ref: `Deployment/${args.release}-server`,
        replicas: 1,
        readyReplicas: 1,
      },
    ]);
    return this.statusOf(args)!;
  }

  async test(args: { release: string; namespace: string }) {
    this.calls.push(`test ${args.release} -n ${args.namespace}`);
    if (!this.releases.has(this.key(args))) {
      throw new HelmError('test', 1, 'Error: release: not found');
    }
    const result = { ...this.probe } as Record<string, unknown>;
    this.cluster.testResults.set(args.namespace, [
      {
        pod: `${args.release}-order-probe`,
        phase: 'error' in result ? 'Failed' : 'Succeeded',
        result,
      },
    ]);
    if ('error' in result) {
      throw new HelmError('test', 1, 'Error: 1 test(s) failed');
    }
    return `NAME: ${args.release}\nPhase: Succeeded`;
  }

  async uninstall(args: { release: string; namespace: string }) {
    this.calls.push(`uninstall ${args.release} -n ${args.namespace}`);
    this.releases.delete(this.key(args));
  }

  async status(args: { release: string; namespace: string }) {
    return this.statusOf(args);
  }

  async rollback(args: {
    release: string;
    namespace: string;
    revision?: number;
  }) {
    this.calls.push(`rollback ${args.release} -n ${args.namespace}`);
    const release = this.releases.get(this.key(args));
    if (!release)
      throw new HelmError('rollback', 1, 'Error: release: not found');
    for (const r of release.revisions) r.status = 'superseded';
    release.revisions.push({
      version: release.revisions.length + 1,
      status: 'deployed',
      description: `Rollback to ${
        args.revision ?? release.revisions.length - 1
      }`,
    });
  }
}
