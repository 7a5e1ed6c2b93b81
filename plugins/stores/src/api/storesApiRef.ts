import { createApiRef } from '@backstage/core-plugin-api';
import { StoresApi } from '@storefleet/plugin-stores-common';

/** The stores API as a Backstage utility API; implemented by `StoresClient`. */
export const storesApiRef = createApiRef<StoresApi>({
  id: 'plugin.stores.service',
});
