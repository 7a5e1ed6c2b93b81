import { readFile, writeFile, mkdtemp, cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { charts, Manifest, renderChart } from './render';

/**
 * What `helm upgrade` may not change: Kubernetes refuses any change to a StatefulSet's
 * volumeClaimTemplates (and selector). A warm-pool slot handed to a person is upgraded with
 * their name (backstageId) and host; every store is upgraded to new chart versions. Both must
 * leave these fields exactly as they were.
 */
const immutable = (manifests: Manifest[]) =>
  manifests
    .filter(m => m.kind === 'StatefulSet')
    .map(m => ({
      name: m.metadata.name,
      selector: m.spec.selector,
      volumeClaimTemplates: m.spec.volumeClaimTemplates,
    }));

describe.each(charts)('$name upgraded in place', chart => {
  it('keeps StatefulSets’ immutable fields when the Backstage name changes', async () => {
    const before = await renderChart(chart.dir, 'values.yaml', [
      '--set',
      'backstageId=pool-x-1a2b',
    ]);
    const after = await renderChart(chart.dir, 'values.yaml', [
      '--set',
      'backstageId=spring-shop',
    ]);
    expect(immutable(before).length).toBeGreaterThanOrEqual(1);
    expect(immutable(after)).toEqual(immutable(before));
  });

  it('keeps them across a new chart version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chart-version-'));
    try {
      const copy = join(dir, chart.name);
      await cp(chart.dir, copy, { recursive: true });
      const chartYaml = join(copy, 'Chart.yaml');
      const text = await readFile(chartYaml, 'utf8');
      await writeFile(
        chartYaml,
        text
          .replace(/^version: .*$/m, 'version: 99.0.0')
          .replace(/^appVersion: .*$/m, 'appVersion: "99.0.0"'),
      );
      const before = await renderChart(chart.dir, 'values.yaml');
      const after = await renderChart(copy, 'values.yaml');
      expect(immutable(after)).toEqual(immutable(before));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Each workload's pod template: what, changed, makes Kubernetes replace the pods. */
const podTemplates = (manifests: Manifest[]) =>
  Object.fromEntries(
    manifests
      .filter(m => m.kind === 'Deployment' || m.kind === 'StatefulSet')
      .map(m => [`${m.kind}/${m.metadata.name}`, m.spec.template]),
  );

describe('medusa-store handed over from the warm pool', () => {
  const chart = charts.find(c => c.name === 'medusa-store')!;
  const slot = [
    '--set',
    'ingress.host=pool-medusa-1a2b.localhost',
    '--set',
    'store.title=pool-medusa-1a2b',
  ];
  const person = [
    '--set',
    'ingress.host=spring-shop.localhost',
    '--set',
    'store.title=Spring shop',
  ];

  it.each(chart.valuesFiles)(
    'with %s: a new host and title restart no pod (the shop front reads the name from Medusa)',
    async valuesFile => {
      const before = podTemplates(
        await renderChart(chart.dir, valuesFile, slot),
      );
      const after = podTemplates(
        await renderChart(chart.dir, valuesFile, person),
      );
      const changed = Object.keys(before).filter(
        k => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
      );
      expect(changed).toEqual([]);
      const manifests = await renderChart(chart.dir, valuesFile, person);
      const ingress = manifests.find(m => m.kind === 'Ingress')!;
      expect(ingress.spec.rules[0].host).toBe('spring-shop.localhost');
      const settings = manifests.find(
        m => m.kind === 'ConfigMap' && m.metadata.name.endsWith('-settings'),
      )!;
      expect(settings.data).toMatchObject({
        STORE_CORS: expect.stringMatching(
          /^https?:\/\/spring-shop\.localhost$/,
        ),
        STORE_NAME: 'Spring shop',
      });
    },
  );
});
