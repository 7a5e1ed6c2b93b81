import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { StoresStore } from '../database/StoresStore';
import { StoreLifecycle } from '../lifecycle/StoreLifecycle';

/** What one pass of the expiry check did. */
export interface ExpiryCheckResult {
  expired: string[];
  notified: string[];
}

/**
 * Deletes stores whose time to live ran out, and tells each owner once, `notifyBeforeHours`
 * before, with a Backstage notification (to the owning user or group, and the requester).
 * `now` is a parameter so tests move time instead of waiting for it.
 */
export class ExpiryCheck {
  constructor(
    private readonly deps: {
      store: StoresStore;
      lifecycle: Pick<StoreLifecycle, 'expire'>;
      notifications?: NotificationService;
      notifyBeforeHours: number;
      logger: LoggerService;
    },
  ) {}

  async run(now: Date = new Date()): Promise<ExpiryCheckResult> {
    const { store, lifecycle, notifications, logger } = this.deps;
    const horizon = new Date(
      now.getTime() + this.deps.notifyBeforeHours * 3600_000,
    );
    const result: ExpiryCheckResult = { expired: [], notified: [] };
    for (const s of await store.listExpiring(horizon)) {
      const expiresAt = Date.parse(s.expiresAt!);
      if (expiresAt <= now.getTime()) {
        await lifecycle.expire(s.id, s.expiresAt!);
        logger.info(`Store ${s.name} (${s.id}) expired; deleting it`);
        result.expired.push(s.name);
      } else if (!s.notified && notifications) {
        const hours = Math.max(
          1,
          Math.round((expiresAt - now.getTime()) / 3600_000),
        );
        await notifications.send({
          recipients: {
            type: 'entity',
            entityRef: [...new Set([s.owner, s.createdBy])],
          },
          payload: {
            title: `Store ${s.name} expires in about ${hours} h`,
            description: `Storefleet deletes the store ${s.name} and its data at ${s.expiresAt}. Extend it on its page to keep it longer.`,
            link: `/catalog/default/resource/${s.name}/store`,
            severity: 'normal',
            topic: 'storefleet-store-expiry',
            scope: `storefleet-expiry-${s.id}`,
          },
        });
        await store.markExpiryNotified(s.id);
        result.notified.push(s.name);
      }
    }
    return result;
  }
}
