import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { StoreEngine } from './StoreEngine';

/** Lets backend modules add store engines to the stores plugin. */
export interface StoresEngineExtensionPoint {
  addEngine(...engines: StoreEngine[]): void;
}

export const storesEngineExtensionPoint =
  createExtensionPoint<StoresEngineExtensionPoint>({
    id: 'stores.engines',
  });
