/**
 * tools/kubernetes-tab/configure.sh against the sim cluster: it writes an app-config overlay
 * for Backstage's Kubernetes tab, and the token it mints reads the kinds the tab shows and
 * nothing more.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run, simCluster } from './simCluster';

jest.setTimeout(5 * 60_000);

let env: NodeJS.ProcessEnv;
let scratch: string;
let overlay: string;
let token: string;

beforeAll(async () => {
  env = await simCluster.up();
  scratch = mkdtempSync(join(tmpdir(), 'storefleet-k8s-tab-'));
  overlay = join(scratch, 'app-config.kubernetes.yaml');
  const script = resolve(simCluster.root, 'tools/kubernetes-tab/configure.sh');
  // Sourced as start.sh does; the token comes back through the environment only.
  const result = await run(
    'bash',
    [
      '-c',
      'source "$0" "$KUBECONFIG" "" "$1" && printf %s "$STOREFLEET_KUBERNETES_TOKEN"',
      script,
      overlay,
    ],
    { env },
  );
  if (result.code !== 0 || result.stderr !== '')
    throw new Error(`configure.sh failed (${result.code}): ${result.stderr}`);
  token = result.stdout;
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** kubectl with the minted token instead of the admin identity. */
async function asReader(...args: string[]) {
  const admin = JSON.parse(
    (
      await run(
        'kubectl',
        ['config', 'view', '--raw', '--minify', '-o', 'json'],
        { env },
      )
    ).stdout,
  );
  const kubeconfig = join(scratch, 'reader.kubeconfig.json');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: admin.clusters,
      users: [{ name: 'reader', user: { token } }],
      contexts: [
        {
          name: 'reader',
          context: { cluster: admin.clusters[0].name, user: 'reader' },
        },
      ],
      'current-context': 'reader',
    }),
    { mode: 0o600 },
  );
  return run('kubectl', args, { env: { ...env, KUBECONFIG: kubeconfig } });
}

describe('the Kubernetes tab configuration', () => {
  it('writes the cluster URL and CA, and refers to the token by variable only', () => {
    const text = readFileSync(overlay, 'utf8');
    expect(text).toMatch(/url: https:\/\/127\.0\.0\.1:\d+/);
    expect(text).toMatch(/caData: [A-Za-z0-9+/=]{100,}/);
    expect(text).toContain(
      'serviceAccountToken: ${STOREFLEET_KUBERNETES_TOKEN}',
    );
    expect(text).not.toContain(token);
  });

  it('mints a token of the read-only ServiceAccount', async () => {
    const whoami = await asReader('auth', 'whoami', '-o', 'json');
    expect(JSON.parse(whoami.stdout).status.userInfo.username).toBe(
      'system:serviceaccount:storefleet-system:backstage-kubernetes-reader',
    );
    const pods = await asReader('get', 'pods', '-A', '-o', 'name');
    expect(pods.code).toBe(0);
  });

  it.each([
    ['list', 'pods'],
    ['watch', 'deployments.apps'],
    ['list', 'statefulsets.apps'],
    ['list', 'cronjobs.batch'],
    ['list', 'ingresses.networking.k8s.io'],
    ['list', 'horizontalpodautoscalers.autoscaling'],
  ])('lets it %s %s', async (verb, kind) => {
    expect(
      (
        await asReader('auth', 'can-i', verb, kind, '-n', 'store-x')
      ).stdout.trim(),
    ).toBe('yes');
  });

  it.each([
    'get secrets',
    'create pods',
    'delete deployments.apps',
    'patch ingresses.networking.k8s.io',
    'create pods --subresource=exec',
    'get pods --subresource=log',
  ])('refuses it: can-i %s', async args => {
    const result = await asReader(
      'auth',
      'can-i',
      ...args.split(' '),
      '-n',
      'store-x',
    );
    expect(result.stdout.trim()).toBe('no');
  });
});
