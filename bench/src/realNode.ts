/**
 * P6: a Medusa store on the sim cluster's real node (kubelet + containerd + runc, images built
 * on this machine): POST → Ready, where Ready means the chart's order probe placed a real
 * order. Two stores one after the other: the first after the node started (its containers
 * never ran since), then the next with the node's caches warm; each deleted after.
 */
// The plugin's own sim-cluster test backend (not shipped), as its tests use it.
// eslint-disable-next-line @backstage/no-forbidden-package-imports, no-restricted-imports
import {
  alice,
  startSimStoresBackend,
} from '@storefleet/plugin-stores-backend/src/__testUtils__/simStoresBackend';
import { simCluster } from '@storefleet/sim-cluster';
import request from 'supertest';
import { Row } from './report';
import { addGaps, describeGaps, timeline } from './timeline';

export async function realNodeBenchmark(
  log: (line: string) => void,
): Promise<Row[]> {
  const env = await simCluster.up({ realNode: true });
  const sim = await startSimStoresBackend(env.KUBECONFIG!, {
    valuesProfile: 'realnode',
    provisioningMinutes: 15,
  });
  const rows: Row[] = [];
  try {
    for (const run of ['first', 'next'] as const) {
      const posted = Date.now();
      const created = await request(sim.backend.server)
        .post('/api/stores/stores')
        .set('Authorization', alice)
        .send({
          name: `p6-${run}-${posted % 100000}`,
          engine: 'medusa',
          options: { currency: 'EUR', countries: ['DE'] },
        });
      if (created.status !== 201) throw new Error(created.text);
      const store = await sim.waitForStatus(
        created.body.id,
        ['ready', 'failed'],
        15 * 60_000,
      );
      if (store.status !== 'ready') throw new Error(`failed: ${store.reason}`);
      const lines = await timeline(sim.backend.server, alice, store.id);
      const seconds =
        (lines.find(l => l.label === 'ready')!.at - posted) / 1000;
      const gaps = new Map<string, number>();
      addGaps(gaps, lines, posted);
      log(`P6 ${run}: Ready in ${seconds.toFixed(1)} s; deleting`);
      rows.push({
        id: 'P6',
        measure: `Medusa store on the real node, ${
          run === 'first' ? 'first since the node started' : 'the next (warm)'
        }: POST → Ready (a real order placed); by step`,
        value: `${seconds.toFixed(1)} s (${describeGaps(gaps, 1)})`,
        target: 'reported',
      });
      await sim.deleteAndWait(store.id, 600_000);
    }
    return rows;
  } finally {
    await sim.backend.stop();
  }
}
