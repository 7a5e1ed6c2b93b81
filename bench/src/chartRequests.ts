/**
 * P7: what one store asks of the cluster, summed from the rendered charts: CPU and memory
 * requests and limits of every container that runs while the store serves (init containers
 * counted at their peak, hooks and tests left out), and the storage its PVCs claim.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Row } from './report';

const cpu = (q?: string) => {
  if (!q) return 0;
  return q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);
};
const UNITS: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};
const bytes = (q?: string) => {
  if (!q) return 0;
  const unit = Object.keys(UNITS).find(u => q.endsWith(u));
  return unit ? Number(q.slice(0, -unit.length)) * UNITS[unit] : Number(q);
};
const mi = (b: number) => `${Math.round(b / 2 ** 20)} Mi`;
const gi = (b: number) => `${(b / 2 ** 30).toFixed(1)} Gi`;

async function sums(chart: string, valuesFile: string) {
  const dir = resolve(simCluster.storeChartsDir, chart);
  const helm = resolve(simCluster.root, '.tools', 'bin', 'helm');
  const r = await run(helm, [
    'template',
    'store',
    dir,
    '--namespace',
    'store-bench',
    '--values',
    resolve(dir, valuesFile),
    '--set',
    'existingSecret=bench',
  ]);
  if (r.code !== 0) throw new Error(r.stderr);
  const total = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0, storage: 0 };
  for (const doc of parseAllDocuments(r.stdout)) {
    const m = doc.toJSON() as any;
    if (!m || m.metadata?.annotations?.['helm.sh/hook']) continue;
    if (m.kind === 'PersistentVolumeClaim')
      total.storage += bytes(m.spec.resources.requests.storage);
    if (!['Deployment', 'StatefulSet'].includes(m.kind)) continue;
    for (const t of m.spec.volumeClaimTemplates ?? [])
      total.storage +=
        bytes(t.spec.resources.requests.storage) * (m.spec.replicas ?? 1);
    const pod = m.spec.template.spec;
    const sum = (cs: any[] = [], pick: (c: any) => number) =>
      cs.reduce((s, c) => s + pick(c), 0);
    const max = (cs: any[] = [], pick: (c: any) => number) =>
      cs.reduce((s, c) => Math.max(s, pick(c)), 0);
    const effective = (pick: (c: any) => number) =>
      Math.max(sum(pod.containers, pick), max(pod.initContainers, pick)) *
      (m.spec.replicas ?? 1);
    total.cpuReq += effective(c => cpu(c.resources?.requests?.cpu));
    total.cpuLim += effective(c => cpu(c.resources?.limits?.cpu));
    total.memReq += effective(c => bytes(c.resources?.requests?.memory));
    total.memLim += effective(c => bytes(c.resources?.limits?.memory));
  }
  return total;
}

export async function chartRequestsBenchmark(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const chart of ['woocommerce-store', 'medusa-store']) {
    for (const values of ['values-local.yaml', 'values-prod.yaml']) {
      const t = await sums(chart, values);
      rows.push({
        id: 'P7',
        measure: `${chart} with ${values}: CPU req/limit, memory req/limit, storage`,
        value: `${t.cpuReq.toFixed(2)}/${t.cpuLim.toFixed(2)} CPU, ${mi(
          t.memReq,
        )}/${mi(t.memLim)}, ${gi(t.storage)}`,
        target: 'reported',
      });
    }
  }
  return rows;
}
