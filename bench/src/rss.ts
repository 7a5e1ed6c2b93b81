/**
 * P8: resident memory of a backend with Storefleet's plugins and 1,000 stores ÷ the same
 * backend (the catalog and the scaffolder, which Storefleet's modules extend) without them;
 * beside it the plugins with no store, and the live JS heap of each, which say where the
 * difference lives. Each variant is its own Node process (rssChild.ts), measured after a full
 * GC, settled; the variants run in turns, 3 times each, and the medians are compared.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { resolve } from 'node:path';
import { startPostgres } from './postgres';
import { Row } from './report';

const RUNS = 3;
const VARIANTS = ['without', 'plugins-only', 'with'] as const;
type Variant = (typeof VARIANTS)[number];
interface Memory {
  rss: number;
  heapUsed: number;
}

async function measure(variant: Variant, postgres?: string): Promise<Memory> {
  const result = await run(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      require.resolve('sucrase/register/ts'),
      resolve(simCluster.root, 'bench', 'src', 'rssChild.ts'),
      variant,
    ],
    {
      timeoutMs: 600_000,
      env: postgres ? { P8_POSTGRES_URL: postgres } : {},
    },
  );
  if (result.code !== 0) throw new Error(`rss ${variant}: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

/** Runs the variants in turns, RUNS times; the median of each, by measure. */
async function medians(
  variants: readonly Variant[],
  label: string,
  log: (line: string) => void,
  postgres?: string,
) {
  const samples = new Map<Variant, Memory[]>(variants.map(v => [v, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const variant of variants) {
      samples.get(variant)!.push(await measure(variant, postgres));
    }
    log(
      `P8 ${label} run ${i + 1}/${RUNS}: ${variants
        .map(v => `${v} ${mib(samples.get(v)![i].rss)}`)
        .join(', ')}`,
    );
  }
  const median = (v: Variant, key: keyof Memory) =>
    samples
      .get(v)!
      .map(s => s[key])
      .sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  return (v: Variant, key: keyof Memory) =>
    `${mib(median(v, key))} ÷ ${mib(median('without', key))} (ratio ${(
      median(v, key) / median('without', key)
    ).toFixed(2)})`;
}

export async function rssBenchmark(log: (line: string) => void) {
  const sqlite = await medians(VARIANTS, 'SQLite', log);
  const pg = await medians(
    ['without', 'with'],
    'PostgreSQL',
    log,
    await startPostgres(),
  );
  const rows: Row[] = [
    {
      id: 'P8',
      measure:
        'backend RSS (catalog + scaffolder, SQLite files) with Storefleet and 1,000 stores ÷ without the stores plugins, median of 3',
      value: sqlite('with', 'rss'),
      target: '≤ 1.15',
    },
    {
      id: 'P8',
      measure: 'the same with the stores plugins and no store: RSS',
      value: sqlite('plugins-only', 'rss'),
      target: 'reported',
    },
    {
      id: 'P8',
      measure:
        'live JS heap after a full GC, with Storefleet and 1,000 stores ÷ without (SQLite)',
      value: sqlite('with', 'heapUsed'),
      target: 'reported',
    },
    {
      id: 'P8',
      measure:
        'on PostgreSQL (as in production): RSS with Storefleet and 1,000 stores ÷ without, median of 3',
      value: pg('with', 'rss'),
      target: '≤ 1.15',
    },
    {
      id: 'P8',
      measure: 'on PostgreSQL: live JS heap, with ÷ without',
      value: pg('with', 'heapUsed'),
      target: 'reported',
    },
  ];
  return rows;
}
