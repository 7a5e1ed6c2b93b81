/**
 * Hostile input, property-based (fast-check): every create request with at least one bad part —
 * shell metacharacters, YAML/JSON/template injection, unicode tricks, 10,000 characters, wrong
 * types, unknown keys, malformed JSON, huge bodies — is answered with a 4xx and a code, leaves
 * no row, and reaches neither Helm nor Kubernetes.
 *
 * The backend is wired to a cluster so a leak would show: its kubeconfig points at a local HTTP
 * server that counts requests (a recorder standing in for the API server, which must never be
 * called), and its helm binary is a script that records every invocation.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  explainInvalidStoreName,
  parseStoreOwner,
} from '@storefleet/plugin-stores-common';
import fc from 'fast-check';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { storesPlugin } from '../plugin';

jest.setTimeout(5 * 60_000);

const auth = mockCredentials.user.header('user:default/mallory');

/** Strings an attacker would try, each invalid wherever this test uses it. */
const attacks = [
  '$(id)',
  '`id`',
  '; rm -rf /',
  '| cat /etc/passwd',
  '&& curl http://evil.example',
  '${HOME}',
  "'; DROP TABLE stores; --",
  '{{ .Release.Name }}',
  '{{- fail "pwned" }}',
  'a\nb: c',
  '--set image.repository=evil',
  '---\nkind: Secret',
  '"}, "admin": true, "x": {"',
  '\u0000',
  'evil\u202Etxt.exe',
  '../../etc/passwd',
  'ℌ𝔢𝔩𝔩𝔬',
  '店铺',
  '🛒',
  'A'.repeat(10_000),
  'a'.repeat(10_000),
];

const hostileString = fc.oneof(
  fc.constantFrom(...attacks),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc
    .tuple(fc.constantFrom(...attacks), fc.string({ maxLength: 10 }))
    .map(([a, b]) => `${b}${a}`),
);

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), {
    maxKeys: 3,
  }),
);

const validName = fc.stringMatching(/^[a-z][a-z0-9]{2,20}$/);
const engine = fc.constantFrom('woocommerce', 'medusa');

const invalidName = fc.oneof(
  hostileString.filter(s => explainInvalidStoreName(s) !== undefined),
  wrongType,
);
const invalidEngine = fc.oneof(
  hostileString.filter(s => s !== 'woocommerce' && s !== 'medusa'),
  wrongType,
);
const invalidOwner = fc.oneof(
  hostileString.filter(s => 'problem' in parseStoreOwner(s)),
  wrongType,
);
const invalidDisplayName = fc.oneof(
  fc.constantFrom(
    'x'.repeat(10_000),
    'line\nbreak',
    'nul\u0000',
    'evil\u202Etxt.exe',
    '   ',
    '',
  ),
  fc
    .tuple(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('\n', '\r', '\u0000', '\u001b[31m', '\u2066'),
    )
    // Inside the name: leading and trailing whitespace is trimmed, not refused.
    .map(([s, c]) => `x${s}${c}x`),
  fc.constant(undefined).chain(() => wrongType.filter(v => v !== undefined)),
);
const invalidOptions = fc.oneof(
  // Country and currency are ISO codes; anything else is refused.
  hostileString
    .filter(s => !/^[A-Z]{2}$/.test(s))
    .map(country => ({ country })),
  hostileString
    .filter(s => !/^[A-Z]{3}$/.test(s))
    .map(currency => ({ currency })),
  // Keys the engine does not take, including prototype tricks.
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom('__proto__', 'constructor', 'image', 'values', '$(id)'),
        hostileString.filter(
          k => k !== 'country' && k !== 'currency' && k !== 'countries',
        ),
      ),
      fc.oneof(hostileString, wrongType),
    )
    .map(([k, v]) => JSON.parse(JSON.stringify({ [k]: v }) || '{}'))
    .filter(o => Object.keys(o).length > 0),
  fc.oneof(
    fc.string({ minLength: 1 }),
    fc.integer(),
    fc.array(fc.string(), { minLength: 1 }),
  ),
);

/** A JSON body with exactly one kind of bad part (and maybe more bad parts besides). */
const hostileBody = fc.oneof(
  fc.record({ name: invalidName, engine }),
  fc.record({ name: validName, engine: invalidEngine }),
  fc.record({ name: validName, engine, owner: invalidOwner }),
  fc.record({ name: validName, engine, displayName: invalidDisplayName }),
  fc.record({ name: validName, engine, options: invalidOptions }),
  fc.record({ name: invalidName, engine: invalidEngine, owner: invalidOwner }),
  // Keys the API does not define.
  fc
    .tuple(
      validName,
      engine,
      fc.oneof(
        fc.constantFrom(
          '__proto__',
          'constructor',
          'status',
          'id',
          'createdBy',
        ),
        hostileString.filter(
          k =>
            !['name', 'engine', 'displayName', 'owner', 'options'].includes(k),
        ),
      ),
      hostileString,
    )
    .map(([name, eng, key, value]) =>
      JSON.parse(JSON.stringify({ name, engine: eng, [key]: value })),
    ),
  fc.record({ engine }),
  fc.record({ name: validName }),
);

/** Raw bodies that are not a JSON object at all. */
const hostileRawBody = fc.oneof(
  fc.string({ maxLength: 200 }).filter(text => {
    try {
      const parsed = JSON.parse(text);
      return (
        typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)
      );
    } catch {
      return true;
    }
  }),
  fc.constantFrom(
    '{"name": "shop", "engine": "medusa"',
    '{"name": "shop", "engine": "medusa"}}',
    '[]',
    'null',
    '"shop"',
    '{"name": "shop", "engine": "medusa", "name": "$(id)"}',
  ),
);

let server: any;
let apiServer: Server;
let apiRequests = 0;
let scratch: string;
let helmLog: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'storefleet-hostile-'));
  apiServer = createServer((_req, res) => {
    apiRequests += 1;
    res.writeHead(500).end();
  });
  await new Promise<void>(resolve => apiServer.listen(0, '127.0.0.1', resolve));
  const port = (apiServer.address() as AddressInfo).port;
  const kubeconfig = join(scratch, 'kubeconfig.yaml');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'recorder',
          cluster: {
            server: `http://127.0.0.1:${port}`,
            // The kubernetes client refuses plain HTTP otherwise.
            'insecure-skip-tls-verify': true,
          },
        },
      ],
      users: [{ name: 'recorder', user: {} }],
      contexts: [
        {
          name: 'recorder',
          context: { cluster: 'recorder', user: 'recorder' },
        },
      ],
      'current-context': 'recorder',
    }),
  );
  helmLog = join(scratch, 'helm-calls.log');
  const helm = join(scratch, 'helm');
  // Answers the start check (`helm version`) unrecorded; records every other call.
  writeFileSync(
    helm,
    `#!/bin/sh\n[ "$1" = version ] && { echo v3.18.6; exit 0; }\necho "$@" >> '${helmLog}'\nexit 1\n`,
  );
  chmodSync(helm, 0o755);

  ({ server } = await startTestBackend({
    features: [
      storesPlugin,
      mockServices.rootConfig.factory({
        data: {
          stores: {
            kubernetes: { kubeconfigPath: kubeconfig },
            helm: { binary: helm },
            reconcile: { intervalSeconds: 1 },
            quotas: {
              maxStoresPerUser: 1_000_000,
              maxCreatesPerHour: 1_000_000,
            },
          },
        },
      }),
    ],
  }));
});

afterAll(async () => {
  await new Promise(resolve => apiServer.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

describe('hostile create requests', () => {
  const statuses = new Map<string, number>();
  const count = (status: number, code: string) => {
    const key = `${status} ${code}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  };

  it('answer 4xx with a code for every JSON body with a bad part', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, async body => {
        const res = await request(server)
          .post('/api/stores/stores')
          .set('Authorization', auth)
          .send(body as object);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body.error.code).toMatch(/^[A-Z_]+$/);
        expect(typeof res.body.error.message).toBe('string');
        count(res.status, res.body.error.code);
      }),
      { numRuns: 1_000 },
    );
  });

  it('answer 4xx with a code for bodies that are not a JSON object', async () => {
    await fc.assert(
      fc.asyncProperty(hostileRawBody, async text => {
        const res = await request(server)
          .post('/api/stores/stores')
          .set('Authorization', auth)
          .set('Content-Type', 'application/json')
          .send(text);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body.error.code).toMatch(/^[A-Z_]+$/);
        count(res.status, res.body.error.code);
      }),
      { numRuns: 300 },
    );
  });

  it('answer 400 for a huge body, before reading it all', async () => {
    const res = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', auth)
      .send({
        name: 'huge',
        engine: 'medusa',
        displayName: 'x'.repeat(5_000_000),
      });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'request entity too large',
    });
    count(res.status, res.body.error.code);
  });

  it('leave no row and call neither Helm nor the API server', async () => {
    // Give the reconciler (every second) time to find work, were there any.
    await new Promise(resolve => setTimeout(resolve, 2_500));
    const list = await request(server)
      .get('/api/stores/stores')
      .set('Authorization', auth);
    expect(list.body.totalCount).toBe(0);
    expect(existsSync(helmLog) ? readFileSync(helmLog, 'utf8') : '').toBe('');
    expect(apiRequests).toBe(0);

    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    const table = [...statuses].map(([k, n]) => `${k}: ${n}`).join(', ');
    // eslint-disable-next-line no-console
    console.log(
      `hostile input: ${total} cases, all refused (${table}); 0 rows, 0 helm calls, 0 API requests`,
    );
    expect(total).toBeGreaterThanOrEqual(1_301);
  });

  it('still creates a store from an ordinary request (the recorder would see it)', async () => {
    const res = await request(server)
      .post('/api/stores/stores')
      .set('Authorization', auth)
      .send({
        name: 'ordinary',
        engine: 'medusa',
        displayName: "Mallory's $hop 🛒",
        owner: 'Team-A',
      });
    expect(res.status).toBe(201);
    expect(res.body.owner).toBe('group:default/team-a');
    expect(res.body.displayName).toBe("Mallory's $hop 🛒");
    // The reconciler picks it up and reaches for the cluster: the recorders do see real work.
    const deadline = Date.now() + 30_000;
    while (apiRequests === 0 && !existsSync(helmLog) && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    expect(apiRequests + (existsSync(helmLog) ? 1 : 0)).toBeGreaterThan(0);
  });
});
