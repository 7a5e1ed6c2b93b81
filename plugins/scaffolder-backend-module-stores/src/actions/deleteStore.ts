import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { sleep, StoresActionOptions, tokenOnBehalfOf } from './onBehalfOf';
import { failingPlainly, TaskFailure } from './taskFailure';

/**
 * `stores:delete` — deletes a store on behalf of the user running the template and, unless told
 * not to, waits until its namespace and release are gone.
 */
export function deleteStoreAction(options: StoresActionOptions) {
  const { client, auth, pollIntervalMs = 2000 } = options;
  return createTemplateAction({
    id: 'stores:delete',
    description:
      'Deletes a Storefleet store (namespace, release and catalog entity)',
    examples: [
      {
        description: 'Delete a store and wait until it is gone',
        example: [
          'steps:',
          '  - id: delete-store',
          '    action: stores:delete',
          '    name: Delete store',
          '    input:',
          '      storeId: ${{ parameters.storeId }}',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        storeId: z =>
          z
            .string()
            .min(1)
            .describe('Id of the store (annotation storefleet.io/store-id)'),
        wait: z =>
          z
            .boolean()
            .optional()
            .describe('Wait until the store is deleted (default true)'),
        timeoutMinutes: z =>
          z
            .number()
            .min(1)
            .max(60)
            .optional()
            .describe('How long to wait (default 10)'),
      },
    },
    async handler(ctx) {
      await failingPlainly(async () => {
        const { storeId } = ctx.input;
        if (ctx.isDryRun) {
          ctx.logger.info(`Dry run: would delete store ${storeId}`);
          return;
        }
        const token = tokenOnBehalfOf(auth, ctx);
        await ctx.checkpoint({
          key: `stores.delete.${storeId}`,
          fn: async () => {
            const store = await client.deleteStore(storeId, {
              token: await token(),
            });
            ctx.logger.info(`Store '${store.name}': ${store.status}`);
          },
        });
        if (ctx.input.wait === false) return;
        const deadline = Date.now() + (ctx.input.timeoutMinutes ?? 10) * 60_000;
        for (;;) {
          const store = await client.getStore(storeId, {
            token: await token(),
          });
          if (store.status === 'deleted') {
            ctx.logger.info(`Store '${store.name}' deleted`);
            return;
          }
          if (Date.now() > deadline) {
            throw new TaskFailure(
              `Store '${store.name}' is still ${store.status}${
                store.reason ? ` (${store.reason})` : ''
              }`,
            );
          }
          await sleep(pollIntervalMs);
        }
      });
    },
  });
}
