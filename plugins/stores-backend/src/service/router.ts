import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  STORE_STATUSES,
  storeCreatePermission,
  storeNameSchema,
  storeNamespace,
  storeReadPermission,
} from '@storefleet/plugin-stores-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { StoresStore } from '../database/StoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { conditionsToOwners } from '../permissions/conditionsToQuery';
import { storesErrorHandler } from './errorHandler';

const createBody = z.strictObject({
  name: storeNameSchema,
  engine: z.string().min(1),
  displayName: z.string().max(100).optional(),
  owner: z.string().min(1).optional(),
});

const listQuery = z.object({
  status: z.enum(STORE_STATUSES).optional(),
  engine: z.string().optional(),
  owner: z.string().optional(),
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
  store: StoresStore;
  engines: EngineRegistry;
}

/** HTTP only: parse, authorize with the caller's identity, call the store, map the response. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { logger, httpAuth, permissions, store, engines } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/stores', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parse(listQuery, req.query, 'query');
    const [decision] = await permissions.authorizeConditional(
      [{ permission: storeReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('You may not list stores');
    }
    const ownedBy =
      decision.result === AuthorizeResult.CONDITIONAL
        ? conditionsToOwners(decision.conditions)
        : undefined;
    res.json(await store.listStores({ ...query, ownedBy }));
  });

  router.get('/stores/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: storeReadPermission, resourceRef: req.params.id }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(`You may not read store ${req.params.id}`);
    }
    const found = await store.getStore(req.params.id);
    if (!found) {
      throw new NotFoundError(`Store ${req.params.id} not found`);
    }
    res.json(found);
  });

  router.post('/stores', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: storeCreatePermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError('You may not create stores');
    }
    const body = parse(createBody, req.body, 'request body');
    engines.get(body.engine);
    const userRef = credentials.principal.userEntityRef;
    const created = await store.createStore({
      name: body.name,
      displayName: body.displayName,
      engine: body.engine,
      owner: body.owner ?? userRef,
      createdBy: userRef,
      namespace: storeNamespace(body.name),
    });
    logger.info(`Store ${created.name} (${created.id}) queued by ${userRef}`);
    res.status(201).json(created);
  });

  router.use(storesErrorHandler(logger));
  return router;
}
