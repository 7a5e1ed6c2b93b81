import {
  AuditorService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  STORE_STATUSES,
  storeCreatePermission,
  storeCredentialsReadPermission,
  storeDeletePermission,
  storeNameSchema,
  storeDisplayNameSchema,
  storeOwnerSchema,
  storeReadPermission,
  storeRetryPermission,
} from '@storefleet/plugin-stores-common';
import express, { Request } from 'express';
import { z } from 'zod';
import { StoresStore } from '../database/StoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { createOpenApiRouter } from '../schema/openapi';
import { conditionsToOwners } from '../permissions/conditionsToQuery';
import { storesErrorHandler } from './errorHandler';
import { StoreLifecycle } from './StoreLifecycle';

const OPTION_NAME = /^[a-zA-Z][a-zA-Z0-9]{0,62}$/;

const createBody = z.strictObject({
  name: storeNameSchema,
  engine: z.string().min(1).max(63),
  displayName: storeDisplayNameSchema.optional(),
  owner: storeOwnerSchema.optional(),
  // Checked against the engine's own option schema by the lifecycle.
  // Option names are plain identifiers: no `__proto__` (which zod would drop silently rather
  // than refuse), no paths, no template syntax. Values are the engine's to check.
  options: z
    .custom<Record<string, unknown>>(
      value =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).every(key => OPTION_NAME.test(key)),
      'options must be an object of named options (letters and digits)',
    )
    .optional(),
});

const listQuery = z.object({
  status: z.enum(STORE_STATUSES).optional(),
  engine: z.string().optional(),
  owner: z.string().max(255).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new InputError(`Invalid ${what}: ${at}${issue.message}`);
  }
  return result.data;
}

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  store: StoresStore;
  lifecycle: StoreLifecycle;
  engines: EngineRegistry;
  cluster?: ClusterClient;
}

/** HTTP only: parse, authorize with the caller's identity, call a service, map the response. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    logger,
    httpAuth,
    permissions,
    auditor,
    store,
    lifecycle,
    engines,
    cluster,
  } = options;
  // Requests are validated against src/schema/openapi.yaml before they reach a handler.
  const router = await createOpenApiRouter();

  /** Authorizes one permission on one store for the caller; 403 on DENY, 404 if there is no such store. */
  async function authorizeStore(
    req: Request,
    permission: ResourcePermission<'store'>,
    id: string,
  ): Promise<
    BackstageCredentials<BackstageUserPrincipal | BackstageServicePrincipal>
  > {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: id }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      // A denied caller learns whether the id exists (ids are random), never more.
      const found = await lifecycle.get(id);
      throw new NotAllowedError(
        `You may not ${permission.attributes.action ?? 'use'} store ${
          found.name
        }: the permission policy denies ${permission.name} to you`,
      );
    }
    return credentials;
  }

  /**
   * Which stores the caller may read: undefined for all, or the owners a conditional
   * decision allows. 403 when the policy denies reading stores at all.
   */
  async function readableOwners(
    req: Request<any, any, any, any>,
  ): Promise<string[] | undefined> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorizeConditional(
      [{ permission: storeReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('You may not read stores');
    }
    return decision.result === AuthorizeResult.CONDITIONAL
      ? conditionsToOwners(decision.conditions)
      : undefined;
  }

  const actorOf = (
    credentials: BackstageCredentials<
      BackstageUserPrincipal | BackstageServicePrincipal
    >,
  ) =>
    credentials.principal.type === 'user'
      ? credentials.principal.userEntityRef
      : credentials.principal.subject;

  /** Runs a state-changing route inside an audit event with actor and outcome. */
  async function audited<T>(
    req: Request,
    eventId: string,
    meta: Record<string, string>,
    fn: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      request: req,
      severityLevel: 'medium',
      meta,
    });
    try {
      const result = await fn();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/stores', async (req, res) => {
    const query = parse(listQuery, req.query, 'query');
    const ownedBy = await readableOwners(req);
    res.json(await store.listStores({ ...query, ownedBy }));
  });

  router.post('/stores', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(createBody, req.body, 'request body');
    const created = await audited(
      req,
      'store-create',
      {
        name: body.name,
        engine: body.engine,
        ...(body.options && { options: JSON.stringify(body.options) }),
      },
      async () => {
        const [decision] = await permissions.authorize(
          [{ permission: storeCreatePermission }],
          { credentials },
        );
        if (decision.result === AuthorizeResult.DENY) {
          throw new NotAllowedError('You may not create stores');
        }
        return lifecycle.create({
          ...body,
          userRef: credentials.principal.userEntityRef,
        });
      },
    );
    logger.info(
      `Store ${created.name} (${created.id}) queued by ${created.createdBy}`,
    );
    res.status(201).json(created);
  });

  router.get('/stores/:id', async (req, res) => {
    await authorizeStore(req, storeReadPermission, req.params.id);
    res.json(await lifecycle.get(req.params.id));
  });

  router.delete('/stores/:id', async (req, res) => {
    const { id } = req.params;
    const result = await audited(
      req,
      'store-delete',
      { storeId: id },
      async () => {
        const credentials = await authorizeStore(
          req,
          storeDeletePermission,
          id,
        );
        return lifecycle.delete(id, actorOf(credentials));
      },
    );
    res.status(202).json(result);
  });

  router.post('/stores/:id/retry', async (req, res) => {
    const { id } = req.params;
    const result = await audited(
      req,
      'store-retry',
      { storeId: id },
      async () => {
        const credentials = await authorizeStore(req, storeRetryPermission, id);
        return lifecycle.retry(id, actorOf(credentials));
      },
    );
    res.status(202).json(result);
  });

  router.get('/stores/:id/activity', async (req, res) => {
    await authorizeStore(req, storeReadPermission, req.params.id);
    await lifecycle.get(req.params.id);
    res.json({ items: await store.listActivity(req.params.id) });
  });

  router.get('/stores/:id/events', async (req, res) => {
    await authorizeStore(req, storeReadPermission, req.params.id);
    const found = await lifecycle.get(req.params.id);
    res.json({
      items: cluster ? await cluster.listEvents(found.namespace) : [],
    });
  });

  router.get('/stores/:id/credentials', async (req, res) => {
    const { id } = req.params;
    const credentials = await audited(
      req,
      'store-credentials-read',
      { storeId: id },
      async () => {
        await authorizeStore(req, storeCredentialsReadPermission, id);
        const found = await lifecycle.get(id);
        const login = engines.get(found.engine).adminLogin;
        const password =
          login && cluster
            ? await cluster.readSecretValue(
                found.namespace,
                `${found.name}-credentials`,
                login.passwordKey,
              )
            : undefined;
        if (!login || password === undefined) {
          throw new NotFoundError(
            `Store ${found.name} has no admin credentials (yet)`,
          );
        }
        return { username: login.username, password, adminUrl: found.adminUrl };
      },
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json(credentials);
  });

  router.get('/metrics/summary', async (req, res) => {
    res.json(await store.summary(await readableOwners(req)));
  });

  router.use(storesErrorHandler(logger));
  return router;
}
