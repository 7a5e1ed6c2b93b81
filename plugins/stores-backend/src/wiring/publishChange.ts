import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  STORES_CHANGED_TOPIC,
  STORES_SIGNAL_CHANNEL,
} from '@storefleet/plugin-stores-common';

/**
 * How every change to a store is told: a signal (the UI refreshes on it instead of polling) and
 * an event (the catalog module updates the entity). Both carry only the store's id.
 */
export function changePublisher(deps: {
  signals: SignalsService;
  events: EventsService;
  logger: LoggerService;
}): (storeId: string) => void {
  const { signals, events, logger } = deps;
  return storeId => {
    signals
      .publish({
        recipients: { type: 'broadcast' },
        channel: STORES_SIGNAL_CHANNEL,
        message: { storeId },
      })
      .catch(e =>
        logger.warn(`Could not signal the change of store ${storeId}`, e),
      );
    events
      .publish({ topic: STORES_CHANGED_TOPIC, eventPayload: { storeId } })
      .catch(e =>
        logger.warn(`Could not publish the change of store ${storeId}`, e),
      );
  };
}
