/**
 * The store charts' NetworkPolicies, enforced on the sim cluster's real node by kube-router
 * (firewall only, started with the node). Store A is a real Medusa store (real containers, a
 * real order); B is a second store-labelled namespace with one plain pod — two Medusa stores at
 * once are too heavy for this machine beside the other suites. Listeners on the node's own
 * bridge address (never an address outside this machine) stand for the world outside: one is
 * the platform's egress door (stores.egress.allowed), the other is not.
 */
import { run, simCluster } from '@storefleet/sim-cluster';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { resolve } from 'node:path';
import { startSimStoresBackend } from './__testUtils__/simStoresBackend';
import { fetchPublicUrl } from './publicUrls/fetchPublicUrl';

jest.setTimeout(25 * 60_000);

/** The real node's bridge address: pods' gateway, where host processes meet pods. */
const NODE_ADDRESS = '10.244.0.1';
const tag = process.pid % 10000;
const storeName = `np-${tag}`;
const storeNamespace = `store-${storeName}`;
const otherNamespace = `store-np-other-${tag}`;

interface Listener {
  server: Server;
  port: number;
  /** Source addresses of the connections it accepted. */
  seen: string[];
}

function listen(): Promise<Listener> {
  return new Promise((done, fail) => {
    const seen: string[] = [];
    const server = createServer(socket => {
      // A probe exits as soon as it connected: its end of the socket is reset, which is fine.
      socket.on('error', () => {});
      seen.push(socket.remoteAddress ?? '');
      socket.end('hello\n');
    });
    server.on('error', fail);
    server.listen(0, NODE_ADDRESS, () =>
      done({ server, seen, port: (server.address() as { port: number }).port }),
    );
  });
}

/** A TCP connect from inside a pod's container: open, refused or blocked (3 s timeout). */
async function reach(
  env: NodeJS.ProcessEnv,
  from: { namespace: string; pod: string; shell?: boolean },
  host: string,
  port: number,
): Promise<string> {
  const probe = from.shell
    ? [
        'bash',
        '-c',
        `timeout 3 bash -c 'exec 3<>/dev/tcp/${host}/${port}' 2>/dev/null && echo open || echo blocked`,
      ]
    : [
        'node',
        '-e',
        `const s=require('net').connect({host:'${host}',port:${port},timeout:3000});` +
          `s.on('connect',()=>{console.log('open');process.exit(0)});` +
          `s.on('timeout',()=>{console.log('blocked');process.exit(0)});` +
          `s.on('error',e=>{console.log(e.code==='ECONNREFUSED'?'refused':'error '+e.code);process.exit(0)})`,
      ];
  const result = await run(
    'kubectl',
    ['exec', '-n', from.namespace, from.pod, '--', ...probe],
    { env },
  );
  return result.stdout.trim() || `exec failed: ${result.stderr.trim()}`;
}

describe('NetworkPolicies on the real node (kube-router)', () => {
  let env: NodeJS.ProcessEnv;
  let sim: Awaited<ReturnType<typeof startSimStoresBackend>>;
  let door: Listener;
  let closed: Listener;
  const kubectl = (...args: string[]) => run('kubectl', args, { env });

  beforeAll(async () => {
    env = await simCluster.up({ realNode: true });
    door = await listen();
    closed = await listen();
    sim = await startSimStoresBackend(env.KUBECONFIG!, {
      valuesProfile: 'realnode',
      provisioningMinutes: 15,
      egressAllowed: [{ cidr: `${NODE_ADDRESS}/32`, ports: [door.port] }],
    });
  });

  afterAll(async () => {
    await kubectl('delete', 'namespace', otherNamespace, '--wait=false');
    await sim?.backend.stop();
    door?.server.close();
    closed?.server.close();
  });

  it('keeps other namespaces out of a store, lets the store work, and opens only the platform door', async () => {
    const started = Date.now();
    const ready = await sim.createAndSettle(
      { name: storeName, engine: 'medusa' },
      15 * 60_000,
    );
    // Ready = the order probe placed an order (server and worker reached PostgreSQL and Redis)
    // and the public URLs answered through Traefik.
    expect(ready.reason).toBeUndefined();
    expect(ready.status).toBe('ready');
    const readySeconds = Math.round((Date.now() - started) / 1000);

    // B: a store-labelled namespace with one pod on the real node and no policies of its own.
    await kubectl('create', 'namespace', otherNamespace);
    await kubectl(
      'label',
      'namespace',
      otherNamespace,
      'app.kubernetes.io/managed-by=storefleet',
      'pod-security.kubernetes.io/enforce=restricted',
    );
    const created = await run('kubectl', ['apply', '-f', '-'], {
      env,
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'other', namespace: otherNamespace },
        spec: {
          nodeSelector: { 'storefleet.io/node': 'real' },
          tolerations: [
            {
              key: 'storefleet.io/real-node',
              operator: 'Exists',
              effect: 'NoSchedule',
            },
          ],
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'other',
              image: 'localhost/storefleet/node:22.23.3-bookworm',
              imagePullPolicy: 'Never',
              command: ['node', '-e', 'setInterval(() => {}, 1 << 30)'],
              resources: { limits: { cpu: '100m', memory: '64Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      }),
    });
    expect(created.stderr).toBe('');
    const waited = await kubectl(
      'wait',
      '--for=condition=Ready',
      `pod/other`,
      '-n',
      otherNamespace,
      '--timeout=120s',
    );
    expect(waited.stderr).toBe('');

    const list = JSON.parse(
      (await kubectl('get', 'pods', '-n', storeNamespace, '-o', 'json')).stdout,
    );
    const podOf = (component: string) => {
      const pod = list.items.find(
        (p: any) =>
          p.metadata.labels?.['app.kubernetes.io/name'] === component &&
          p.status.phase === 'Running',
      );
      return {
        name: pod.metadata.name as string,
        ip: pod.status.podIP as string,
      };
    };
    const [server, postgres, redis] = ['server', 'postgres', 'redis'].map(
      podOf,
    );
    const other = { namespace: otherNamespace, pod: 'other' };
    const inA = (pod: string, shell = false) => ({
      namespace: storeNamespace,
      pod,
      shell,
    });

    const rows: Array<[string, string, string, () => Promise<string>]> = [
      [
        'B pod',
        'A PostgreSQL :5432',
        'blocked',
        () => reach(env, other, postgres.ip, 5432),
      ],
      [
        'B pod',
        'A Redis :6379',
        'blocked',
        () => reach(env, other, redis.ip, 6379),
      ],
      [
        'B pod',
        'A Medusa server :9000',
        'blocked',
        () => reach(env, other, server.ip, 9000),
      ],
      [
        'B pod',
        `node listener :${closed.port} (no policy in B)`,
        'open',
        () => reach(env, other, NODE_ADDRESS, closed.port),
      ],
      [
        'A server',
        'A PostgreSQL :5432',
        'open',
        () => reach(env, inA(server.name), postgres.ip, 5432),
      ],
      [
        'A server',
        'A Redis :6379',
        'open',
        () => reach(env, inA(server.name), redis.ip, 6379),
      ],
      [
        'A server',
        `node listener :${closed.port} (not allowed)`,
        'blocked',
        () => reach(env, inA(server.name), NODE_ADDRESS, closed.port),
      ],
      [
        'A server',
        `node listener :${door.port} (stores.egress.allowed)`,
        'open',
        () => reach(env, inA(server.name), NODE_ADDRESS, door.port),
      ],
      [
        'A PostgreSQL',
        `node listener :${door.port} (stores.egress.allowed)`,
        'blocked',
        () => reach(env, inA(postgres.name, true), NODE_ADDRESS, door.port),
      ],
      [
        'A server',
        'DNS: kubernetes.default.svc.cluster.local',
        'resolved',
        async () => {
          const r = await kubectl(
            'exec',
            '-n',
            storeNamespace,
            server.name,
            '--',
            'node',
            '-e',
            "require('dns').lookup('kubernetes.default.svc.cluster.local',(e,a)=>console.log(e?'failed '+e.code:'resolved'))",
          );
          return r.stdout.trim() || r.stderr.trim();
        },
      ],
      [
        'Traefik (ingress controller)',
        `http://${storeName}.localhost/`,
        'HTTP 200',
        async () => {
          const res = await fetchPublicUrl(ready.storefrontUrl, {
            timeoutMs: 10_000,
          });
          return res.ok ? `HTTP ${res.status}` : res.problem;
        },
      ],
    ];
    const seen: string[][] = [];
    for (const [source, destination, expected, probe] of rows) {
      const outcome = await probe();
      // Refused by a REJECT rule or dropped: either way the connection did not open.
      const normalised = outcome === 'refused' ? 'blocked' : outcome;
      seen.push([source, destination, expected, normalised]);
    }
    const routerPid = readFileSync(
      resolve(simCluster.root, '.storefleet/real-node/run/kube-router.pid'),
      'utf8',
    ).trim();
    const rss = /VmRSS:\s+(\d+) kB/.exec(
      readFileSync(`/proc/${routerPid}/status`, 'utf8'),
    )?.[1];
    // eslint-disable-next-line no-console
    console.log(
      `NetworkPolicy matrix (store ${storeName} Ready in ${readySeconds} s; kube-router RSS ${Math.round(
        Number(rss) / 1024,
      )} MiB):\n${seen.map(r => `| ${r.join(' | ')} |`).join('\n')}`,
    );
    expect(seen.map(([s, d, , got]) => [s, d, got])).toEqual(
      seen.map(([s, d, expected]) => [s, d, expected]),
    );
    // The listeners saw only what the matrix says opened: the door only A's server, the other
    // only B's pod.
    expect(new Set(door.seen.map(a => a.replace('::ffff:', '')))).toEqual(
      new Set([server.ip]),
    );
    expect(closed.seen.map(a => a.replace('::ffff:', ''))).not.toContain(
      server.ip,
    );

    expect((await sim.deleteAndWait(ready.id, 5 * 60_000)).status).toBe(
      'deleted',
    );
  });
});
