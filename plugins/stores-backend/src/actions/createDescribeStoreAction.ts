import { ActionDeps, refusalsAsKnownErrors } from './registration';
import { storeOutput, toActivityOutput, toOutput } from './storeOutput';

/** The `describe-store` action. */
export function createDescribeStoreAction({
  register,
  operations,
}: ActionDeps) {
  register({
    name: 'describe-store',
    title: 'Describe a store',
    description:
      'Everything about one store: status, storefront and admin URLs, the failure reason in ' +
      'plain words when it failed, and its most recent activity (what the lifecycle did, and who ' +
      'asked). Use the id from list-stores or create-store.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({ id: z.string().min(1).describe('The store id (a UUID)') }),
      output: z =>
        z.object({
          store: storeOutput(z),
          recentActivity: z
            .array(
              z.object({
                at: z.string(),
                kind: z.string(),
                message: z.string(),
                actor: z.string().optional(),
              }),
            )
            .describe('The last 10 activity lines, oldest first'),
        }),
    },
    action: async ({ input, credentials }) =>
      refusalsAsKnownErrors(async () => {
        const store = await operations.get(credentials, input.id);
        const activity = await operations.activity(credentials, input.id);
        return {
          output: {
            store: toOutput(store),
            recentActivity: activity.slice(-10).map(toActivityOutput),
          },
        };
      }),
  });
}
