import { simCluster } from '@storefleet/sim-cluster';
import { spawn } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './registry';

/** The adopter's own settings (app-config.local.yaml): where its cluster and helm are. */
export function writeLocalConfig(appDir: string, port: number) {
  const kubeconfig = join(
    simCluster.root,
    '.storefleet',
    'sim-cluster',
    'kubeconfig.yaml',
  );
  writeFileSync(
    join(appDir, 'app-config.local.yaml'),
    [
      'backend:',
      `  baseUrl: http://localhost:${port}`,
      `  listen: { port: ${port} }`,
      'stores:',
      `  kubernetes: { kubeconfigPath: ${JSON.stringify(kubeconfig)} }`,
      `  helm: { binary: ${JSON.stringify(
        join(simCluster.root, '.tools', 'bin', 'helm'),
      )} }`,
      "  # The sim cluster's real node runs images built on this machine.",
      '  valuesProfile: realnode',
      '  enabledEngines: [medusa]',
      '',
    ].join('\n'),
  );
}

/** `yarn start` in packages/backend, as the app's README says; stopped with its process group. */
export async function startBackend(
  appDir: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
) {
  const port = await freePort();
  writeLocalConfig(appDir, port);
  const out = openSync(logFile, 'w');
  const child = spawn('yarn', ['start'], {
    cwd: join(appDir, 'packages', 'backend'),
    env: { ...env, NODE_ENV: 'development' },
    stdio: ['ignore', out, out],
    detached: true,
  });
  const baseUrl = `http://localhost:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const health = await fetch(`${baseUrl}/api/stores/health`).then(
      async r => ({ status: r.status, body: await r.text() }),
      () => undefined,
    );
    // 404: the HTTP server listens before every plugin is mounted; the stores plugin is not yet.
    if (health && health.status !== 404) return { baseUrl, stop, health };
    if (Date.now() > deadline || child.exitCode !== null) {
      stop();
      throw new Error(
        `the adopter's backend did not answer on ${baseUrl}; see ${logFile}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** A guest's Backstage token, as the app's sign-in page gets one. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`guest sign-in: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as any).backstageIdentity.token;
}
