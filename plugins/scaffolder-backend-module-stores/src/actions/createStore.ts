import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { sleep, StoresActionOptions, tokenOnBehalfOf } from './onBehalfOf';
import { failingPlainly, TaskFailure } from './taskFailure';
import {
  isTerminalStatus,
  Store,
  storeObjectNames,
} from '@storefleet/plugin-stores-common';
import { examples } from './createStore.examples';

/**
 * `stores:create` — asks the stores backend for a store on behalf of the user running the
 * template, then follows its lifecycle into the task log until it is Ready or Failed.
 */
export function createStoreAction(deps: StoresActionOptions) {
  const { client, auth, pollIntervalMs = 2000 } = deps;
  return createTemplateAction({
    id: 'stores:create',
    description:
      'Creates an e-commerce store through Storefleet and waits until it is Ready (an order was placed) or Failed',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string().describe('Store name: a DNS-1123 label, e.g. my-shop'),
        engine: z =>
          z
            .enum(['woocommerce', 'medusa'])
            .or(z.string())
            .describe('Store engine'),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              'Owning user or group entity ref; empty or left out: the person running the template',
            ),
        displayName: z =>
          z.string().optional().describe('Human-friendly store title'),
        options: z =>
          z
            // JSON values only, so the action's input type is a JsonObject in its declarations.
            .record(
              z.string(),
              z.union([
                z.string(),
                z.number(),
                z.boolean(),
                z.null(),
                z.array(z.string()),
              ]),
            )
            .optional()
            .describe(
              'Engine options, checked by the stores backend (woocommerce: country, currency; medusa: countries, currency)',
            ),
        ttlHours: z =>
          z
            .number()
            .int()
            .min(1)
            // An empty template field renders as ''.
            .or(z.literal(''))
            .optional()
            .describe(
              'Delete the store on its own after this many hours; leave out to keep it',
            ),
        timeoutMinutes: z =>
          z
            .number()
            .min(1)
            .max(120)
            .optional()
            .describe('How long to wait for Ready (default 30)'),
      },
      output: {
        storeId: z => z.string(),
        storefrontUrl: z => z.string().optional(),
        adminUrl: z => z.string().optional(),
        apiUrl: z => z.string().optional(),
        entityRef: z => z.string(),
      },
    },
    async handler(ctx) {
      await failingPlainly(async () => {
        const { name, engine, displayName } = ctx.input;
        // An empty template field renders as '': the store is then the initiator's.
        const owner = ctx.input.owner || undefined;
        const ttlHours = ctx.input.ttlHours || undefined;
        const options = setOptionsOnly(ctx.input.options);
        const timeoutMinutes = ctx.input.timeoutMinutes ?? 30;
        const { entityRef } = storeObjectNames({ name });

        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: would create ${engine} store '${name}'${
              options ? ` with options ${JSON.stringify(options)}` : ''
            }`,
          );
          ctx.output('storeId', 'dry-run');
          ctx.output('entityRef', entityRef);
          return;
        }

        const token = tokenOnBehalfOf(auth, ctx);

        const storeId = await ctx.checkpoint({
          key: `stores.create.${name}`,
          fn: async () => {
            const created = await client.createStore(
              { name, engine, owner, displayName, options, ttlHours },
              { token: await token() },
            );
            ctx.logger.info(
              `Store '${name}' requested (id ${created.id}), status ${created.status}`,
            );
            return created.id;
          },
        });

        const deadline = Date.now() + timeoutMinutes * 60_000;
        let last: Store | undefined;
        let activitySeen = 0;
        for (;;) {
          const call = { token: await token() };
          const store = await client.getStore(storeId, call);
          // Every lifecycle step (namespace, credentials, helm, order probe) lands in the task log.
          const { items } = await client.getActivity(storeId, call);
          for (const line of items.slice(activitySeen)) {
            ctx.logger.info(`Store '${name}' ${line.kind}: ${line.message}`);
          }
          activitySeen = items.length;
          if (store.status !== last?.status) {
            ctx.logger.info(`Store '${name}': ${store.status}`);
          }
          last = store;
          if (isTerminalStatus(store.status) || ctx.signal?.aborted) break;
          if (Date.now() > deadline) {
            throw new TaskFailure(
              `Store '${name}' was not Ready after ${timeoutMinutes} minutes (last status: ${store.status})`,
            );
          }
          await sleep(pollIntervalMs);
        }

        if (last.status !== 'ready') {
          throw new TaskFailure(
            `Store '${name}' ${last.status}: ${
              last.reason ?? 'no reason recorded'
            }`,
          );
        }
        ctx.output('storeId', storeId);
        ctx.output('storefrontUrl', last.storefrontUrl);
        ctx.output('adminUrl', last.adminUrl);
        if (last.apiUrl) ctx.output('apiUrl', last.apiUrl);
        ctx.output('entityRef', entityRef);
      });
    },
  });
}

/**
 * The options a template actually set: an empty template parameter renders as `''` or
 * `undefined`, which means "the engine's default", not an invalid value.
 */
function setOptionsOnly(options?: Record<string, unknown>) {
  const set = Object.entries(options ?? {}).filter(
    ([, value]) => value !== undefined && value !== null && value !== '',
  );
  return set.length ? Object.fromEntries(set) : undefined;
}
