import { InputError } from '@backstage/errors';
import { StoreEngine } from '@storefleet/plugin-stores-node';

/** The engines a caller may request: registered ones, narrowed by `stores.enabledEngines`. */
export class EngineRegistry {
  private readonly engines = new Map<string, StoreEngine>();

  constructor(engines: StoreEngine[], private readonly enabled?: string[]) {
    for (const engine of engines) {
      if (this.engines.has(engine.id)) {
        throw new Error(`Store engine '${engine.id}' is registered twice`);
      }
      this.engines.set(engine.id, engine);
    }
  }

  /** Engine ids a caller may use, in registration order. */
  enabledIds(): string[] {
    return [...this.engines.keys()].filter(
      id => !this.enabled || this.enabled.includes(id),
    );
  }

  /** Returns the engine, or throws an InputError naming the engines that can be used. */
  get(id: string): StoreEngine {
    const engine = this.engines.get(id);
    if (!engine) {
      throw new InputError(
        `Unknown store engine '${id}'; available: ${this.enabledIds().join(
          ', ',
        )}`,
      );
    }
    if (!this.enabledIds().includes(id)) {
      throw new InputError(
        `Store engine '${id}' is disabled on this Backstage; available: ${this.enabledIds().join(
          ', ',
        )}`,
      );
    }
    return engine;
  }
}
