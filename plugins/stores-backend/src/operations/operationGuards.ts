import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { storeReadPermission } from '@storefleet/plugin-stores-common';
import { Request } from 'express';
import { conditionsToOwners } from '../permissions/conditionsToQuery';
import { actorOf } from './callers';
import { StoreLifecycle } from '../lifecycle/StoreLifecycle';

/** What the checks around every store operation need. */
export interface GuardDeps {
  permissions: PermissionsService;
  auditor: AuditorService;
  lifecycle: StoreLifecycle;
}

export async function authorizeStore(
  deps: GuardDeps,
  credentials: BackstageCredentials,
  permission: ResourcePermission<'store'>,
  id: string,
): Promise<void> {
  const [decision] = await deps.permissions.authorize(
    [{ permission, resourceRef: id }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    // A denied caller learns whether the id exists (ids are random), never more.
    const found = await deps.lifecycle.get(id);
    throw new NotAllowedError(
      `You may not ${permission.attributes.action ?? 'use'} store ${
        found.name
      }: the permission policy denies ${permission.name} to you`,
    );
  }
}

/**
 * Which stores the caller may read: undefined for all, or the owners a conditional
 * decision allows. 403 when the policy denies reading stores at all.
 */
export async function readableOwners(
  deps: GuardDeps,
  credentials: BackstageCredentials,
): Promise<string[] | undefined> {
  const [decision] = await deps.permissions.authorizeConditional(
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

/**
 * Runs a change inside an audit event with its outcome. The caller is in `meta.actor` too:
 * an action invoked through the actions registry has no request to name them.
 */
export async function audited<T>(
  deps: GuardDeps,
  eventId: string,
  credentials: BackstageCredentials,
  meta: Record<string, string>,
  request: Request | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const event = await deps.auditor.createEvent({
    eventId,
    severityLevel: 'medium',
    ...(request && { request }),
    meta: { ...meta, actor: actorOf(credentials) },
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
