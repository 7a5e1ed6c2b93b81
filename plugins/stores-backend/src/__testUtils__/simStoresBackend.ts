/* Test helper (not shipped): the stores plugin in a test backend, provisioning into the sim cluster. */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import request from 'supertest';
import { storesPlugin } from '../plugin';

export const alice = mockCredentials.user.header('user:default/alice');

/** Starts the stores plugin against the cluster of `kubeconfigPath`, with the repo's charts and helm. */
export async function startSimStoresBackend(
  kubeconfigPath: string,
  stores: {
    valuesProfile?: string;
    provisioningMinutes?: number;
    tls?: boolean;
    /** Runs the drift check this often, on Backstage's real scheduler (not the test mock). */
    driftSeconds?: number;
    /** More backend features, e.g. a module adding a test engine. */
    features?: BackendFeature[];
    enabledEngines?: string[];
    /** Default restricted; the sim cluster's check chart needs baseline. */
    podSecurityLevel?: string;
    /** stores.quotas, e.g. maxConcurrentProvisions. */
    quotas?: Record<string, number>;
    /** stores.kubernetes.storeRole: the provisioner binds it in each store namespace. */
    storeRole?: string;
    /** stores.egress.allowed: the platform's egress door for stores' application pods. */
    egressAllowed?: Array<{ cidr: string; ports?: number[] }>;
    /** stores.pool: the warm pool (runs on Backstage's real scheduler, as the drift check). */
    pool?: JsonObject;
  } = {},
) {
  const backend = await startTestBackend({
    features: [
      storesPlugin,
      // The test backend's mock scheduler runs tasks only at startup; the drift check needs
      // the real one (global tasks, locked through the plugin's database).
      ...(stores.driftSeconds || stores.pool ? [schedulerServiceFactory] : []),
      ...(stores.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          stores: {
            kubernetes: {
              kubeconfigPath,
              ...(stores.storeRole && { storeRole: stores.storeRole }),
            },
            helm: {
              binary: resolve(simCluster.root, '.tools', 'bin', 'helm'),
            },
            chartsDirectory: simCluster.storeChartsDir,
            ...(stores.enabledEngines && {
              enabledEngines: stores.enabledEngines,
            }),
            podSecurityLevel: stores.podSecurityLevel ?? 'restricted',
            baseDomain:
              stores.valuesProfile === 'realnode' ? 'localhost' : 'stores.test',
            // kwok's pods serve nothing, so the simulated suites opt out of the public-URL
            // step (their stores' activity says "not checked"); on the real node it runs.
            publicUrlCheck: { enabled: stores.valuesProfile === 'realnode' },
            reconcile: { intervalSeconds: 1 },
            drift: { intervalSeconds: stores.driftSeconds ?? 0 },
            valuesProfile: stores.valuesProfile ?? 'local',
            ingress: { tls: stores.tls ?? false },
            timeouts: { provisioningMinutes: stores.provisioningMinutes ?? 20 },
            ...(stores.quotas && { quotas: stores.quotas }),
            ...(stores.pool && { pool: stores.pool }),
            ...(stores.egressAllowed && {
              egress: { allowed: stores.egressAllowed },
            }),
          },
        },
      }),
    ],
  });

  /** Polls the API (as alice) until the store has one of `statuses`. */
  async function waitForStatus(
    id: string,
    statuses: string[],
    timeoutMs = 150_000,
  ) {
    for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
      const res = await request(backend.server)
        .get(`/api/stores/stores/${id}`)
        .set('Authorization', alice);
      if (statuses.includes(res.body.status)) return res.body;
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`store ${id} never reached ${statuses.join('/')}`);
  }

  /** Creates a store through the API and waits until it is ready or failed. */
  async function createAndSettle(
    body: Record<string, unknown>,
    timeoutMs?: number,
  ) {
    const created = await request(backend.server)
      .post('/api/stores/stores')
      .set('Authorization', alice)
      .send(body);
    if (created.status !== 201) {
      throw new Error(`create answered ${created.status}: ${created.text}`);
    }
    return waitForStatus(created.body.id, ['ready', 'failed'], timeoutMs);
  }

  /** Deletes a store through the API and waits until it is deleted. */
  async function deleteAndWait(id: string, timeoutMs?: number) {
    await request(backend.server)
      .delete(`/api/stores/stores/${id}`)
      .set('Authorization', alice)
      .expect(202);
    return waitForStatus(id, ['deleted'], timeoutMs);
  }

  return { backend, waitForStatus, createAndSettle, deleteAndWait };
}
