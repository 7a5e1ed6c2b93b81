import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { Store } from '@storefleet/plugin-stores-common';
import { actorOf, StoreOperations } from '../operations/StoreOperations';
import { storeOutput, toOutput } from './storeOutput';

/** What each action's file gets: the audited registration, and the operations it runs. */
export interface ActionDeps {
  register: ActionsRegistryService['register'];
  registerStoreChange: ReturnType<
    typeof createRegistration
  >['registerStoreChange'];
  operations: StoreOperations;
  /** Poll interval of wait-for-store; tests shorten it. */
  pollMilliseconds: number;
}

/**
 * The registration every action shares: each call is an audit event `store-action` naming the
 * action and the caller (changes are audited once more by the operation itself, as through the
 * HTTP API), with the caller's credentials passed on.
 */
export function createRegistration({
  actionsRegistry,
  auditor,
}: {
  actionsRegistry: ActionsRegistryService;
  auditor: AuditorService;
}) {
  /**
   * Registers an action whose every call is an audit event `store-action` naming the action
   * and the caller (changes are audited once more by the operation itself, as through the HTTP
   * API).
   */
  const register: ActionsRegistryService['register'] = definition =>
    actionsRegistry.register({
      ...definition,
      action: (async (context: {
        input: { id?: unknown };
        credentials: BackstageCredentials;
      }) => {
        const event = await auditor.createEvent({
          eventId: 'store-action',
          severityLevel: definition.attributes?.readOnly ? 'low' : 'medium',
          meta: {
            action: definition.name,
            actor: actorOf(context.credentials),
            ...(typeof context.input?.id === 'string' && {
              storeId: context.input.id,
            }),
          },
        });
        try {
          const result = await definition.action(context as any);
          await event.success();
          return result;
        } catch (error) {
          await event.fail({ error: error as Error });
          throw error;
        }
      }) as typeof definition.action,
    });

  /** An action on one store by id that answers with the store: delete, retry, suspend, … */
  const registerStoreChange = (definition: {
    name: string;
    title: string;
    description: string;
    attributes: { destructive: boolean; idempotent: boolean; readOnly: false };
    run: (credentials: BackstageCredentials, id: string) => Promise<Store>;
  }) =>
    register({
      name: definition.name,
      title: definition.title,
      description: definition.description,
      attributes: definition.attributes,
      schema: {
        input: z =>
          z.object({ id: z.string().min(1).describe('The store id') }),
        output: z => z.object({ store: storeOutput(z) }),
      },
      action: async ({ input, credentials }) =>
        refusalsAsKnownErrors(async () => ({
          output: {
            store: toOutput(await definition.run(credentials, input.id)),
          },
        })),
    });

  return { register, registerStoreChange };
}

export /**
 * Quota and rate refusals are ours; the actions registry and the MCP plugin turn only
 * Backstage's own error names into a tool result a model can read, so they travel as
 * NotAllowedError with their code in the message.
 */
async function refusalsAsKnownErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'QuotaExceededError' || name === 'RateLimitedError') {
      const code =
        name === 'QuotaExceededError' ? 'QUOTA_EXCEEDED' : 'RATE_LIMITED';
      throw new NotAllowedError(
        `Refused (${code}): ${(error as Error).message}`,
      );
    }
    throw error;
  }
}
