/* Test helper (not shipped): the sim cluster's check chart as a third engine. */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { storesEngineExtensionPoint } from '@storefleet/plugin-stores-node';
import { simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Engine `check`, added through the engine extension point like any third engine. Its options
 * are chart values: the memory of its web pods, and the exit code the sim cluster gives its
 * helm test pod (non-zero: the "order probe" fails).
 */
export const checkEngineModule = createBackendModule({
  pluginId: 'stores',
  moduleId: 'check-engine',
  register(env) {
    env.registerInit({
      deps: { engines: storesEngineExtensionPoint },
      async init({ engines }) {
        engines.addEngine({
          id: 'check',
          title: 'Sim check',
          chart: resolve(simCluster.packageDir, 'test-chart'),
          credentialKeys: ['admin-password'],
          options: z.strictObject({
            webMemory: z
              .string()
              .regex(/^\d+Mi$/)
              .optional(),
            testExitCode: z.number().int().min(0).max(255).optional(),
          }),
          values: ctx => ctx.options,
          urls: ctx => ({
            storefrontUrl: `http://${ctx.host}/`,
            adminUrl: `http://${ctx.host}/admin`,
          }),
        });
      },
    });
  },
});
