/**
 * P8: resident memory of a backend with Storefleet's plugins and 1,000 stores ÷ the same
 * backend (the catalog and the scaffolder, which Storefleet's modules extend) without them.
 * Each variant is its own Node process (rssChild.ts), measured after a full GC, settled; the
 * two run in turns, 3 times each, and the medians are compared.
 */
import { run } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import { Row } from './report';

const RUNS = 3;

async function measure(variant: 'with' | 'without'): Promise<number> {
  const result = await run(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      require.resolve('sucrase/register/ts'),
      resolve(__dirname, 'rssChild.ts'),
      variant,
    ],
    { timeoutMs: 600_000 },
  );
  if (result.code !== 0) throw new Error(`rss ${variant}: ${result.stderr}`);
  const last = result.stdout.trim().split('\n').pop()!;
  return JSON.parse(last).rss;
}

export async function rssBenchmark(log: (line: string) => void) {
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const without: number[] = [];
  const withStores: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    without.push(await measure('without'));
    withStores.push(await measure('with'));
    log(
      `P8 run ${i + 1}/${RUNS}: without ${mib(without[i])}, with ${mib(
        withStores[i],
      )}`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
  const rows: Row[] = [
    {
      id: 'P8',
      measure:
        'backend RSS (catalog + scaffolder, SQLite files) with Storefleet and 1,000 stores ÷ without the stores plugins, median of 3',
      value: `${mib(median(withStores))} ÷ ${mib(median(without))} (ratio ${(
        median(withStores) / median(without)
      ).toFixed(2)})`,
      target: '≤ 1.15',
    },
  ];
  return rows;
}
