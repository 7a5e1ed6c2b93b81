export interface Config {
  stores?: {
    /** Storefleet's permission policy (`@storefleet/plugin-permission-backend-module-stores-policy`). */
    permissionPolicy?: {
      /**
       * Entity refs of groups (or users) that may change, retry, delete and read the credentials
       * of every store, e.g. `group:default/platform-team`. Default: none; owners only.
       */
      adminGroups?: string[];
      /**
       * Who may read stores: `everyone` (default) or `owners` (owners, requesters and admins;
       * store lists are filtered in the database).
       */
      readers?: 'everyone' | 'owners';
      /**
       * Permissions of other plugins only `adminGroups` get, because they let a person act on
       * the cluster with Backstage's own identity. Default `[kubernetes.proxy]` (Backstage's
       * Kubernetes proxy: any API request, with the backend's credentials).
       */
      adminOnlyPermissions?: string[];
    };
  };
}
