import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const packageDir = dirname(
  require.resolve('@storefleet/sim-cluster/package.json'),
);
const script = resolve(packageDir, 'sim-cluster.sh');
const root = resolve(packageDir, '..', '..');
/** The store charts, shipped inside the backend plugin's package. */
const storeChartsDir = resolve(root, 'plugins', 'stores-backend', 'charts');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program with an argument array (never a shell) and resolves with its exit code. */
export function run(
  file: string,
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    input?: string;
    timeoutMs?: number;
    cwd?: string;
  } = {},
): Promise<RunResult> {
  return new Promise(done => {
    const child = execFile(
      file,
      args,
      {
        env: { ...process.env, ...options.env },
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) code = typeof error.code === 'number' ? error.code : 1;
        done({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Runs a program as `run` does and resolves with its stdout; a non-zero exit is an error naming it. */
export async function runOrThrow(
  file: string,
  args: string[],
  options: Parameters<typeof run>[2] = {},
): Promise<string> {
  const result = await run(file, args, { timeoutMs: 900_000, ...options });
  if (result.code !== 0) {
    throw new Error(
      `${file} ${args.join(' ')} exited ${result.code}: ${result.stderr}`,
    );
  }
  return result.stdout;
}

/**
 * Starts (or reuses) the sim cluster and returns an environment pointing kubectl/helm at it.
 * With `realNode`, the cluster also has its real node (kubelet + containerd), started if needed.
 */
async function up(
  options: { realNode?: boolean } = {},
): Promise<NodeJS.ProcessEnv> {
  const result = await run(
    'bash',
    [script, 'up', ...(options.realNode ? ['--real-node'] : [])],
    { timeoutMs: 40 * 60_000 },
  );
  if (result.code !== 0) {
    throw new Error(
      `sim cluster did not start (exit ${result.code}):\n${result.stderr}`,
    );
  }
  const kubeconfig = resolve(
    root,
    '.storefleet',
    'sim-cluster',
    'kubeconfig.yaml',
  );
  const tools = resolve(root, '.tools', 'bin');
  return {
    KUBECONFIG: kubeconfig,
    PATH: `${tools}:${process.env.PATH}`,
    HELM_CACHE_HOME: resolve(root, '.storefleet', 'helm', 'cache'),
    HELM_CONFIG_HOME: resolve(root, '.storefleet', 'helm', 'config'),
    HELM_DATA_HOME: resolve(root, '.storefleet', 'helm', 'data'),
  };
}

/** The process id of one of the control plane's components (kube-apiserver, kwok-controller, …). */
function componentPid(component: string): number {
  const file = resolve(
    root,
    '.storefleet',
    'sim-cluster',
    'kwok',
    'clusters',
    process.env.SIM_CLUSTER_NAME ?? 'storefleet',
    'pids',
    `${component}.pid`,
  );
  return Number(readFileSync(file, 'utf8').trim());
}

export const simCluster = {
  up,
  script,
  root,
  storeChartsDir,
  packageDir,
  componentPid,
};
