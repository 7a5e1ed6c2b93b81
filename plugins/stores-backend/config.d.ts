export interface Config {
  /** Configuration of the Storefleet stores backend plugin. */
  stores?: {
    /**
     * Engines people may request; defaults to every registered engine.
     */
    enabledEngines?: string[];
    /** The cluster stores are provisioned into. */
    kubernetes?: {
      /**
       * Path to a kubeconfig file. Unset: in-cluster service account credentials.
       * `npm start` sets it to the local sim cluster when nothing else is configured.
       */
      kubeconfigPath?: string;
      /** Context of the kubeconfig to use; defaults to its current context. */
      context?: string;
    };
  };
}
