import { Store, StoreStatus } from '@storefleet/plugin-stores-common';

/** What the lifecycle records when a store is requested. */
export interface NewStore {
  name: string;
  displayName?: string;
  engine: string;
  owner: string;
  createdBy: string;
  namespace: string;
}

export interface StoreFilter {
  status?: StoreStatus;
  engine?: string;
  owner?: string;
  /** When set, only stores owned or requested by one of these entity refs. */
  ownedBy?: string[];
  limit: number;
  offset: number;
}

/** All persistence of stores. SQL lives only behind this interface. */
export interface StoresStore {
  /** Inserts a queued store; rejects with ConflictError when a live store has the name. */
  createStore(store: NewStore): Promise<Store>;
  getStore(id: string): Promise<Store | undefined>;
  listStores(
    filter: StoreFilter,
  ): Promise<{ items: Store[]; totalCount: number }>;
}
