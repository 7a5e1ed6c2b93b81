import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { StoresStore } from '../database/StoresStore';
import { StoreLifecycle } from '../lifecycle/StoreLifecycle';

/**
 * Scales stores that stayed failed `cleanupAfterHours` to zero, so a failure nobody looks at
 * stops holding pods and its place in the running-store limit; volumes stay, and Retry (or
 * Resume) provisions it again. Each owner is told once, when it happens. `now` is a parameter
 * so tests move time instead of waiting for it.
 */
export class FailedCleanup {
  constructor(
    private readonly deps: {
      store: StoresStore;
      lifecycle: Pick<StoreLifecycle, 'scaleDownFailed'>;
      notifications?: NotificationService;
      cleanupAfterHours: number;
      logger: LoggerService;
    },
  ) {}

  /** Names of the stores scaled to zero in this pass. */
  async run(now: Date = new Date()): Promise<string[]> {
    const { store, lifecycle, notifications, cleanupAfterHours, logger } =
      this.deps;
    const before = new Date(now.getTime() - cleanupAfterHours * 3600_000);
    const scaled: string[] = [];
    for (const s of await store.listFailedBefore(before)) {
      // Undefined: someone retried or deleted it since the list was read.
      if (!(await lifecycle.scaleDownFailed(s.id, cleanupAfterHours))) continue;
      logger.info(
        `Store ${s.name} (${s.id}) failed ${cleanupAfterHours} h ago; scaling it to zero`,
      );
      scaled.push(s.name);
      await notifications?.send({
        recipients: {
          type: 'entity',
          entityRef: [...new Set([s.owner, s.createdBy])],
        },
        payload: {
          title: `Store ${s.name} failed and was scaled to zero`,
          description: `The store ${s.name} failed ${cleanupAfterHours} h ago${
            s.reason ? ` (${s.reason})` : ''
          }. Storefleet stopped its pods and kept its volumes; Retry on its page provisions it again.`,
          link: `/catalog/default/resource/${s.name}/store`,
          severity: 'normal',
          topic: 'storefleet-store-failed',
          scope: `storefleet-failed-${s.id}`,
        },
      });
    }
    return scaled;
  }
}
