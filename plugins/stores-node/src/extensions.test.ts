import {
  createBackendModule,
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { storesEngineExtensionPoint } from './extensions';
import { StoreEngine } from './StoreEngine';

describe('storesEngineExtensionPoint', () => {
  it('carries engines from a module to the plugin in a real backend', async () => {
    const received: StoreEngine[] = [];
    const plugin = createBackendPlugin({
      pluginId: 'stores',
      register(env) {
        env.registerExtensionPoint(storesEngineExtensionPoint, {
          addEngine: (...engines) => received.push(...engines),
        });
        env.registerInit({
          deps: { logger: coreServices.logger },
          async init() {},
        });
      },
    });
    const engine: StoreEngine = {
      id: 'shopware',
      title: 'Shopware',
      chart: '/charts/shopware',
      credentialKeys: ['admin-password'],
      values: ctx => ({ host: `${ctx.storeName}.${ctx.baseDomain}` }),
      urls: ctx => ({
        storefrontUrl: `http://${ctx.storeName}.${ctx.baseDomain}`,
        adminUrl: `http://${ctx.storeName}.${ctx.baseDomain}/admin`,
      }),
    };
    const module = createBackendModule({
      pluginId: 'stores',
      moduleId: 'shopware',
      register(env) {
        env.registerInit({
          deps: { engines: storesEngineExtensionPoint },
          async init({ engines }) {
            engines.addEngine(engine);
          },
        });
      },
    });
    const backend = await startTestBackend({ features: [plugin, module] });
    expect(received.map(e => e.id)).toEqual(['shopware']);
    await backend.stop();
  });
});
