import { ActionDeps } from './registration';

/** The `delete-store` action. */
export function createDeleteStoreAction({
  registerStoreChange,
  operations,
}: ActionDeps) {
  registerStoreChange({
    name: 'delete-store',
    title: 'Delete a store',
    description:
      'Deletes a store and everything in it: its namespace, workloads, database and uploaded ' +
      'files. Cannot be undone. Returns at once with status "deleting"; wait-for-store follows ' +
      'it to "deleted". Deleting a store already being deleted changes nothing.',
    attributes: { destructive: true, idempotent: true, readOnly: false },
    run: (credentials, id) => operations.delete(credentials, id),
  });
}
