import { ActionDeps, refusalsAsKnownErrors } from './registration';
import { storeOutput, toOutput } from './storeOutput';

/** Statuses a store stays in until someone acts. */
const SETTLED = ['ready', 'failed', 'suspended', 'deleted'];

/** The `wait-for-store` action. */
export function createWaitForStoreAction({
  register,
  operations,
  pollMilliseconds,
}: ActionDeps) {
  register({
    name: 'wait-for-store',
    title: 'Wait for a store',
    description:
      'Waits until a store is ready, failed, suspended or deleted, or until timeoutSeconds pass, and ' +
      'returns it. settled=false means it is still being worked on: call again. A failed store ' +
      'carries its reason; retry-store starts it over.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          id: z.string().min(1).describe('The store id'),
          timeoutSeconds: z
            .number()
            .int()
            .min(1)
            .max(600)
            .default(120)
            .describe('How long to wait at most (1–600 s, default 120)'),
        }),
      output: z =>
        z.object({
          store: storeOutput(z),
          settled: z
            .boolean()
            .describe(
              'true when ready, failed, suspended or deleted; false on timeout',
            ),
          waitedSeconds: z.number(),
        }),
    },
    action: async ({ input, credentials }) =>
      refusalsAsKnownErrors(async () => {
        const started = Date.now();
        const deadline = started + (input.timeoutSeconds ?? 120) * 1000;
        let store = await operations.get(credentials, input.id);
        while (!SETTLED.includes(store.status) && Date.now() < deadline) {
          await new Promise(resolve =>
            setTimeout(
              resolve,
              Math.min(pollMilliseconds, deadline - Date.now()),
            ),
          );
          store = await operations.get(credentials, input.id);
        }
        return {
          output: {
            store: toOutput(store),
            settled: SETTLED.includes(store.status),
            waitedSeconds: Math.round((Date.now() - started) / 1000),
          },
        };
      }),
  });
}
