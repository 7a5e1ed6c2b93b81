import { ActionDeps, refusalsAsKnownErrors } from './registration';
import { storeOutput, toOutput } from './storeOutput';

/** The `upgrade-store` action. */
export function createUpgradeStoreAction({ register, operations }: ActionDeps) {
  register({
    name: 'upgrade-store',
    title: "Change a store's options",
    description:
      'Upgrades a ready, degraded or failed store to new engine options (the whole set: ' +
      'woocommerce country and currency; medusa countries and currency). A new release ' +
      'revision is made and a test order runs again; if either fails, the revision that served ' +
      'is put back and the store is "degraded" with the reason. Follow it with wait-for-store.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          id: z.string().min(1).describe('The store id'),
          options: z
            .record(z.unknown())
            .describe('The engine options to run with'),
        }),
      output: z => z.object({ store: storeOutput(z) }),
    },
    action: async ({ input, credentials }) =>
      refusalsAsKnownErrors(async () => {
        return {
          output: {
            store: toOutput(
              await operations.upgrade(credentials, input.id, input.options),
            ),
          },
        };
      }),
  });
}
