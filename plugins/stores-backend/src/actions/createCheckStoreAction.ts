import { ActionDeps } from './registration';

/** The `check-store` action. */
export function createCheckStoreAction({
  registerStoreChange,
  operations,
}: ActionDeps) {
  registerStoreChange({
    name: 'check-store',
    title: 'Check a store now',
    description:
      'Places a test customer order against a ready or degraded store now, in the ' +
      'background; describe-store shows the outcome in its activity a few seconds later. A ' +
      'failed order makes the store degraded with the reason; a passing one heals it.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    run: (credentials, id) => operations.check(credentials, id),
  });
}
