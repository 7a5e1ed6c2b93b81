import { ActionDeps, refusalsAsKnownErrors } from './registration';
import { storeOutput, toOutput } from './storeOutput';

/** The `set-store-domain` action. */
export function createSetStoreDomainAction({
  register,
  operations,
}: ActionDeps) {
  register({
    name: 'set-store-domain',
    title: "Give a store the owner's own hostname",
    description:
      'Serves a ready, failed or suspended store on a hostname of your own (e.g. ' +
      "shop.example.com; its DNS must point at the cluster's ingress), or with hostname null " +
      'back on its Storefleet hostname. The store is upgraded and ready again after a test ' +
      'order; follow it with wait-for-store. A hostname another store uses is refused.',
    attributes: { destructive: false, idempotent: true, readOnly: false },
    schema: {
      input: z =>
        z.object({
          id: z.string().min(1).describe('The store id'),
          hostname: z
            .string()
            .nullable()
            .describe(
              'Lower-case DNS name, e.g. shop.example.com; null to remove',
            ),
        }),
      output: z => z.object({ store: storeOutput(z) }),
    },
    action: async ({ input, credentials }) =>
      refusalsAsKnownErrors(async () => {
        return {
          output: {
            store: toOutput(
              await operations.setDomain(credentials, input.id, input.hostname),
            ),
          },
        };
      }),
  });
}
