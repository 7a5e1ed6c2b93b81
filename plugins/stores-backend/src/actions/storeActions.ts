import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  Store,
  StoreActivity,
  STORE_STATUSES,
  storeCreatePermission,
} from '@storefleet/plugin-stores-common';
import {
  createBody,
  domainBody,
  parse,
  upgradeBody,
} from '../service/requestSchemas';
import { actorOf, StoreOperations } from '../service/StoreOperations';
import { storeOutput } from './storeOutput';

/** Statuses a store stays in until someone acts. */
const SETTLED = ['ready', 'failed', 'suspended', 'deleted'];

/**
 * Registers Storefleet's actions with Backstage's actions registry, from where the MCP actions
 * plugin serves them to AI agents. Each runs the same {@link StoreOperations} as the HTTP API,
 * with the caller's credentials: a model acting for a person is that person for permissions,
 * quotas and the audit trail.
 */
export function registerStoreActions(options: {
  actionsRegistry: ActionsRegistryService;
  operations: StoreOperations;
  auditor: AuditorService;
  /** Poll interval of wait-for-store; tests shorten it. */
  pollMilliseconds?: number;
}) {
  const { actionsRegistry, operations, auditor } = options;
  const pollMilliseconds = options.pollMilliseconds ?? 2_000;

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
        // The same checks, with the same words, as the HTTP API.
        const body = parse(createBody, input, 'input');
        const store = await operations.create(credentials, body);
        return { output: { store: toOutput(store) } };
      }),
  });

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

  registerStoreChange({
    name: 'delete-store',
    title: 'Delete a store',
    description:
      'Deletes a store and everything in it: its namespace, workloads, database and uploaded ' +
      'files. Cannot be undone. Returns at once with status "deleting"; wait-for-store follows ' +
      'it to "deleted". Deleting a store already being deleted changes nothing.',
    attributes: { destructive: true, idempotent: true, readOnly: false },
    run: (credentials, id) => operations.delete(credentials, id),
  });

  registerStoreChange({
    name: 'retry-store',
    title: 'Retry a failed or degraded store',
    description:
      'Starts provisioning of a failed store over (status back to "queued"), or repairs a ' +
      'degraded one (changed by hand in the cluster: what is missing is recreated, then a test ' +
      'order runs again); only failed and degraded stores can be retried. Follow it with ' +
      'wait-for-store.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    run: (credentials, id) => operations.retry(credentials, id),
  });

  registerStoreChange({
    name: 'suspend-store',
    title: 'Suspend a store',
    description:
      'Scales a ready store to zero so it stops using cluster resources, keeping its data ' +
      '(database, uploads, credentials) and URLs; the storefront does not answer while ' +
      'suspended. Only ready stores can be suspended. Returns with status "suspending"; ' +
      'wait-for-store follows it to "suspended". Undo with resume-store.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    run: (credentials, id) => operations.suspend(credentials, id),
  });

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
        const body = parse(upgradeBody, { options: input.options }, 'input');
        return {
          output: {
            store: toOutput(
              await operations.upgrade(credentials, input.id, body.options),
            ),
          },
        };
      }),
  });

  register({
    name: 'rollback-store',
    title: 'Roll a store back to an earlier revision',
    description:
      "Rolls a ready or degraded store's release back to an earlier revision (see the " +
      'revisions in the store page or GET /stores/{id}/revisions), with the options it had ' +
      'then; the store is ready again after a test order. Follow it with wait-for-store.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          id: z.string().min(1).describe('The store id'),
          revision: z
            .number()
            .int()
            .min(1)
            .describe('The revision to go back to'),
        }),
      output: z => z.object({ store: storeOutput(z) }),
    },
    action: async ({ input, credentials }) =>
      refusalsAsKnownErrors(async () => ({
        output: {
          store: toOutput(
            await operations.rollback(credentials, input.id, input.revision),
          ),
        },
      })),
  });

  registerStoreChange({
    name: 'check-store',
    title: 'Check a store now',
    description:
      'Places a test customer order against a ready or degraded store now, in the ' +
      'background; describe-store shows the outcome in its activity a few seconds later. A ' +
      'failed order makes the store degraded with the reason; a passing one heals it.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    run: (credentials, id) => operations.check(credentials, id),
  });

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
        const { hostname } = parse(
          domainBody,
          { hostname: input.hostname },
          'input',
        );
        return {
          output: {
            store: toOutput(
              await operations.setDomain(credentials, input.id, hostname),
            ),
          },
        };
      }),
  });

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

  registerStoreChange({
    name: 'resume-store',
    title: 'Resume a suspended store',
    description:
      'Starts a suspended store again with the data it had; it is "ready" once a test order ' +
      'succeeds again. Only suspended stores can be resumed, and only while the limit of ' +
      'running stores allows. Follow it with wait-for-store.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    run: (credentials, id) => operations.resume(credentials, id),
  });
}

/**
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

function toOutput(store: Store) {
  return {
    id: store.id,
    name: store.name,
    ...(store.displayName && { displayName: store.displayName }),
    engine: store.engine,
    owner: store.owner,
    requestedBy: store.createdBy,
    status: store.status,
    ...(store.reason && { failureReason: store.reason }),
    ...(store.storefrontUrl && { storefrontUrl: store.storefrontUrl }),
    ...(store.adminUrl && { adminUrl: store.adminUrl }),
    ...(store.apiUrl && { apiUrl: store.apiUrl }),
    createdAt: store.createdAt,
    ...(store.readyAt && { readyAt: store.readyAt }),
    ...(store.options && { options: store.options }),
    ...(store.expiresAt && { expiresAt: store.expiresAt }),
    ...(store.customHost && { customHost: store.customHost }),
  };
}

function toActivityOutput(activity: StoreActivity) {
  return {
    at: activity.at,
    kind: activity.kind,
    message: activity.message,
    ...(activity.actor && { actor: activity.actor }),
  };
}
