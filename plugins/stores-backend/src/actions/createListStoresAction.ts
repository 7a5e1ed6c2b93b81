import { STORE_STATUSES } from '@storefleet/plugin-stores-common';
import { ActionDeps, refusalsAsKnownErrors } from './registration';
import { storeOutput, toOutput } from './storeOutput';

/** The `list-stores` action. */
export function createListStoresAction({ register, operations }: ActionDeps) {
  register({
    name: 'list-stores',
    title: 'List stores',
    description:
      'Lists the e-commerce stores Storefleet has provisioned on Kubernetes, newest first, with ' +
      'their status (queued, provisioning, ready, failed, degraded, suspending, suspended, ' +
      'deleting, deleted) and URLs. Filter by ' +
      'status, engine or owner; page with limit and offset.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          status: z
            .enum(STORE_STATUSES)
            .optional()
            .describe('Only stores in this lifecycle status'),
          engine: z
            .string()
            .optional()
            .describe('Only stores of this engine, e.g. woocommerce or medusa'),
          owner: z
            .string()
            .optional()
            .describe(
              'Only stores owned by this entity ref, e.g. group:default/team-a',
            ),
          limit: z
            .number()
            .int()
            .min(1)
            .max(100)
            .default(20)
            .describe('At most this many stores (1–100, default 20)'),
          offset: z.number().int().min(0).default(0).describe('Skip this many'),
        }),
      output: z =>
        z.object({
          stores: z.array(storeOutput(z)),
          totalCount: z.number().describe('Stores matching the filter in all'),
        }),
    },
    action: async ({ input, credentials }) =>
      refusalsAsKnownErrors(async () => {
        const { items, totalCount } = await operations.list(credentials, {
          status: input.status,
          engine: input.engine,
          owner: input.owner,
          limit: input.limit ?? 20,
          offset: input.offset ?? 0,
        });
        return { output: { stores: items.map(toOutput), totalCount } };
      }),
  });
}
