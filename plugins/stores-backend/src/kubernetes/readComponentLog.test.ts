/**
 * What the provisioner asks the API server for when a person reads a store's log: a stand-in
 * API server on loopback (plain HTTP) records the request the real client makes.
 */
import * as k8s from '@kubernetes/client-node';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ClusterClient, LOG_LIMIT_BYTES } from './ClusterClient';

let server: Server;
const asked: URL[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://api');
    asked.push(url);
    res.setHeader('Content-Type', 'application/json');
    if (url.pathname === '/api/v1/namespaces/store-a/pods') {
      res.end(
        JSON.stringify({
          items: [
            {
              metadata: {
                name: 'a-server-0',
                labels: { 'app.kubernetes.io/name': 'server' },
                creationTimestamp: '2026-12-07T00:00:00Z',
              },
              spec: { containers: [{ name: 'medusa' }] },
            },
          ],
        }),
      );
    } else {
      res.setHeader('Content-Type', 'text/plain');
      res.end('one\ntwo\n');
    }
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
});

afterAll(() => new Promise(r => server.close(r)));

it('caps a log read by bytes as well as lines', async () => {
  const config = new k8s.KubeConfig();
  const { port } = server.address() as AddressInfo;
  config.loadFromOptions({
    clusters: [
      { name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true },
    ],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  const log = await new ClusterClient(config).readComponentLog(
    'store-a',
    'server',
    2000,
  );
  expect(log).toEqual({
    components: ['server'],
    component: 'server',
    pod: 'a-server-0',
    lines: ['one', 'two'],
  });
  const read = asked.find(u => u.pathname.endsWith('/log'))!;
  expect(read.pathname).toBe('/api/v1/namespaces/store-a/pods/a-server-0/log');
  expect(Object.fromEntries(read.searchParams)).toEqual({
    container: 'medusa',
    tailLines: '2000',
    limitBytes: String(LOG_LIMIT_BYTES),
  });
  expect(LOG_LIMIT_BYTES).toBe(256 * 1024);
});
