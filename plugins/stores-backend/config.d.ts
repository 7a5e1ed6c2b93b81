export interface Config {
  /** Configuration of the Storefleet stores backend plugin. */
  stores?: {
    /**
     * Engines that may be requested. Defaults to all registered engines.
     */
    enabledEngines?: string[];
  };
}
