import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { LifecycleSettings } from '../config/LifecycleSettings';
import { StoresStore } from '../database/StoresStore';
import { EngineRegistry } from '../engines/EngineRegistry';
import { ExpiryCheck } from '../jobs/ExpiryCheck';
import { FailedCleanup } from '../jobs/FailedCleanup';
import { WarmPool } from '../jobs/WarmPool';
import { StoreLifecycle } from '../lifecycle/StoreLifecycle';
import { Provisioning } from './provisioning';
import { sweep } from './sweep';

/** The warm pool (with a cluster), expiry and the clean-up of failed stores, each when enabled. */
export async function schedulePeriodicJobs(deps: {
  settings: LifecycleSettings;
  store: StoresStore;
  engines: EngineRegistry;
  lifecycle: StoreLifecycle;
  notifications: NotificationService;
  logger: LoggerService;
  scheduler: SchedulerService;
  provisioning?: Provisioning;
}) {
  const { settings, store, lifecycle, logger, scheduler } = deps;
  const reconciler = deps.provisioning?.reconciler;
  if (reconciler) {
    const pool = new WarmPool({
      store,
      engines: deps.engines,
      pool: settings.pool,
      maxStores: settings.limits.maxStores,
      logger,
      nudge: () => {
        reconciler.pump().catch(e => logger.error('Reconcile failed', e));
      },
    });
    // Also when every size is 0: a pool that was turned off deletes its slots.
    await sweep(
      scheduler,
      'stores-warm-pool',
      settings.pool.intervalSeconds,
      3,
      () => pool.run(),
    );
  }
  if (settings.expiry.intervalSeconds > 0) {
    const expiry = new ExpiryCheck({
      store,
      lifecycle,
      notifications: deps.notifications,
      notifyBeforeHours: settings.expiry.notifyBeforeHours,
      logger,
    });
    // One replica at a time: each expired store is deleted, each owner told, once.
    await sweep(
      scheduler,
      'stores-expiry',
      settings.expiry.intervalSeconds,
      5,
      () => expiry.run(),
    );
  }
  if (settings.failed.cleanupAfterHours > 0) {
    const cleanup = new FailedCleanup({
      store,
      lifecycle,
      notifications: deps.notifications,
      cleanupAfterHours: settings.failed.cleanupAfterHours,
      logger,
    });
    await sweep(
      scheduler,
      'stores-failed-cleanup',
      settings.failed.intervalSeconds,
      30,
      () => cleanup.run(),
    );
  }
}
