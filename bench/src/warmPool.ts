/**
 * P9: a Medusa store from the warm pool on the sim cluster's real node: POST → Ready when a
 * Ready slot is handed over (new admin password through Medusa's admin API, the release
 * upgraded with the person's name and host, the order probe and the public URLs again), beside
 * P6's cold path (a store with options, which no slot serves) in the same run, and the time
 * until the pool is full again after a claim. Median of 5 each.
 */
// The plugin's own sim-cluster test backend (not shipped), as its tests use it.
// eslint-disable-next-line @backstage/no-forbidden-package-imports, no-restricted-imports
import {
  alice,
  startSimStoresBackend,
} from '@storefleet/plugin-stores-backend/src/__testUtils__/simStoresBackend';
import { run, simCluster } from '@storefleet/sim-cluster';
import request from 'supertest';
import { Row } from './report';
import { addGaps, describeGaps, timeline } from './timeline';

const RUNS = 5;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

export async function warmPoolBenchmark(
  log: (line: string) => void,
): Promise<Row[]> {
  const env = await simCluster.up({ realNode: true });
  const sim = await startSimStoresBackend(env.KUBECONFIG!, {
    valuesProfile: 'realnode',
    provisioningMinutes: 15,
    pool: { intervalSeconds: 2, medusa: { size: 1 } },
  });
  const poolReady = async () =>
    (
      await request(sim.backend.server)
        .get('/api/stores/metrics/summary')
        .set('Authorization', alice)
    ).body.warmPool?.[0]?.ready ?? 0;
  const untilPoolFull = async () => {
    for (const end = Date.now() + 15 * 60_000; Date.now() < end; ) {
      if ((await poolReady()) >= 1) return;
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error('the warm pool never filled');
  };
  /** POST → Ready of one store, and the time of each step after the POST. */
  const createReady = async (body: Record<string, unknown>) => {
    const posted = Date.now();
    const created = await request(sim.backend.server)
      .post('/api/stores/stores')
      .set('Authorization', alice)
      .send(body);
    if (created.status !== 201) throw new Error(created.text);
    const store = await sim.waitForStatus(
      created.body.id,
      ['ready', 'failed'],
      15 * 60_000,
    );
    if (store.status !== 'ready') throw new Error(`failed: ${store.reason}`);
    const lines = (await timeline(sim.backend.server, alice, store.id)).filter(
      l => l.at >= posted,
    );
    const readyAt = lines.find(l => l.label === 'ready')!.at;
    return { store, posted, seconds: (readyAt - posted) / 1000, lines };
  };
  const warm: number[] = [];
  const cold: number[] = [];
  const refill: number[] = [];
  const warmGaps = new Map<string, number>();
  const coldGaps = new Map<string, number>();
  try {
    const filling = Date.now();
    await untilPoolFull();
    log(
      `the first slot Ready in ${((Date.now() - filling) / 1000).toFixed(0)} s`,
    );
    for (let i = 0; i < RUNS; i++) {
      await untilPoolFull();
      const claimed = await createReady({
        name: `p9-warm-${i}-${Date.now() % 100000}`,
        engine: 'medusa',
      });
      if (!claimed.lines.some(l => l.label === 'claimed')) {
        throw new Error(
          `store ${claimed.store.name} was not served from the pool`,
        );
      }
      warm.push(claimed.seconds);
      addGaps(warmGaps, claimed.lines, claimed.posted);
      // The cold path while the pool refills, as it would on a busy platform.
      const provisioned = await createReady({
        name: `p9-cold-${i}-${Date.now() % 100000}`,
        engine: 'medusa',
        options: { currency: 'EUR' },
      });
      cold.push(provisioned.seconds);
      addGaps(coldGaps, provisioned.lines, provisioned.posted);
      await untilPoolFull();
      refill.push((Date.now() - claimed.posted) / 1000);
      log(
        `run ${i + 1}: warm ${claimed.seconds.toFixed(
          1,
        )} s, cold ${provisioned.seconds.toFixed(1)} s, pool full again ${refill
          .at(-1)!
          .toFixed(0)} s after the claim`,
      );
      await Promise.all(
        [claimed, provisioned].map(s => sim.deleteAndWait(s.store.id, 600_000)),
      );
    }
    const p9 = median(warm);
    const p6 = median(cold);
    return [
      {
        id: 'P9',
        measure: `Medusa store from the warm pool on the real node: POST → Ready (hand-over and public URLs; the order probe is the slot's), median of ${RUNS}; by step`,
        value: `${p9.toFixed(1)} s (${describeGaps(warmGaps, RUNS)})`,
        target: '< 5 s',
      },
      {
        id: 'P9',
        measure: `beside it, the same run: a Medusa store no slot serves (options set), POST → Ready, median of ${RUNS}; by step`,
        value: `${p6.toFixed(1)} s (${describeGaps(
          coldGaps,
          RUNS,
        )}); warm ÷ cold ${(p9 / p6).toFixed(2)}`,
        target: 'reported',
      },
      {
        id: 'P9',
        measure: `pool of 1 full again after a claim (a new slot provisioned to Ready), median of ${RUNS}`,
        value: `${median(refill).toFixed(0)} s (range ${Math.min(
          ...refill,
        ).toFixed(0)}–${Math.max(...refill).toFixed(0)} s)`,
        target: 'reported',
      },
    ];
  } finally {
    await sim.backend.stop();
    // The slot left in the pool when the run ends is no store the benchmark deletes.
    const list = await run('kubectl', ['get', 'namespaces', '-o', 'name'], {
      env,
    });
    for (const ns of list.stdout
      .split('\n')
      .filter(n => n.startsWith('namespace/store-pool-'))) {
      await run('kubectl', ['delete', ns, '--wait=true', '--timeout=300s'], {
        env,
      });
    }
  }
}
