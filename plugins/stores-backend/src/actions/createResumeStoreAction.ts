import { ActionDeps } from './registration';

/** The `resume-store` action. */
export function createResumeStoreAction({
  registerStoreChange,
  operations,
}: ActionDeps) {
  registerStoreChange({
    name: 'resume-store',
    title: 'Resume a suspended store',
    description:
      'Starts a suspended store again with the data it had; it is "ready" once a test order ' +
      'succeeds again. Only suspended stores can be resumed, and only while the limit of ' +
      'running stores allows. Follow it with wait-for-store.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    run: (credentials, id) => operations.resume(credentials, id),
  });
}
