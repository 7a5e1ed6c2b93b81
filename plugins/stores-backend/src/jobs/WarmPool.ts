import { LoggerService } from '@backstage/backend-plugin-api';
import { storeObjectNames } from '@storefleet/plugin-stores-common';
import { randomBytes } from 'node:crypto';
import { StoresStore, StoreWork } from '../database/StoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { PoolSettings } from '../config/LifecycleSettings';

/** A slot's name: `pool-<engine>-<random>`, a DNS label no person's store is likely to take. */
export const slotName = (engine: string) =>
  `pool-${engine}-${randomBytes(5).toString('hex')}`;

/**
 * Keeps `stores.pool.<engine>.size` warm-pool slots per engine: requests the missing ones
 * (provisioned by the reconciler like any store, within its concurrency cap and the global
 * store limit), deletes slots that failed, grew older than `maxAgeHours` or are more than the
 * size (a size of 0 empties the pool). Run by one replica at a time; `now` is a parameter so
 * tests move time instead of waiting for it.
 */
export class WarmPool {
  constructor(
    private readonly deps: {
      store: StoresStore;
      engines: EngineRegistry;
      pool: PoolSettings;
      maxStores: number;
      logger: LoggerService;
      /** Asks the reconciler to look for work now. */
      nudge: () => void;
    },
  ) {}

  /** What this run did: slots requested and deleted, by engine. */
  async run(now: Date = new Date()) {
    const { store, engines, pool, logger } = this.deps;
    const requested: string[] = [];
    const deleted: string[] = [];
    const retire = async (slot: StoreWork, why: string) => {
      await store.requestDelete(slot.id);
      await store.addActivity(slot.id, {
        kind: 'delete-requested',
        message: `Warm-pool slot deleted: ${why}`,
      });
      deleted.push(slot.name);
    };
    const ids = new Set([...engines.enabledIds(), ...Object.keys(pool.sizes)]);
    for (const id of ids) {
      const size = pool.sizes[id] ?? 0;
      const slots = await store.listSlots(id);
      if (size > 0 && !engines.enabledIds().includes(id)) {
        logger.warn(
          `stores.pool.${id}: no enabled engine ${id}; no slots made`,
        );
        continue;
      }
      if (size > 0 && !engines.get(id).claim) {
        logger.warn(
          `stores.pool.${id}: engine ${id} cannot hand slots over (it has no claim steps); no slots made`,
        );
        continue;
      }
      const oldest = now.getTime() - pool.maxAgeHours * 3600_000;
      let keep: StoreWork[] = [];
      let failed = false;
      for (const slot of slots) {
        if (slot.status === 'failed' || slot.status === 'degraded') {
          failed = true;
          logger.warn(
            `Warm-pool slot ${slot.name} is ${slot.status}: ${
              slot.reason ?? ''
            }; replacing it at the next run`,
          );
          await retire(
            slot,
            `it is ${slot.status} (${slot.reason ?? 'no reason'})`,
          );
        } else if (Date.parse(slot.createdAt) < oldest) {
          await retire(
            slot,
            `older than ${pool.maxAgeHours} h (stores.pool.maxAgeHours)`,
          );
        } else keep.push(slot);
      }
      // Beyond the size: the ones furthest from Ready go first.
      const readyLast = [...keep].sort(
        (a, b) =>
          Number(a.status === 'ready') - Number(b.status === 'ready') ||
          Date.parse(b.createdAt) - Date.parse(a.createdAt),
      );
      for (const slot of readyLast.slice(0, Math.max(0, keep.length - size))) {
        await retire(
          slot,
          `the pool of ${id} holds ${size} (stores.pool.${id}.size)`,
        );
        keep = keep.filter(k => k.id !== slot.id);
      }
      // A failure waits a run before the refill, so a broken engine is not retried in a loop.
      for (let i = keep.length; !failed && i < size; i++) {
        const name = slotName(id);
        const made = await store.createSlot(
          { name, engine: id, namespace: storeObjectNames({ name }).namespace },
          this.deps.maxStores,
        );
        if (!made) {
          logger.warn(
            `Warm pool of ${id}: ${i} of ${size} slots; the running-store limit (stores.quotas.maxStores) leaves no room for more`,
          );
          break;
        }
        requested.push(name);
      }
    }
    if (requested.length || deleted.length) {
      logger.info(
        `Warm pool: ${requested.length} slot(s) requested${
          requested.length ? ` (${requested.join(', ')})` : ''
        }, ${deleted.length} deleted${
          deleted.length ? ` (${deleted.join(', ')})` : ''
        }`,
      );
      this.deps.nudge();
    }
    return { requested, deleted };
  }
}
