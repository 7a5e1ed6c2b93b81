import { cpus, totalmem, release } from 'node:os';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { simCluster } from '@storefleet/sim-cluster';

/** One line of the results table. */
export interface Row {
  id: string;
  measure: string;
  value: string;
  target: string;
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(
    totalmem() / 2 ** 30,
  )} GiB RAM, Linux ${release()}, Node ${process.version}`;
}

export function table(rows: Row[]): string {
  const lines = [
    '| id | measure | value | target |',
    '| --- | --- | --- | --- |',
    ...rows.map(r => `| ${r.id} | ${r.measure} | ${r.value} | ${r.target} |`),
  ];
  return lines.join('\n');
}

/** Writes bench/RESULTS.md: when, on what machine, and the table. */
export function writeResults(rows: Row[], notes: string[]): string {
  const file = resolve(simCluster.root, 'bench', 'RESULTS.md');
  writeFileSync(
    file,
    [
      '# Benchmark results',
      '',
      `Written by \`yarn bench\` on ${new Date().toISOString()}.`,
      '',
      `Machine: ${machine()}.`,
      '',
      table(rows),
      '',
      ...notes.map(n => `- ${n}`),
      '',
    ].join('\n'),
  );
  return file;
}
