import { ActionDeps } from './registration';

/** The `suspend-store` action. */
export function createSuspendStoreAction({
  registerStoreChange,
  operations,
}: ActionDeps) {
  registerStoreChange({
    name: 'suspend-store',
    title: 'Suspend a store',
    description:
      'Scales a ready store to zero so it stops using cluster resources, keeping its data ' +
      '(database, uploads, credentials) and URLs; the storefront does not answer while ' +
      'suspended. Only ready stores can be suspended. Returns with status "suspending"; ' +
      'wait-for-store follows it to "suspended". Undo with resume-store.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    run: (credentials, id) => operations.suspend(credentials, id),
  });
}
