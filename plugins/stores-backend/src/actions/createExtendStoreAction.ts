import { ActionDeps, refusalsAsKnownErrors } from './registration';
import { storeOutput, toOutput } from './storeOutput';

/** The `extend-store` action. */
export function createExtendStoreAction({ register, operations }: ActionDeps) {
  register({
    name: 'extend-store',
    title: 'Extend the life of an expiring store',
    description:
      'Pushes the expiry of a store created with ttlHours further out by hours (counted from ' +
      'now if it is already due), within the limit the platform sets. Stores without an ' +
      'expiry cannot be extended.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          id: z.string().min(1).describe('The store id'),
          hours: z.number().int().min(1).describe('Hours to add'),
        }),
      output: z => z.object({ store: storeOutput(z) }),
    },
    action: async ({ input, credentials }) =>
      refusalsAsKnownErrors(async () => ({
        output: {
          store: toOutput(
            await operations.extend(credentials, input.id, input.hours),
          ),
        },
      })),
  });
}
