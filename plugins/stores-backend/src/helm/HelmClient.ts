import execa from 'execa';

/** A chart's own refusal (`fail` in a template): helm wraps it in "execution error at (…): ". */
const CHART_REFUSAL = /execution error at \([^)]*\): ([\s\S]+)$/;

/** A Helm command failed; carries what Helm said so a person can act on it. */
export class HelmError extends Error {
  name = 'HelmError' as const;
  constructor(
    readonly command: string,
    readonly exitCode: number | undefined,
    readonly stderr: string,
    readonly timedOut = false,
  ) {
    const said = stderr.trim().split('\n').slice(-3).join(' ');
    const refusal = CHART_REFUSAL.exec(said)?.[1];
    super(
      refusal
        ? `the chart refused to install: ${refusal}`
        : `helm ${command} ${
            timedOut ? 'timed out' : `failed (exit ${exitCode})`
          }: ${said || 'no output'}`,
    );
  }
}

export interface HelmReleaseStatus {
  name: string;
  namespace: string;
  version: number;
  /** deployed, failed, pending-install, pending-upgrade, pending-rollback, uninstalling, … */
  status: string;
}

/** One revision of a release, as `helm history` tells it. */
export interface HelmRevision {
  revision: number;
  updated: string;
  /** deployed, superseded, failed, … */
  status: string;
  chart: string;
  appVersion: string;
  description: string;
}

export interface HelmCallOptions {
  signal?: AbortSignal;
  /** Kills helm after this long (in addition to helm's own --timeout). */
  processTimeoutMs?: number;
}

/**
 * Runs the helm binary with argument arrays — never through a shell, never with a secret in
 * argv — and parses its JSON output.
 */
export class HelmClient {
  constructor(
    private readonly options: {
      binary?: string;
      kubeconfigPath?: string;
      context?: string;
      /** Extra environment, e.g. HELM_CACHE_HOME. */
      env?: Record<string, string>;
    } = {},
  ) {}

  async upgradeInstall(
    args: {
      release: string;
      namespace: string;
      chart: string;
      valuesFiles: string[];
      timeoutSeconds: number;
      /** Recorded with the revision (`helm history`): who asked for what. Never a secret. */
      description?: string;
    },
    call?: HelmCallOptions,
  ): Promise<HelmReleaseStatus> {
    const output = await this.run(
      [
        'upgrade',
        args.release,
        args.chart,
        '--install',
        // Our values files are the whole desired state; without this, helm silently reuses the
        // previous release's values when the new ones are empty.
        '--reset-values',
        '--namespace',
        args.namespace,
        '--wait',
        '--wait-for-jobs',
        '--timeout',
        `${args.timeoutSeconds}s`,
        ...args.valuesFiles.flatMap(f => ['--values', f]),
        ...(args.description ? ['--description', args.description] : []),
        '--output',
        'json',
      ],
      call,
    );
    return toStatus(JSON.parse(output));
  }

  async test(
    args: { release: string; namespace: string; timeoutSeconds: number },
    call?: HelmCallOptions,
  ): Promise<string> {
    return this.run(
      [
        'test',
        args.release,
        '--namespace',
        args.namespace,
        '--timeout',
        `${args.timeoutSeconds}s`,
      ],
      call,
    );
  }

  /** Uninstalls a release; a release that does not exist is not an error. */
  async uninstall(
    args: { release: string; namespace: string; timeoutSeconds: number },
    call?: HelmCallOptions,
  ): Promise<void> {
    await this.run(
      [
        'uninstall',
        args.release,
        '--namespace',
        args.namespace,
        '--wait',
        '--ignore-not-found',
        '--timeout',
        `${args.timeoutSeconds}s`,
      ],
      call,
    );
  }

  /** The release's status, or undefined when there is no such release. */
  async status(
    args: { release: string; namespace: string },
    call?: HelmCallOptions,
  ): Promise<HelmReleaseStatus | undefined> {
    try {
      const output = await this.run(
        [
          'status',
          args.release,
          '--namespace',
          args.namespace,
          '--output',
          'json',
        ],
        call,
      );
      return toStatus(JSON.parse(output));
    } catch (error) {
      if (
        error instanceof HelmError &&
        /release: not found/.test(error.stderr)
      ) {
        return undefined;
      }
      throw error;
    }
  }

  /** Releases in a namespace, including pending and failed ones. */
  async list(
    namespace: string,
    call?: HelmCallOptions,
  ): Promise<HelmReleaseStatus[]> {
    const output = await this.run(
      ['list', '--namespace', namespace, '--all', '--output', 'json'],
      call,
    );
    return (JSON.parse(output) as any[]).map(r => ({
      name: r.name,
      namespace: r.namespace,
      version: Number(r.revision),
      status: r.status,
    }));
  }

  /** The release's revisions, oldest first. */
  async history(
    args: { release: string; namespace: string },
    call?: HelmCallOptions,
  ): Promise<HelmRevision[]> {
    const output = await this.run(
      [
        'history',
        args.release,
        '--namespace',
        args.namespace,
        '--max',
        '50',
        '--output',
        'json',
      ],
      call,
    );
    return (JSON.parse(output) as any[]).map(r => ({
      revision: Number(r.revision),
      updated: new Date(r.updated).toISOString(),
      status: r.status,
      chart: r.chart,
      appVersion: r.app_version,
      description: r.description,
    }));
  }

  /** The user-supplied values of a revision (the current one by default). */
  async values(
    args: { release: string; namespace: string; revision?: number },
    call?: HelmCallOptions,
  ): Promise<Record<string, unknown>> {
    const output = await this.run(
      [
        'get',
        'values',
        args.release,
        '--namespace',
        args.namespace,
        ...(args.revision ? ['--revision', String(args.revision)] : []),
        '--output',
        'json',
      ],
      call,
    );
    return (JSON.parse(output) as Record<string, unknown>) ?? {};
  }

  /** Rolls back to `revision`, or to the previous one when it is left out. */
  async rollback(
    args: {
      release: string;
      namespace: string;
      timeoutSeconds: number;
      revision?: number;
    },
    call?: HelmCallOptions,
  ): Promise<void> {
    await this.run(
      [
        'rollback',
        args.release,
        ...(args.revision ? [String(args.revision)] : []),
        '--namespace',
        args.namespace,
        '--wait',
        '--timeout',
        `${args.timeoutSeconds}s`,
      ],
      call,
    );
  }

  private async run(
    args: string[],
    call: HelmCallOptions = {},
  ): Promise<string> {
    const { binary = 'helm', kubeconfigPath, context, env } = this.options;
    const global = [
      ...(kubeconfigPath ? ['--kubeconfig', kubeconfigPath] : []),
      ...(context ? ['--kube-context', context] : []),
    ];
    const child = execa(binary, [...args, ...global], {
      env,
      reject: false,
      timeout: call.processTimeoutMs,
      stdin: 'ignore',
    });
    const abort = () => child.kill('SIGTERM');
    call.signal?.addEventListener('abort', abort, { once: true });
    try {
      const result = await child;
      if (result.exitCode !== 0 || result.timedOut || result.isCanceled) {
        throw new HelmError(
          args[0],
          result.exitCode,
          result.stderr || result.stdout,
          result.timedOut,
        );
      }
      return result.stdout;
    } finally {
      call.signal?.removeEventListener('abort', abort);
    }
  }
}

function toStatus(json: any): HelmReleaseStatus {
  return {
    name: json.name,
    namespace: json.namespace,
    version: Number(json.version),
    status: json.info?.status,
  };
}
