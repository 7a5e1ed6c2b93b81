/* Test helper (not shipped): the real Storefleet backend as OS processes, for crash and replica tests. */
import { run, simCluster } from '@storefleet/sim-cluster';
import { ChildProcess, spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Calls `fn` every 250 ms until it gives a value (errors count as no value yet). */
export async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 150_000,
): Promise<T> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Signs in as the guest of the backend at `baseUrl`, as the app does, and returns its token. */
export async function guestToken(baseUrl: string): Promise<string> {
  const guest = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!guest.ok) throw new Error(`guest sign-in: HTTP ${guest.status}`);
  return (await guest.json()).backstageIdentity.token as string;
}

export interface BackendProcess {
  label: string;
  child: ChildProcess;
  baseUrl: string;
  /** Signals the whole process group (the backend and the helm it runs). */
  kill(signal: NodeJS.Signals): void;
  /** Resolves when the process has exited. */
  exited(): Promise<void>;
  /** Calls the stores API as a guest user of this backend. */
  api(path: string, init?: RequestInit): Promise<{ status: number; body: any }>;
}

/**
 * Runs `packages/backend` (`backstage-cli package start`, as `npm start` does) with the repo's
 * app-config plus `config`, against the sim cluster, each process in a process group of its
 * own with its log in `artefacts/<suite>/<label>.log`.
 */
export function backendProcesses(suite: string, env: NodeJS.ProcessEnv) {
  const scratch = mkdtempSync(join(tmpdir(), `storefleet-${suite}-`));
  const logDir = resolve(simCluster.root, 'artefacts', suite);
  mkdirSync(logDir, { recursive: true });
  const started: BackendProcess[] = [];

  async function start(
    label: string,
    port: number,
    config: Record<string, unknown>,
    extraEnv: NodeJS.ProcessEnv = {},
  ): Promise<BackendProcess> {
    const baseUrl = `http://localhost:${port}`;
    const configFile = join(scratch, `app-config.${label}.yaml`);
    writeFileSync(
      configFile,
      JSON.stringify({
        ...config,
        // kwok's pods serve nothing: these simulated suites opt out of the public-URL step.
        stores: {
          publicUrlCheck: { enabled: false },
          ...(config.stores as object),
        },
        app: { baseUrl: `http://localhost:${port + 1000}` },
        backend: {
          baseUrl,
          listen: { port },
          ...(config.backend as object),
        },
      }),
    );
    const child = spawn(
      process.execPath,
      [
        resolve(simCluster.root, '.yarn', 'releases', 'yarn-4.13.0.cjs'),
        'backstage-cli',
        'package',
        'start',
        '--config',
        resolve(simCluster.root, 'app-config.yaml'),
        '--config',
        configFile,
      ],
      {
        cwd: resolve(simCluster.root, 'packages', 'backend'),
        env: {
          ...process.env,
          ...env,
          // As `npm start` runs it (Jest's NODE_ENV=test would turn guest sign-in off).
          NODE_ENV: 'development',
          // The CLI spawns `node` from PATH: the same Node as this test (native addons match).
          PATH: `${dirname(process.execPath)}:${env.PATH ?? process.env.PATH}`,
          STOREFLEET_KUBECONFIG: env.KUBECONFIG,
          ...extraEnv,
        },
        detached: true,
        stdio: ['ignore', openSync(join(logDir, `${label}.log`), 'w'), 'pipe'],
      },
    );
    child.stderr!.resume();
    const exit = new Promise<void>(r => child.once('exit', () => r()));
    const backend: BackendProcess = {
      label,
      child,
      baseUrl,
      kill(signal) {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      },
      exited: () => exit,
      async api(path, init = {}) {
        const token = await guestToken(baseUrl);
        const res = await fetch(`${baseUrl}/api/stores${path}`, {
          ...init,
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
          },
        });
        return { status: res.status, body: await res.json() };
      },
    };
    started.push(backend);
    await poll(
      `backend ${label} ready`,
      async () => {
        if (child.exitCode !== null) throw new Error(`backend ${label} exited`);
        const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
        return res.ok ? true : undefined;
      },
      180_000,
    );
    return backend;
  }

  /** SIGKILLs every process still running and removes the scratch folder. */
  async function stopAll() {
    for (const b of started) b.kill('SIGKILL');
    await Promise.all(
      started.map(b =>
        b.child.exitCode === null && b.child.signalCode === null
          ? b.exited()
          : undefined,
      ),
    );
    rmSync(scratch, { recursive: true, force: true });
  }

  return { scratch, start, stopAll };
}

/** The Helm releases of a namespace, whatever their status. */
export async function helmReleases(env: NodeJS.ProcessEnv, namespace: string) {
  const result = await run(
    'helm',
    ['list', '-a', '-n', namespace, '-o', 'json'],
    { env },
  );
  return JSON.parse(result.stdout || '[]') as {
    name: string;
    status: string;
    revision: string;
  }[];
}

/** Waits until the store has one of `statuses`, asking `backend`. */
export function storeStatus(
  backend: BackendProcess,
  id: string,
  statuses: string[],
  timeoutMs?: number,
) {
  return poll(
    `store ${id} ${statuses.join('/')}`,
    async () => {
      const { body } = await backend.api(`/stores/${id}`);
      return statuses.includes(body.status) ? body : undefined;
    },
    timeoutMs,
  );
}
