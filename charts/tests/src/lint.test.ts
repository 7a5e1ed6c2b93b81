import { run, simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import { charts, helmTemplate } from './render';

const helm = resolve(simCluster.root, '.tools', 'bin', 'helm');

describe.each(charts)('$name', chart => {
  it.each(chart.valuesFiles)(
    'passes helm lint --strict with %s',
    async valuesFile => {
      const result = await run(helm, [
        'lint',
        '--strict',
        chart.dir,
        '--values',
        resolve(chart.dir, valuesFile),
      ]);
      expect(result.stderr + result.stdout).toContain(
        '1 chart(s) linted, 0 chart(s) failed',
      );
      expect(result.code).toBe(0);
    },
  );

  it.each(chart.badValues)(
    'rejects %s through values.schema.json',
    async (_what, args, field) => {
      const result = await helmTemplate(chart.dir, args);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(
        "values don't meet the specifications of the schema",
      );
      expect(result.stderr).toContain(field);
    },
  );
});
