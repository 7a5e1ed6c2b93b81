import { charts, Manifest, renderChart } from './render';

const scalable = (manifests: Manifest[]) =>
  manifests.filter(m => m.kind === 'Deployment' || m.kind === 'StatefulSet');

const replicas = (manifests: Manifest[]) =>
  Object.fromEntries(
    scalable(manifests).map(m => [
      `${m.kind}/${m.metadata.name}`,
      m.spec.replicas,
    ]),
  );

const kept = (manifests: Manifest[]) =>
  manifests
    .filter(m =>
      ['PersistentVolumeClaim', 'Secret', 'Service', 'Ingress'].includes(
        m.kind,
      ),
    )
    .map(m => `${m.kind}/${m.metadata.name}`)
    .sort();

const volumeClaimTemplates = (manifests: Manifest[]) =>
  manifests
    .filter(m => m.kind === 'StatefulSet')
    .map(m => m.spec.volumeClaimTemplates ?? []);

describe.each(charts)('$name suspended', chart => {
  describe.each(chart.valuesFiles)('with %s', valuesFile => {
    let running: Manifest[];
    let suspended: Manifest[];
    beforeAll(async () => {
      running = await renderChart(chart.dir, valuesFile);
      suspended = await renderChart(chart.dir, valuesFile, [
        '--set',
        'suspended=true',
      ]);
    });

    it('scales every Deployment and StatefulSet to zero, and only them', () => {
      const before = replicas(running);
      expect(Object.keys(before).length).toBeGreaterThanOrEqual(2);
      expect(Object.values(before).every(n => n >= 1)).toBe(true);
      const after = replicas(suspended);
      expect(Object.keys(after)).toEqual(Object.keys(before));
      expect(Object.values(after).every(n => n === 0)).toBe(true);
    });

    it('keeps volumes, Secrets, Services and the Ingress, so resuming finds the data', () => {
      expect(kept(suspended)).toEqual(kept(running));
      expect(volumeClaimTemplates(suspended)).toEqual(
        volumeClaimTemplates(running),
      );
    });

    it('runs no setup hook against a database that is scaled to zero', () => {
      const jobs = (m: Manifest[]) => m.filter(x => x.kind === 'Job').length;
      expect(jobs(running)).toBe(chart.setupJobs);
      expect(jobs(suspended)).toBe(0);
    });
  });
});
