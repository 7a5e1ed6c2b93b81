import { storeCreatePermission } from '@storefleet/plugin-stores-common';
import { ActionDeps, refusalsAsKnownErrors } from './registration';
import { storeOutput, toOutput } from './storeOutput';

/** The `create-store` action. */
export function createCreateStoreAction({ register, operations }: ActionDeps) {
  register({
    name: 'create-store',
    title: 'Create a store',
    description:
      'Requests a new e-commerce store on Kubernetes and returns at once with its id, status ' +
      '"queued". Provisioning takes minutes; call wait-for-store to follow it. The store is ' +
      'Ready only after an automated customer order succeeded against it. Quotas and ' +
      'permissions apply to the person you act for; a refusal says why.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    visibilityPermission: storeCreatePermission,
    schema: {
      input: z =>
        z.object({
          name: z
            .string()
            .describe(
              "Store name: lower-case letters, digits and '-', at most 40 characters, starting " +
                'and ending with a letter or digit; becomes the namespace store-<name> and the ' +
                'store host <name>.<base domain>',
            ),
          engine: z
            .string()
            .describe(
              'woocommerce (WordPress + WooCommerce + MariaDB) or medusa (Medusa v2 + PostgreSQL + Redis)',
            ),
          displayName: z
            .string()
            .optional()
            .describe('The title customers see, up to 100 characters'),
          owner: z
            .string()
            .optional()
            .describe(
              'Owning user or group entity ref, e.g. group:default/team-a; defaults to the person you act for',
            ),
          options: z
            .record(z.unknown())
            .optional()
            .describe(
              'Engine options. woocommerce: country (ISO 3166-1 alpha-2, e.g. DE) and currency ' +
                '(ISO 4217, e.g. EUR). medusa: countries (list of alpha-2 codes) and currency.',
            ),
          ttlHours: z
            .number()
            .int()
            .min(1)
            .optional()
            .describe(
              'Delete the store on its own after this many hours (for a short-lived test or ' +
                'demo store); leave out for a store that stays. extend-store pushes it out.',
            ),
        }),
      output: z => z.object({ store: storeOutput(z) }),
    },
    examples: [
      {
        title: 'A Medusa store selling in euros in Germany and France',
        input: {
          name: 'spring-sale',
          engine: 'medusa',
          displayName: 'Spring sale',
          options: { countries: ['DE', 'FR'], currency: 'EUR' },
        },
      },
    ],
    action: async ({ input, credentials }) =>
      refusalsAsKnownErrors(async () => {
        // The operation checks it: the same rules, in the same words, as for the HTTP API.
        const store = await operations.create(credentials, input);
        return { output: { store: toOutput(store) } };
      }),
  });
}
