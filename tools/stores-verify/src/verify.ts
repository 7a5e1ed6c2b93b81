import { Store, StoresClient } from '@storefleet/plugin-stores-common';

/** The backend's own words for a refused call (StoresApiError carries them), else the error's. */
const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/** One engine's outcome. */
export interface EngineVerification {
  engine: string;
  store?: string;
  outcome: 'ready' | 'failed' | 'timed out' | 'refused' | 'not enabled';
  /** The order the probe placed, as the store's activity reports it. */
  orderId?: string;
  /** From the create request to Ready (or to the failure). */
  seconds?: number;
  /** Why it did not reach Ready, in the backend's words. */
  reason?: string;
  deleted?: boolean;
}

export interface VerifyOptions {
  /** The Backstage backend, e.g. https://backstage.example.com (the API is at /api/stores). */
  baseUrl: string;
  /** A Backstage token of a person or service allowed to create and delete stores. */
  token: string;
  engines: string[];
  timeoutMs: number;
  pollMs?: number;
  /** Progress lines, as the work goes. */
  log?: (line: string) => void;
  fetchImpl?: typeof fetch;
}

const ORDER = /order (\S+) placed and confirmed/;

const outcomeOf = (status: Store['status']): EngineVerification['outcome'] => {
  if (status === 'ready' || status === 'failed') return status;
  return 'timed out';
};

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Creates one store per engine on a running Storefleet, waits for each to be Ready (which means
 * the chart's order probe placed a real order), reports the order and the time, and deletes them.
 * The stores are created at once and provisioned side by side.
 */
export async function verifyStores(
  options: VerifyOptions,
): Promise<EngineVerification[]> {
  const log = options.log ?? (() => {});
  const pollMs = options.pollMs ?? 2000;
  const client = new StoresClient({
    discoveryApi: {
      getBaseUrl: async () =>
        `${options.baseUrl.replace(/\/$/, '')}/api/stores`,
    },
    fetchApi: options.fetchImpl ? { fetch: options.fetchImpl } : undefined,
  });
  const call = { token: options.token };
  const suffix = Date.now().toString(36).slice(-5);

  const one = async (engine: string): Promise<EngineVerification> => {
    const name = `verify-${engine}-${suffix}`.slice(0, 40);
    const started = Date.now();
    let store: Store;
    try {
      store = await client.createStore(
        { name, engine, displayName: `Storefleet verify (${engine})` },
        call,
      );
    } catch (error) {
      const reason = messageOf(error);
      const disabled =
        /engine/i.test(reason) && /unknown|disabled|not enabled/i.test(reason);
      log(`${engine}: ${disabled ? 'not enabled' : 'refused'}: ${reason}`);
      return { engine, outcome: disabled ? 'not enabled' : 'refused', reason };
    }
    log(`${engine}: store ${name} (${store.id}) requested`);
    let last = store.status;
    while (store.status !== 'ready' && store.status !== 'failed') {
      if (Date.now() - started > options.timeoutMs) break;
      await sleep(pollMs);
      store = await client.getStore(store.id, call);
      if (store.status !== last) {
        log(`${engine}: ${store.status}`);
        last = store.status;
      }
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    const result: EngineVerification = {
      engine,
      store: name,
      seconds,
      outcome: outcomeOf(store.status),
      reason: store.reason ?? undefined,
    };
    if (result.outcome === 'ready') {
      const { items } = await client.getActivity(store.id, call);
      result.orderId = items.map(i => ORDER.exec(i.message)?.[1]).find(Boolean);
      log(
        `${engine}: Ready in ${seconds} s${
          result.orderId ? `, order ${result.orderId}` : ''
        }`,
      );
    } else {
      log(
        `${engine}: ${result.outcome} after ${seconds} s: ${
          result.reason ?? ''
        }`,
      );
    }
    try {
      await client.deleteStore(store.id, call);
      const deadline = Date.now() + options.timeoutMs;
      while (Date.now() < deadline) {
        const current = await client.getStore(store.id, call);
        if (current.status === 'deleted') {
          result.deleted = true;
          break;
        }
        await sleep(pollMs);
      }
      log(
        `${engine}: ${
          result.deleted ? 'deleted' : 'delete did not finish in time'
        }`,
      );
    } catch (error) {
      log(`${engine}: delete refused: ${messageOf(error)}`);
      result.deleted = false;
    }
    return result;
  };

  return Promise.all(options.engines.map(one));
}

/** True when every engine that is enabled reached Ready with an order and was deleted. */
export function verificationPassed(results: EngineVerification[]): boolean {
  const tried = results.filter(r => r.outcome !== 'not enabled');
  return (
    tried.length > 0 &&
    tried.every(r => r.outcome === 'ready' && !!r.orderId && r.deleted)
  );
}
