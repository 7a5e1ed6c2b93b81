import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  Store,
  storeCreatePermission,
  storeCredentialsReadPermission,
  storeDeletePermission,
  storeLogsReadPermission,
  storePoolReadPermission,
  storeReadPermission,
  storeRetryPermission,
  storeUpdatePermission,
  StoreUsage,
  storeObjectNames,
} from '@storefleet/plugin-stores-common';
import { Request } from 'express';
import { FleetActivityFilter } from '../database/fleetActivity';
import { StoreFilter, StoresStore } from '../database/StoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { HelmClient } from '../helm/HelmClient';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { actorOf, fromCluster, myRefs, signedInUser } from './callers';
import { audited, authorizeStore, readableOwners } from './operationGuards';
import {
  createBody,
  domainBody,
  extendBody,
  parse,
  rollbackBody,
  upgradeBody,
} from './requestSchemas';

/** What an input is called in a refusal: the HTTP API's request body, or an action's input. */
const inputOf = (request?: Request) => (request ? 'request body' : 'input');
import { StoreLifecycle } from '../lifecycle/StoreLifecycle';

export { actorOf } from './callers';

/**
 * What a caller may do with stores, whichever door they come through (the HTTP API, or the
 * actions registry that serves AI agents over MCP): each operation checks the permission with
 * the caller's own credentials, and each change is an audit event naming the caller.
 *
 * Longer than most files on purpose: one short method per operation (a permission check and an
 * audit event around one lifecycle call), all in one list so every door offers the same ones.
 * The checks themselves are in operationGuards.ts, who the caller is in callers.ts.
 */
export class StoreOperations {
  constructor(
    private readonly deps: {
      permissions: PermissionsService;
      auditor: AuditorService;
      store: StoresStore;
      lifecycle: StoreLifecycle;
      engines: EngineRegistry;
      cluster?: ClusterClient;
      helm?: HelmClient;
      /** The caller's groups, for "mine"; without it "mine" is the caller alone. */
      userInfo?: UserInfoService;
      /** stores.pool.<engine>.size, for the summary's warm-pool counts. */
      poolSizes?: Record<string, number>;
    },
  ) {}

  async list(
    credentials: BackstageCredentials,
    query: Omit<StoreFilter, 'ownedBy' | 'mine'> & { mine?: boolean },
  ): Promise<{ items: Store[]; totalCount: number }> {
    const { mine, ...filter } = query;
    const ownedBy = await readableOwners(this.deps, credentials);
    return this.deps.store.listStores({
      ...filter,
      ownedBy,
      ...(mine && { mine: await myRefs(this.deps.userInfo, credentials) }),
    });
  }

  async get(credentials: BackstageCredentials, id: string): Promise<Store> {
    await authorizeStore(this.deps, credentials, storeReadPermission, id);
    return this.deps.lifecycle.get(id);
  }

  async activity(credentials: BackstageCredentials, id: string) {
    await this.get(credentials, id);
    return this.deps.store.listActivity(id);
  }

  /**
   * The store namespace's recent Kubernetes events (store.read). While the cluster cannot be
   * reached this is a 503 saying so, not an internal error: the store itself still reads.
   */
  async events(credentials: BackstageCredentials, id: string) {
    const found = await this.get(credentials, id);
    const cluster = this.deps.cluster;
    if (!cluster) return [];
    return fromCluster(`the events of store ${found.name}`, () =>
      cluster.listEvents(found.namespace),
    );
  }

  /**
   * The last lines of one of the store's components' logs (store.logs.read). While the cluster
   * cannot be reached, a 503 saying so.
   */
  async logs(
    credentials: BackstageCredentials,
    id: string,
    query: { component?: string; tailLines: number },
  ) {
    await authorizeStore(this.deps, credentials, storeLogsReadPermission, id);
    const found = await this.deps.lifecycle.get(id);
    const cluster = this.deps.cluster;
    if (!cluster) return { components: [], lines: [] };
    return fromCluster(`the logs of store ${found.name}`, () =>
      cluster.readComponentLog(
        found.namespace,
        query.component,
        query.tailLines,
      ),
    );
  }

  /**
   * The store's CPU and memory by component: requests, limits and use now where the cluster has
   * a metrics API (store.read). While the cluster cannot be reached, a 503 saying so.
   */
  async usage(
    credentials: BackstageCredentials,
    id: string,
  ): Promise<StoreUsage> {
    const found = await this.get(credentials, id);
    const cluster = this.deps.cluster;
    if (!cluster) {
      const none = { requests: 0, limits: 0 };
      return {
        metrics: {
          available: false,
          reason: 'No cluster is configured, so the store runs nowhere',
        },
        components: [],
        total: { cpu: none, memory: none },
      };
    }
    return fromCluster(`the usage of store ${found.name}`, () =>
      cluster.readUsage(found.namespace),
    );
  }

  /** Activity across the stores the caller may read, newest first, a page at a time. */
  async fleetActivity(
    credentials: BackstageCredentials,
    query: Omit<FleetActivityFilter, 'ownedBy' | 'before'> & {
      cursor?: number;
    },
  ) {
    const { cursor, ...filter } = query;
    const [pool] = await this.deps.permissions.authorize(
      [{ permission: storePoolReadPermission }],
      { credentials },
    );
    return this.deps.store.listFleetActivity({
      ...filter,
      before: cursor,
      ownedBy: await readableOwners(this.deps, credentials),
      withPool: pool.result === AuthorizeResult.ALLOW,
    });
  }

  async summary(credentials: BackstageCredentials) {
    const summary = await this.deps.store.summary(
      await readableOwners(this.deps, credentials),
    );
    const sizes = Object.entries(this.deps.poolSizes ?? {}).filter(
      ([, size]) => size > 0,
    );
    if (!sizes.length) return summary;
    const slots = await this.deps.store.listSlots();
    const warmPool = sizes.map(([engine, size]) => {
      const mine = slots.filter(s => s.engine === engine);
      const ready = mine.filter(s => s.status === 'ready').length;
      const provisioning = mine.filter(s =>
        ['queued', 'provisioning'].includes(s.status),
      ).length;
      return { engine, size, ready, provisioning };
    });
    return { ...summary, warmPool };
  }

  async create(
    credentials: BackstageCredentials,
    input: unknown,
    request?: Request,
  ): Promise<Store> {
    const body = parse(createBody, input, inputOf(request));
    const user = signedInUser(credentials);
    return audited(
      this.deps,
      'store-create',
      credentials,
      {
        name: body.name,
        engine: body.engine,
        ...(body.options && { options: JSON.stringify(body.options) }),
        ...(body.ttlHours && { ttlHours: String(body.ttlHours) }),
      },
      request,
      async () => {
        const [decision] = await this.deps.permissions.authorize(
          [{ permission: storeCreatePermission }],
          { credentials: user },
        );
        if (decision.result === AuthorizeResult.DENY) {
          throw new NotAllowedError('You may not create stores');
        }
        return this.deps.lifecycle.create({
          ...body,
          userRef: user.principal.userEntityRef,
        });
      },
    );
  }

  async delete(
    credentials: BackstageCredentials,
    id: string,
    request?: Request,
  ): Promise<Store> {
    return audited(
      this.deps,
      'store-delete',
      credentials,
      { storeId: id },
      request,
      async () => {
        await authorizeStore(this.deps, credentials, storeDeletePermission, id);
        return this.deps.lifecycle.delete(id, actorOf(credentials));
      },
    );
  }

  async retry(
    credentials: BackstageCredentials,
    id: string,
    request?: Request,
  ): Promise<Store> {
    return audited(
      this.deps,
      'store-retry',
      credentials,
      { storeId: id },
      request,
      async () => {
        await authorizeStore(this.deps, credentials, storeRetryPermission, id);
        return this.deps.lifecycle.retry(id, actorOf(credentials));
      },
    );
  }

  /** Scales a Ready store to zero, keeping its data (store.update). */
  async suspend(
    credentials: BackstageCredentials,
    id: string,
    request?: Request,
  ): Promise<Store> {
    return audited(
      this.deps,
      'store-suspend',
      credentials,
      { storeId: id },
      request,
      async () => {
        await authorizeStore(this.deps, credentials, storeUpdatePermission, id);
        return this.deps.lifecycle.suspend(id, actorOf(credentials));
      },
    );
  }

  /** New engine options for a store, through a Helm upgrade (store.update). */
  async upgrade(
    credentials: BackstageCredentials,
    id: string,
    input: unknown,
    request?: Request,
  ): Promise<Store> {
    const { options } = parse(
      upgradeBody,
      { options: input },
      inputOf(request),
    );
    return audited(
      this.deps,
      'store-upgrade',
      credentials,
      { storeId: id, options: JSON.stringify(options) },
      request,
      async () => {
        await authorizeStore(this.deps, credentials, storeUpdatePermission, id);
        return this.deps.lifecycle.upgrade(id, options, actorOf(credentials));
      },
    );
  }

  /** Rolls a store's release back to an earlier revision (store.update). */
  async rollback(
    credentials: BackstageCredentials,
    id: string,
    input: unknown,
    request?: Request,
  ): Promise<Store> {
    const { revision } = parse(
      rollbackBody,
      { revision: input },
      inputOf(request),
    );
    return audited(
      this.deps,
      'store-rollback',
      credentials,
      { storeId: id, revision: String(revision) },
      request,
      async () => {
        await authorizeStore(this.deps, credentials, storeUpdatePermission, id);
        return this.deps.lifecycle.rollback(id, revision, actorOf(credentials));
      },
    );
  }

  /**
   * The release's revision history (store.read): Helm's own record of each revision, with who
   * asked for it, what changed and its options from Storefleet's record.
   */
  async revisions(credentials: BackstageCredentials, id: string) {
    const found = await this.get(credentials, id);
    const recorded = await this.deps.store.listRevisions(id);
    const { release } = storeObjectNames(found);
    const history = this.deps.helm
      ? await this.deps.helm
          .history({ release, namespace: found.namespace })
          .catch(() => [])
      : [];
    return history.map(h => {
      const ours = recorded.filter(r => r.revision === h.revision).at(-1);
      return {
        revision: h.revision,
        updated: h.updated,
        status: h.status,
        chart: h.chart,
        description: h.description,
        ...(ours?.actor && { actor: ours.actor }),
        ...(ours && { change: ours.change }),
        ...(ours?.options && { options: ours.options }),
      };
    });
  }

  /** Runs the store's order probe now (store.update: it starts a pod in the store). */
  async check(
    credentials: BackstageCredentials,
    id: string,
    request?: Request,
  ): Promise<Store> {
    return audited(
      this.deps,
      'store-check',
      credentials,
      { storeId: id },
      request,
      async () => {
        await authorizeStore(this.deps, credentials, storeUpdatePermission, id);
        return this.deps.lifecycle.check(id, actorOf(credentials));
      },
    );
  }

  /** Sets or removes a store's own hostname (store.update). */
  async setDomain(
    credentials: BackstageCredentials,
    id: string,
    input: unknown,
    request?: Request,
  ): Promise<Store> {
    const { hostname } = parse(
      domainBody,
      { hostname: input },
      inputOf(request),
    );
    return audited(
      this.deps,
      'store-domain',
      credentials,
      { storeId: id, hostname: hostname ?? '' },
      request,
      async () => {
        await authorizeStore(this.deps, credentials, storeUpdatePermission, id);
        return this.deps.lifecycle.setDomain(
          id,
          hostname,
          actorOf(credentials),
        );
      },
    );
  }

  /** Pushes a store's expiry further out (store.update). */
  async extend(
    credentials: BackstageCredentials,
    id: string,
    input: unknown,
    request?: Request,
  ): Promise<Store> {
    const { hours } = parse(extendBody, { hours: input }, inputOf(request));
    return audited(
      this.deps,
      'store-extend',
      credentials,
      { storeId: id, hours: String(hours) },
      request,
      async () => {
        await authorizeStore(this.deps, credentials, storeUpdatePermission, id);
        return this.deps.lifecycle.extend(id, hours, actorOf(credentials));
      },
    );
  }

  /** Brings a suspended store back to Ready, through the order probe (store.update). */
  async resume(
    credentials: BackstageCredentials,
    id: string,
    request?: Request,
  ): Promise<Store> {
    return audited(
      this.deps,
      'store-resume',
      credentials,
      { storeId: id },
      request,
      async () => {
        await authorizeStore(this.deps, credentials, storeUpdatePermission, id);
        return this.deps.lifecycle.resume(id, actorOf(credentials));
      },
    );
  }

  async adminCredentials(
    credentials: BackstageCredentials,
    id: string,
    request?: Request,
  ) {
    return audited(
      this.deps,
      'store-credentials-read',
      credentials,
      { storeId: id },
      request,
      async () => {
        await authorizeStore(
          this.deps,
          credentials,
          storeCredentialsReadPermission,
          id,
        );
        const found = await this.deps.lifecycle.get(id);
        const work = await this.deps.store.getWork(id);
        const login = this.deps.engines.get(found.engine).adminLogin;
        const cluster = this.deps.cluster;
        const password =
          login && cluster
            ? await fromCluster(`the credentials of store ${found.name}`, () =>
                cluster.readSecretValue(
                  found.namespace,
                  storeObjectNames(work ?? found).credentialsSecret,
                  login.passwordKey,
                  work?.objectsId ?? found.id,
                ),
              )
            : undefined;
        if (!login || password === undefined) {
          throw new NotFoundError(
            `Store ${found.name} has no admin credentials (yet)`,
          );
        }
        return {
          username: login.username,
          password,
          adminUrl: found.adminUrl,
        };
      },
    );
  }
}
