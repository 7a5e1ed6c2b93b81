import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import express, { Request } from 'express';
import { createOpenApiRouter } from '../schema/openapi';
import { CallerRateLimitSettings, callerRateLimit } from './callerRateLimit';
import { storesErrorHandler } from './errorHandler';
import {
  fleetActivityQuery,
  listQuery,
  logsQuery,
  parse,
} from '../operations/requestSchemas';
import { StoreOperations } from '../operations/StoreOperations';
import { SetupProblem } from '../setup/checkSetup';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  operations: StoreOperations;
  /** What provisioning lacks, found at start; empty when stores can be provisioned. */
  setupProblems?: () => SetupProblem[];
  /** `stores.rateLimit`: a budget per caller; unset or 0 per caller: no limit here. */
  rateLimit?: CallerRateLimitSettings;
}

/** HTTP only: parse, identify the caller, call an operation, map the response. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { logger, httpAuth, operations, setupProblems = () => [] } = options;
  // Requests are validated against src/schema/openapi.yaml before they reach a handler.
  const router = await createOpenApiRouter();
  if (options.rateLimit?.perCaller) {
    router.use(callerRateLimit(httpAuth, options.rateLimit));
  }

  const caller = (req: Request<any, any, any, any>) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  // 200 when stores can be provisioned; 503 naming each missing piece when they cannot.
  router.get('/health', (_req, res) => {
    const problems = setupProblems();
    if (problems.length === 0) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'unavailable', problems });
  });

  router.get('/stores', async (req, res) => {
    const query = parse(listQuery, req.query, 'query');
    res.json(await operations.list(await caller(req), query));
  });

  router.post('/stores', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // Bodies are checked against openapi.yaml here, and by the operation's own rules there.
    const created = await operations.create(credentials, req.body, req);
    logger.info(
      `Store ${created.name} (${created.id}) queued by ${created.createdBy}`,
    );
    res.status(201).json(created);
  });

  router.get('/stores/:id', async (req, res) => {
    res.json(await operations.get(await caller(req), req.params.id));
  });

  /** A change to one store: the caller's credentials and the id in, 202 and the store out. */
  const change =
    (
      run: (
        credentials: Awaited<ReturnType<typeof caller>>,
        id: string,
        req: Request<any, any, any, any>,
      ) => Promise<unknown>,
    ) =>
    async (req: Request<any, any, any, any>, res: express.Response) => {
      const credentials = await caller(req);
      res.status(202).json(await run(credentials, req.params.id, req));
    };

  router.delete(
    '/stores/:id',
    change((c, id, req) => operations.delete(c, id, req)),
  );
  router.post(
    '/stores/:id/retry',
    change((c, id, req) => operations.retry(c, id, req)),
  );
  router.post(
    '/stores/:id/suspend',
    change((c, id, req) => operations.suspend(c, id, req)),
  );
  router.post(
    '/stores/:id/resume',
    change((c, id, req) => operations.resume(c, id, req)),
  );
  router.post(
    '/stores/:id/check',
    change((c, id, req) => operations.check(c, id, req)),
  );
  router.patch(
    '/stores/:id',
    change((c, id, req) => operations.upgrade(c, id, req.body.options, req)),
  );
  router.post(
    '/stores/:id/rollback',
    change((c, id, req) => operations.rollback(c, id, req.body.revision, req)),
  );
  router.put(
    '/stores/:id/domain',
    change((c, id, req) => operations.setDomain(c, id, req.body.hostname, req)),
  );

  router.post('/stores/:id/extend', async (req, res) => {
    const credentials = await caller(req);
    res.json(
      await operations.extend(credentials, req.params.id, req.body.hours, req),
    );
  });

  router.get('/stores/:id/revisions', async (req, res) => {
    const items = await operations.revisions(await caller(req), req.params.id);
    res.json({ items });
  });

  router.get('/stores/:id/activity', async (req, res) => {
    const items = await operations.activity(await caller(req), req.params.id);
    res.json({ items });
  });

  router.get('/stores/:id/events', async (req, res) => {
    const items = await operations.events(await caller(req), req.params.id);
    res.json({ items });
  });

  router.get('/stores/:id/logs', async (req, res) => {
    const query = parse(logsQuery, req.query, 'query');
    const logs = await operations.logs(await caller(req), req.params.id, query);
    res.setHeader('Cache-Control', 'no-store');
    res.json(logs);
  });

  router.get('/stores/:id/usage', async (req, res) => {
    res.json(await operations.usage(await caller(req), req.params.id));
  });

  router.get('/stores/:id/credentials', async (req, res) => {
    const credentials = await caller(req);
    const login = await operations.adminCredentials(
      credentials,
      req.params.id,
      req,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json(login);
  });

  router.get('/activity', async (req, res) => {
    const query = parse(fleetActivityQuery, req.query, 'query');
    res.json(await operations.fleetActivity(await caller(req), query));
  });

  router.get('/metrics/summary', async (req, res) => {
    res.json(await operations.summary(await caller(req)));
  });

  router.use(storesErrorHandler(logger));
  return router;
}
