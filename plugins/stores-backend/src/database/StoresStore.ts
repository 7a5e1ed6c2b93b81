import {
  Store,
  StoreActivity,
  StoreStatus,
  StoresSummary,
} from '@storefleet/plugin-stores-common';
import { FleetActivityFilter, FleetActivityLine } from './fleetActivity';

/** What the lifecycle records when a store is requested. */
export interface NewStore {
  name: string;
  displayName?: string;
  engine: string;
  owner: string;
  createdBy: string;
  namespace: string;
  /** Engine options, already validated by the engine. */
  options?: Record<string, unknown>;
  expiresAt?: Date;
}

/** Limits checked atomically with the insert of a new store. */
export interface CreateLimits {
  /** Live stores that are not suspended. */
  maxStores: number;
  maxStoresPerUser: number;
  /** At most this many creates by one user within `rateWindowSeconds`. */
  maxCreatesPerWindow: number;
  rateWindowSeconds: number;
}

export interface StoreFilter {
  status?: StoreStatus;
  engine?: string;
  owner?: string;
  /** When set, only stores owned or requested by one of these entity refs. */
  ownedBy?: string[];
  /** "Mine": besides, only stores owned or requested by one of these (the caller and their groups). */
  mine?: string[];
  limit: number;
  offset: number;
}

/** A store with the fields only the lifecycle needs. */
export interface StoreWork extends Store {
  /** `suspended`: kept with its data, every workload scaled to zero. */
  desired: 'present' | 'suspended' | 'absent';
  provisioningStartedAt?: string;
  /** `Kind/name` of the store's Deployments and StatefulSets when it last became Ready. */
  workloads?: string[];
  /** The Helm revision a person asked to roll back to, for this attempt. */
  rollbackTo?: number;
  /**
   * Set when claimed from a worker whose lease ran out before it finished (it stopped or died):
   * that worker's id. A lease takeover.
   */
  previousLeaseOwner?: string;
  /** The store's Helm release: its name, or for a claimed slot the slot's name. */
  release: string;
  /**
   * The `storefleet.io/store-id` its Kubernetes objects carry: its id, except for the clean-up
   * of a slot whose hand-over failed (the objects keep the id of the store that claimed it).
   */
  objectsId: string;
  /** A warm-pool slot, not yet any person's store. */
  poolSlot: boolean;
  /** Set while a claimed slot is being handed over to the person who claimed it. */
  claimedFrom?: ClaimedSlot;
}

/** The warm-pool slot a person's store was claimed from. */
export interface ClaimedSlot {
  name: string;
  namespace: string;
  /** When the slot was requested and when its order probe passed. */
  provisionedAt: string;
  readyAt?: string;
  /** The store's URLs while it was the slot (its host answers until the hand-over). */
  storefrontUrl?: string;
}

/** A Helm revision Storefleet made, as recorded beside the release. */
export interface StoreRevisionRecord {
  revision: number;
  at: string;
  actor?: string;
  change: string;
  options?: Record<string, unknown>;
}

/** The summary's shape is the API's (`@storefleet/plugin-stores-common`). */
export type { StoresSummary } from '@storefleet/plugin-stores-common';

/** Observed state written by the reconciler. */
export interface StoreStatusPatch {
  status: StoreStatus;
  reason?: string | null;
  storefrontUrl?: string;
  adminUrl?: string;
  /** The engine's API for storefronts, when it has one (null clears it). */
  apiUrl?: string | null;
  incrementAttempts?: boolean;
  /** With `ready`: the workloads the drift check expects from now on. */
  workloads?: string[];
  /** The engine options the release now runs with (after a rollback). */
  options?: Record<string, unknown>;
  /** The rollback asked for is done (or abandoned). */
  clearRollback?: boolean;
}

/** All persistence of stores. SQL lives only behind this interface. */
export interface StoresStore {
  /**
   * Inserts a queued store. Rejects with ConflictError when a live store has the name, and
   * with QuotaExceededError or RateLimitedError when a limit would be passed; the checks and
   * the insert are one serialized transaction, so parallel requests cannot overshoot.
   */
  createStore(store: NewStore, limits: CreateLimits): Promise<Store>;
  getStore(id: string): Promise<Store | undefined>;
  listStores(
    filter: StoreFilter,
  ): Promise<{ items: Store[]; totalCount: number }>;

  /** Desired state absent: the reconciler deletes it. Returns the updated store. */
  requestDelete(id: string): Promise<Store | undefined>;
  /** failed or degraded → queued. Returns undefined when the store is neither. */
  requestRetry(id: string): Promise<Store | undefined>;
  /** ready → suspending. Returns undefined when the store is not ready. */
  requestSuspend(id: string): Promise<Store | undefined>;
  /**
   * suspended → queued, unless the global limit of running stores is reached
   * (QuotaExceededError). Returns undefined when the store is not suspended.
   */
  requestResume(id: string, limits: CreateLimits): Promise<Store | undefined>;

  /**
   * Leases one store that needs work to `worker` for `leaseSeconds`, unless `maxActive`
   * leases are already held. Atomic across replicas.
   */
  claimWork(
    worker: string,
    leaseSeconds: number,
    maxActive: number,
  ): Promise<StoreWork | undefined>;
  renewLease(
    id: string,
    worker: string,
    leaseSeconds: number,
  ): Promise<boolean>;
  releaseLease(id: string, worker: string): Promise<void>;
  getWork(id: string): Promise<StoreWork | undefined>;
  /** The name of the live store other than `id` whose own hostname is `host`, if any. */
  customHostOwner(host: string, id: string): Promise<string | undefined>;
  /**
   * Sets (or with null removes) the store's own hostname; with `requeue` the store is queued so
   * the reconciler upgrades its release. ConflictError when another live store has the host.
   */
  setCustomHost(
    id: string,
    host: string | null,
    requeue: boolean,
  ): Promise<Store | undefined>;
  /**
   * New engine options (already validated), and queues the store to upgrade its release.
   * Returns undefined unless the store is ready, degraded or failed.
   */
  requestUpgrade(
    id: string,
    options: Record<string, unknown>,
  ): Promise<Store | undefined>;
  /** Queues a rollback to `revision`. Returns undefined unless the store is ready or degraded. */
  requestRollback(id: string, revision: number): Promise<Store | undefined>;
  addRevision(
    id: string,
    revision: Omit<StoreRevisionRecord, 'at'>,
  ): Promise<void>;
  listRevisions(id: string): Promise<StoreRevisionRecord[]>;
  /** Sets a new expiry and forgets that the owner was told of the old one. */
  setExpiry(id: string, expiresAt: Date): Promise<Store | undefined>;
  /** Live stores whose expiry is at or before `before`, not yet being deleted. */
  listExpiring(before: Date): Promise<(StoreWork & { notified: boolean })[]>;
  markExpiryNotified(id: string): Promise<void>;
  // The warm pool (warmPool.ts).
  /** Inserts a queued slot within the global limit; false when the limit is reached. */
  createSlot(
    slot: { name: string; engine: string; namespace: string },
    maxStores: number,
  ): Promise<boolean>;
  /** The live slots (of one engine), oldest first. */
  listSlots(engine?: string): Promise<StoreWork[]>;
  /**
   * Makes the oldest Ready slot of the engine the person's store (one winner per slot, the
   * person's limits checked): its id, or undefined when there is no Ready slot.
   */
  claimSlot(store: NewStore, limits: CreateLimits): Promise<string | undefined>;
  /** The claimed slot's hand-over finished. */
  finishClaim(id: string): Promise<void>;
  /** The hand-over failed: the slot goes to clean-up, the store to the normal path in `namespace`. */
  abandonClaim(id: string, namespace: string, reason: string): Promise<void>;
  /** Failed stores (desired state present) that have not changed since `before`. */
  listFailedBefore(before: Date): Promise<StoreWork[]>;
  /**
   * Scales a failed store to zero as a suspend does (volumes kept), so it frees its place in
   * the running-store limit. Undefined unless the store is still failed.
   */
  requestFailedScaleDown(id: string): Promise<Store | undefined>;
  /** Live stores with one of these statuses whose desired state is present (drift check). */
  listWork(statuses: StoreStatus[]): Promise<StoreWork[]>;
  /**
   * Sets status and reason only if the store is still `from` with desired state present, so a
   * check that raced a person's delete or suspend changes nothing. True when it changed.
   */
  transition(
    id: string,
    from: StoreStatus,
    patch: { status: StoreStatus; reason: string | null },
  ): Promise<boolean>;
  setStatus(id: string, patch: StoreStatusPatch): Promise<void>;

  /** Counts of live stores by status and engine, and request→Ready durations in seconds. */
  summary(ownedBy?: string[]): Promise<StoresSummary>;

  addActivity(id: string, activity: Omit<StoreActivity, 'at'>): Promise<void>;
  listActivity(id: string): Promise<StoreActivity[]>;
  /** Activity across stores, newest first, a page at a time (fleetActivity.ts). */
  listFleetActivity(
    filter: FleetActivityFilter,
  ): Promise<{ items: FleetActivityLine[]; nextCursor?: number }>;
}
