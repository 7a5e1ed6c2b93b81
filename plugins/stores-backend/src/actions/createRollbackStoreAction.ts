import { ActionDeps, refusalsAsKnownErrors } from './registration';
import { storeOutput, toOutput } from './storeOutput';

/** The `rollback-store` action. */
export function createRollbackStoreAction({
  register,
  operations,
}: ActionDeps) {
  register({
    name: 'rollback-store',
    title: 'Roll a store back to an earlier revision',
    description:
      "Rolls a ready or degraded store's release back to an earlier revision (see the " +
      'revisions in the store page or GET /stores/{id}/revisions), with the options it had ' +
      'then; the store is ready again after a test order. Follow it with wait-for-store.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          id: z.string().min(1).describe('The store id'),
          revision: z
            .number()
            .int()
            .min(1)
            .describe('The revision to go back to'),
        }),
      output: z => z.object({ store: storeOutput(z) }),
    },
    action: async ({ input, credentials }) =>
      refusalsAsKnownErrors(async () => ({
        output: {
          store: toOutput(
            await operations.rollback(credentials, input.id, input.revision),
          ),
        },
      })),
  });
}
