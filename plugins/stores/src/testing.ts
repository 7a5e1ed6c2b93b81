/* Test helpers for this plugin's component tests (not exported from the package). */
import { SignalApi } from '@backstage/plugin-signals-react';
import { Store } from '@storefleet/plugin-stores-common';

let nextId = 0;

/** A store with sensible values; `id` is unique per call (usePermission caches per resource). */
export function aStore(overrides: Partial<Store> = {}): Store {
  const name = overrides.name ?? 'shop';
  return {
    id: `id-${++nextId}`,
    name,
    engine: 'woocommerce',
    owner: 'group:default/web',
    createdBy: 'user:default/guest',
    status: 'ready',
    namespace: `store-${name}`,
    attempts: 1,
    createdAt: '2026-11-24T00:00:00Z',
    updatedAt: '2026-11-24T00:00:00Z',
    ...overrides,
  };
}

/** A signal API whose messages the test sends by hand, as the signals backend would. */
export class FakeSignalApi implements SignalApi {
  private readonly subscribers = new Map<string, Set<(m: any) => void>>();

  subscribe<T>(channel: string, onMessage: (m: T) => void) {
    const set = this.subscribers.get(channel) ?? new Set();
    set.add(onMessage);
    this.subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(onMessage) };
  }

  publish(channel: string, message: Record<string, unknown>) {
    this.subscribers.get(channel)?.forEach(fn => fn(message));
  }
}
