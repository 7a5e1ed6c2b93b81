import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { AuditorService } from '@backstage/backend-plugin-api';
import { StoreOperations } from '../operations/StoreOperations';
import { createCheckStoreAction } from './createCheckStoreAction';
import { createCreateStoreAction } from './createCreateStoreAction';
import { createDeleteStoreAction } from './createDeleteStoreAction';
import { createDescribeStoreAction } from './createDescribeStoreAction';
import { createExtendStoreAction } from './createExtendStoreAction';
import { createListStoresAction } from './createListStoresAction';
import { createResumeStoreAction } from './createResumeStoreAction';
import { createRetryStoreAction } from './createRetryStoreAction';
import { createRollbackStoreAction } from './createRollbackStoreAction';
import { createSetStoreDomainAction } from './createSetStoreDomainAction';
import { createSuspendStoreAction } from './createSuspendStoreAction';
import { createUpgradeStoreAction } from './createUpgradeStoreAction';
import { createWaitForStoreAction } from './createWaitForStoreAction';
import { createRegistration } from './registration';

/**
 * Registers Storefleet's actions with Backstage's actions registry, from where the MCP actions
 * plugin serves them to AI agents, one file per action beside this one. Each runs the same
 * {@link StoreOperations} as the HTTP API, with the caller's credentials: a model acting for a
 * person is that person for permissions, quotas and the audit trail.
 */
export function registerStoreActions(options: {
  actionsRegistry: ActionsRegistryService;
  operations: StoreOperations;
  auditor: AuditorService;
  /** Poll interval of wait-for-store; tests shorten it. */
  pollMilliseconds?: number;
}) {
  const deps = {
    ...createRegistration(options),
    operations: options.operations,
    pollMilliseconds: options.pollMilliseconds ?? 2_000,
  };
  createListStoresAction(deps);
  createDescribeStoreAction(deps);
  createCreateStoreAction(deps);
  createWaitForStoreAction(deps);
  createDeleteStoreAction(deps);
  createRetryStoreAction(deps);
  createSuspendStoreAction(deps);
  createUpgradeStoreAction(deps);
  createRollbackStoreAction(deps);
  createCheckStoreAction(deps);
  createSetStoreDomainAction(deps);
  createExtendStoreAction(deps);
  createResumeStoreAction(deps);
}
