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
    };
  };
}
