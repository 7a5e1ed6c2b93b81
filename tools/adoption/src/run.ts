import { run as runProcess, simCluster } from '@storefleet/sim-cluster';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The adoption test's log: each step with its time, for people reading CI's artefacts. */
export const logFile = join(
  simCluster.root,
  'artefacts',
  'adoption',
  'steps.md',
);

export function log(line: string) {
  mkdirSync(dirname(logFile), { recursive: true });
  appendFileSync(logFile, `${line}\n`);
}

/** Runs a program (no shell), throwing with what it printed when it fails. */
export async function run(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<string> {
  const result = await runProcess(file, args, {
    timeoutMs: 20 * 60_000,
    ...options,
  });
  if (result.code !== 0) {
    throw new Error(
      `${file} ${args.join(' ')} failed (exit ${result.code}):\n${(
        result.stdout + result.stderr
      ).slice(-4000)}`,
    );
  }
  return result.stdout;
}

/** Times one step and logs it. */
export async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    const result = await fn();
    log(`- ${name}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
    return result;
  } catch (e) {
    log(
      `- ${name}: FAILED after ${((Date.now() - start) / 1000).toFixed(1)} s`,
    );
    throw e;
  }
}
