/**
 * The egress door (networkPolicy.egressAllowed, from the platform's stores.egress.allowed),
 * resolved against the rendered chart: its pod selector picks the store's application pods and
 * never a database pod, and it opens exactly the CIDRs and ports asked for. Enforcement itself
 * is proven on the real node (plugins/stores-backend/src/networkPolicy.simcluster.test.ts).
 */
import { charts, Manifest, renderChart } from './render';
import { podLabelsOf, workloads } from './workloads';

const door = [{ cidr: '203.0.113.10/32', ports: [443, 587] }];
const applicationPods: Record<string, string[]> = {
  'woocommerce-store': ['cron', 'setup', 'wordpress'],
  'medusa-store': ['server', 'worker'],
};
const databasePods = ['mariadb', 'postgres', 'redis'];

/** Does a NetworkPolicy pod selector (matchLabels / matchExpressions In) pick these labels? */
function selects(selector: any, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(
    ([k, v]) => labels[k] === v,
  );
  const byExpressions = (selector.matchExpressions ?? []).every(
    (e: any) => e.operator === 'In' && e.values.includes(labels[e.key]),
  );
  return byLabels && byExpressions;
}

const podLabels = podLabelsOf;

describe.each(charts)('$name egress door', chart => {
  let manifests: Manifest[];
  beforeAll(async () => {
    manifests = await renderChart(chart.dir, 'values-prod.yaml', [
      '--set-json',
      `networkPolicy.egressAllowed=${JSON.stringify(door)}`,
    ]);
  });

  it('opens the CIDRs and ports asked for, to the application pods only', () => {
    const policy = manifests.find(
      m =>
        m.kind === 'NetworkPolicy' && m.metadata.name.endsWith('-allow-egress'),
    )!;
    expect(policy.spec.policyTypes).toEqual(['Egress']);
    expect(policy.spec.egress).toEqual([
      {
        to: [{ ipBlock: { cidr: '203.0.113.10/32' } }],
        ports: [
          { protocol: 'TCP', port: 443 },
          { protocol: 'TCP', port: 587 },
        ],
      },
    ]);
    const picked = workloads(manifests)
      .filter(w => selects(policy.spec.podSelector, podLabels(w)))
      .map(w => podLabels(w)['app.kubernetes.io/name'])
      .sort();
    expect(picked).toEqual(applicationPods[chart.name]);
    const names = workloads(manifests).map(
      w => podLabels(w)['app.kubernetes.io/name'],
    );
    expect(names.some(n => databasePods.includes(n))).toBe(true);
    expect(picked.some(n => databasePods.includes(n))).toBe(false);
  });

  it('renders no door by default', async () => {
    const plain = await renderChart(chart.dir, 'values-prod.yaml');
    expect(
      plain.filter(m => m.metadata.name.endsWith('-allow-egress')),
    ).toEqual([]);
  });
});
