import { useSignal } from '@backstage/plugin-signals-react';
import { STORES_SIGNAL_CHANNEL } from '@storefleet/plugin-stores-common';
import { useEffect, useState } from 'react';

/**
 * A number that changes whenever the stores backend signals a change (to all stores, or to
 * `storeId` when given). Put it in a fetch's dependencies: the UI refreshes on change and does
 * not poll while nothing changes.
 */
export function useStoresChanged(storeId?: string): number {
  const { lastSignal } = useSignal<{ storeId: string }>(STORES_SIGNAL_CHANNEL);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (lastSignal && (!storeId || lastSignal.storeId === storeId)) {
      setVersion(v => v + 1);
    }
  }, [lastSignal, storeId]);
  return version;
}
