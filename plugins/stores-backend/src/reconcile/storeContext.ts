import { storeObjectNames } from '@storefleet/plugin-stores-common';
import { StoreEngineContext } from '@storefleet/plugin-stores-node';
import { StoreWork } from '../database/StoresStore';
import { LifecycleSettings } from '../config/LifecycleSettings';

/** What an engine is told about the store it renders values for. */
export function storeContext(
  work: StoreWork,
  settings: LifecycleSettings,
): StoreEngineContext {
  return {
    storeName: work.name,
    release: work.release,
    namespace: work.namespace,
    baseDomain: settings.baseDomain,
    host: work.customHost ?? `${work.name}.${settings.baseDomain}`,
    ingressClassName: settings.ingressClassName,
    tls: settings.tls,
    credentialsSecretName: storeObjectNames(work).credentialsSecret,
    displayName: work.displayName,
    options: work.options ?? {},
  };
}
