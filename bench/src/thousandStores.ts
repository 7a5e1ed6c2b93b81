/**
 * 1,000 Ready stores for the benchmarks that need them: on the sim cluster, 1,000 labelled
 * store namespaces with one Deployment each whose pod kwok reports ready; in a database, 1,000
 * Ready rows that record those workloads (through the plugin's own DatabaseStoresStore).
 */
import { DatabaseService } from '@backstage/backend-plugin-api';
// The bench drives the plugin's internals directly; they are not public API.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { DatabaseStoresStore } from '@storefleet/plugin-stores-backend/src/database/DatabaseStoresStore';
import { run, simCluster } from '@storefleet/sim-cluster';
import { Knex } from 'knex';

export const STORES = 1000;
const name = (i: number) => `bench-${String(i).padStart(4, '0')}`;

function manifests(): string {
  const docs: object[] = [];
  for (let i = 0; i < STORES; i++) {
    const n = name(i);
    docs.push(
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: `store-${n}`,
          labels: {
            'app.kubernetes.io/managed-by': 'storefleet',
            'storefleet.io/bench': 'true',
          },
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: `${n}-web`,
          namespace: `store-${n}`,
          labels: { 'backstage.io/kubernetes-id': n },
        },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: {
              labels: { app: 'web', 'backstage.io/kubernetes-id': n },
            },
            spec: {
              nodeSelector: { type: 'kwok' },
              tolerations: [
                {
                  key: 'kwok.x-k8s.io/node',
                  operator: 'Exists',
                  effect: 'NoSchedule',
                },
              ],
              containers: [{ name: 'web', image: 'registry.invalid/web:1' }],
            },
          },
        },
      },
    );
  }
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs });
}

async function readyDeployments(env: NodeJS.ProcessEnv): Promise<number> {
  const r = await run(
    'kubectl',
    [
      'get',
      'deployments',
      '-A',
      '-l',
      'backstage.io/kubernetes-id',
      '-o',
      'json',
    ],
    { env },
  );
  const items = JSON.parse(r.stdout).items as any[];
  return items.filter(
    d => d.metadata.name.startsWith('bench-') && d.status?.readyReplicas === 1,
  ).length;
}

/** Creates the namespaces and Deployments and waits until every pod is ready. */
export async function createThousandStoreNamespaces(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
) {
  // kwok nodes hold 110 pods each.
  await run('bash', [
    simCluster.script,
    'kwok-nodes',
    String(Math.ceil(STORES / 100) + 1),
  ]);
  log(`creating ${STORES} store namespaces with a Deployment each`);
  const applied = await run('kubectl', ['apply', '-f', '-'], {
    env,
    input: manifests(),
    timeoutMs: 15 * 60_000,
  });
  if (applied.code !== 0) throw new Error(applied.stderr);
  for (let ready = 0; ready < STORES; ) {
    ready = await readyDeployments(env);
    log(`${ready}/${STORES} Deployments ready`);
    if (ready < STORES) await new Promise(r => setTimeout(r, 10_000));
  }
}

/** Writes 1,000 Ready stores, matching the namespaces, through the plugin's store. */
export async function recordThousandReadyStores(knex: Knex) {
  const database = {
    getClient: async () => knex,
  } as unknown as DatabaseService;
  const store = await DatabaseStoresStore.create({ database });
  const limits = {
    maxStores: STORES * 2,
    maxStoresPerUser: STORES * 2,
    maxCreatesPerWindow: STORES * 2,
    rateWindowSeconds: 3600,
  };
  for (let i = 0; i < STORES; i++) {
    const n = name(i);
    const s = await store.createStore(
      {
        name: n,
        engine: 'medusa',
        owner: 'user:default/bench',
        createdBy: 'user:default/bench',
        namespace: `store-${n}`,
      },
      limits,
    );
    await store.setStatus(s.id, {
      status: 'ready',
      workloads: [`Deployment/${n}-web`],
    });
  }
  return store;
}

/** Deletes them, and only once they are gone takes the extra kwok nodes away. */
export async function removeThousandStoreNamespaces(env: NodeJS.ProcessEnv) {
  await run(
    'kubectl',
    [
      'delete',
      'namespaces',
      '-l',
      'storefleet.io/bench=true',
      '--wait=true',
      '--timeout=900s',
    ],
    { env, timeoutMs: 960_000 },
  );
  await run('bash', [simCluster.script, 'kwok-nodes', '1']);
}
