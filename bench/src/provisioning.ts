/**
 * P1 and P2: what Storefleet adds to provisioning one store, and how it runs many.
 *
 * P1: one WooCommerce store through Storefleet (POST → Ready: namespace, Secret, helm upgrade
 * --install --wait, helm test, the records) ÷ the same chart and values installed by hand (helm
 * upgrade --install --wait, then helm test; the namespace and Secret made beforehand, untimed),
 * on the same sim cluster, in turns, median of 5 each.
 * P2: 20 stores requested at once with maxConcurrentProvisions 5: the time until all are
 * Ready ÷ 4 × the median of one store from P1 (20 stores in 4 waves of 5 as the ideal).
 */
// The bench drives the plugin's internals directly; they are not public API.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { woocommerceEngine } from '@storefleet/plugin-stores-backend/src/engines/builtinEngines';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import {
  ClusterClient,
  loadKubeConfig,
} from '@storefleet/plugin-stores-backend/src/kubernetes/ClusterClient';
// The plugin's own sim-cluster test backend (not shipped), as its tests use it.
// eslint-disable-next-line @backstage/no-forbidden-package-imports, no-restricted-imports
import {
  alice,
  startSimStoresBackend,
} from '@storefleet/plugin-stores-backend/src/__testUtils__/simStoresBackend';
import { run, simCluster } from '@storefleet/sim-cluster';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { Row } from './report';
import { addGaps, describeGaps, timeline } from './timeline';

const RUNS = 5;
const WAVE = 5;
const MANY = 20;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function provisioningBenchmark(
  log: (line: string) => void,
): Promise<Row[]> {
  const env = await simCluster.up();
  await run('bash', [simCluster.script, 'kwok-nodes', '2']);
  const sim = await startSimStoresBackend(env.KUBECONFIG!, {
    quotas: {
      maxStores: 100,
      maxStoresPerUser: 100,
      maxCreatesPerHour: 100,
      maxConcurrentProvisions: WAVE,
    },
  });
  const server = sim.backend.server;
  const cluster = new ClusterClient(
    loadKubeConfig({ kubeconfigPath: env.KUBECONFIG }),
  );
  const chart = resolve(simCluster.storeChartsDir, woocommerceEngine.chart);
  const scratch = mkdtempSync(join(tmpdir(), 'storefleet-bench-'));
  const tag = `b${Date.now() % 100000}`;

  const create = async (name: string) => {
    const res = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', alice)
      .send({ name, engine: 'woocommerce' });
    if (res.status !== 201) throw new Error(`create: ${res.text}`);
    return res.body.id as string;
  };
  const ready = async (id: string) => {
    const store = await sim.waitForStatus(id, ['ready', 'failed'], 600_000);
    if (store.status !== 'ready') throw new Error(`failed: ${store.reason}`);
  };
  // Where Storefleet's time goes, summed over the runs: the gap before each activity line.
  const gaps = new Map<string, number>();

  /**
   * The same chart and values by hand: the namespace and Secret first (untimed), then timed
   * `helm upgrade --install --wait` and `helm test`. Resolves with the timed milliseconds.
   */
  const byHand = async (name: string) => {
    const namespace = `store-${name}`;
    const context = {
      storeName: name,
      namespace,
      baseDomain: 'stores.test',
      host: `${name}.stores.test`,
      tls: false,
      credentialsSecretName: `${name}-credentials`,
      options: {},
    };
    await cluster.ensureNamespace(namespace, {
      'app.kubernetes.io/managed-by': 'storefleet-bench',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    await cluster.ensureGeneratedSecret(
      namespace,
      context.credentialsSecretName,
      woocommerceEngine.credentialKeys,
      {},
    );
    const values = join(scratch, `${name}.json`);
    writeFileSync(
      values,
      JSON.stringify({
        ...woocommerceEngine.values(context),
        suspended: false,
      }),
    );
    const began = performance.now();
    for (const args of [
      [
        'upgrade',
        '--install',
        name,
        chart,
        '-n',
        namespace,
        '-f',
        join(chart, 'values-local.yaml'),
        '-f',
        values,
        '--wait',
        '--timeout',
        '600s',
      ],
      ['test', name, '-n', namespace, '--timeout', '600s'],
    ]) {
      const r = await run('helm', args, { env, timeoutMs: 700_000 });
      if (r.code !== 0) throw new Error(`helm ${args[0]}: ${r.stderr}`);
    }
    return performance.now() - began;
  };
  const removeByHand = (names: string[]) =>
    run(
      'kubectl',
      ['delete', 'namespace', ...names.map(n => `store-${n}`), '--wait'],
      { env, timeoutMs: 600_000 },
    );

  const storefleet: number[] = [];
  const raw: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      // Storefleet: the API call until the store is Ready.
      // Timed to the Ready line's own timestamp (not to when this loop polled it).
      const posted = Date.now();
      const id = await create(`${tag}-sf-${i}`);
      await ready(id);
      const lines = await timeline(server, alice, id);
      storefleet.push(lines.find(l => l.label === 'ready')!.at - posted);
      addGaps(gaps, lines, posted);

      // By hand: the same chart and values, namespace and Secret made first (untimed).
      const name = `${tag}-raw-${i}`;
      raw.push(await byHand(name));
      log(
        `P1 run ${i + 1}/${RUNS}: Storefleet ${(storefleet[i] / 1000).toFixed(
          1,
        )} s, by hand ${(raw[i] / 1000).toFixed(1)} s`,
      );
      await sim.deleteAndWait(id, 300_000);
      await removeByHand([name]);
    }

    log(`P2: ${MANY} stores at once, maxConcurrentProvisions ${WAVE}`);
    const began = performance.now();
    const ids = await Promise.all(
      Array.from({ length: MANY }, (_, i) => create(`${tag}-many-${i}`)),
    );
    await Promise.all(ids.map(ready));
    const many = performance.now() - began;
    log(`P2: all ${MANY} Ready in ${(many / 1000).toFixed(1)} s; deleting`);
    await Promise.all(ids.map(id => sim.deleteAndWait(id, 600_000)));

    // The same 20 by hand, 5 at a time: what the cluster itself does with 5 installs at once.
    log(`P2: ${MANY} by hand, ${WAVE} at a time`);
    const handNames = Array.from(
      { length: MANY },
      (_, i) => `${tag}-hand-${i}`,
    );
    const handBegan = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: WAVE }, async () => {
        while (next < MANY) await byHand(handNames[next++]);
      }),
    );
    const manyByHand = performance.now() - handBegan;
    await removeByHand(handNames);

    const one = median(storefleet);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return [
      {
        id: 'P1',
        measure: `one WooCommerce store (sim cluster): Storefleet POST→Ready ÷ helm upgrade --install --wait + helm test by hand, median of ${RUNS}`,
        value: `${seconds(one)} ÷ ${seconds(median(raw))} (ratio ${(
          one / median(raw)
        ).toFixed(2)})`,
        target: '≤ 1.05',
      },
      {
        id: 'P1',
        measure:
          'where Storefleet spends one store, mean per run: time before each activity line',
        value: describeGaps(gaps, RUNS),
        target: 'reported',
      },
      {
        id: 'P2',
        measure: `${MANY} stores at once, maxConcurrentProvisions ${WAVE}: all Ready ÷ (${
          MANY / WAVE
        } × one store)`,
        value: `${seconds(many)} ÷ ${seconds((MANY / WAVE) * one)} (ratio ${(
          many /
          ((MANY / WAVE) * one)
        ).toFixed(2)})`,
        target: '≤ 1.15',
      },
      {
        id: 'P2',
        measure: `the same ${MANY} by hand, ${WAVE} at a time (helm only): all done ÷ (${
          MANY / WAVE
        } × one by hand), the cluster's own slow-down`,
        value: `${seconds(manyByHand)} ÷ ${seconds(
          (MANY / WAVE) * median(raw),
        )} (ratio ${(manyByHand / ((MANY / WAVE) * median(raw))).toFixed(2)})`,
        target: 'reported',
      },
      {
        id: 'P2',
        measure: `${MANY} at once, ${WAVE} at a time: Storefleet ÷ by hand (what Storefleet adds at concurrency)`,
        value: `${seconds(many)} ÷ ${seconds(manyByHand)} (ratio ${(
          many / manyByHand
        ).toFixed(2)})`,
        target: 'reported',
      },
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await sim.backend.stop();
  }
}
