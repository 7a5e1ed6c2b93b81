import { cpus, totalmem, release } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { simCluster } from '@storefleet/sim-cluster';

/** One line of the results table. */
export interface Row {
  id: string;
  measure: string;
  value: string;
  target: string;
  /** When it ran (UTC), set when the results are written. */
  run?: string;
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(
    totalmem() / 2 ** 30,
  )} GiB RAM, Linux ${release()}, Node ${process.version}`;
}

export function table(rows: Row[]): string {
  const lines = [
    '| id | measure | value | target | run (UTC) |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      r =>
        `| ${r.id} | ${r.measure} | ${r.value} | ${r.target} | ${
          r.run ?? 'now'
        } |`,
    ),
  ];
  return lines.join('\n');
}

/** The rows of an earlier RESULTS.md, so running one benchmark keeps the others' results. */
function earlierRows(file: string): Row[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(line => /^\| [A-Z]\d+ \|/.test(line))
    .map(line => {
      const [id, measure, value, target, run] = line.slice(2, -2).split(' | ');
      return { id, measure, value, target, run };
    });
}

/**
 * Writes bench/RESULTS.md: the machine and a table of every benchmark's latest result, each
 * with the time it ran (a benchmark not run this time keeps its earlier row).
 */
export function writeResults(rows: Row[], notes: string[]): string {
  const file = resolve(simCluster.root, 'bench', 'RESULTS.md');
  const run = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const ran = new Set(rows.map(r => r.id));
  const all = [
    ...earlierRows(file).filter(r => !ran.has(r.id)),
    ...rows.map(r => ({ ...r, run })),
  ].sort((a, b) => a.id.localeCompare(b.id));
  writeFileSync(
    file,
    [
      '# Benchmark results',
      '',
      `Written by \`yarn bench\`. Machine: ${machine()}.`,
      '',
      table(all),
      '',
      ...notes.map(n => `- ${n}`),
      '',
    ].join('\n'),
  );
  return file;
}
