/* Test helper (not shipped): the API server as one client sees it, through a TCP proxy that can go away. */
import { readFileSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer, connect, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of the kubeconfig's API server, and a copy of the kubeconfig that points
 * at it. `stop()` does to its clients what a stopped API server does: every open connection is
 * reset and new ones are refused, until `start()` listens on the same port again. TLS passes
 * through untouched (the server's certificate names 127.0.0.1).
 */
export async function apiServerProxy(kubeconfigPath: string, copyPath: string) {
  const config = readFileSync(kubeconfigPath, 'utf8');
  const match = /server: https:\/\/127\.0\.0\.1:(\d+)/.exec(config);
  if (!match) throw new Error(`no 127.0.0.1 server in ${kubeconfigPath}`);
  const upstream = Number(match[1]);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  async function start() {
    server = createServer(client => {
      const upstreamSocket = connect(upstream, '127.0.0.1');
      for (const s of [client, upstreamSocket]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstreamSocket.destroy();
        });
      }
      client.pipe(upstreamSocket).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  }

  async function stop() {
    const closed = new Promise(r => server?.close(r));
    for (const s of sockets) s.resetAndDestroy();
    sockets.clear();
    await closed;
    server = undefined;
  }

  await start();
  writeFileSync(
    copyPath,
    config.replace(match[0], `server: https://127.0.0.1:${port}`),
    { mode: 0o600 },
  );
  return { start, stop, connections: () => sockets.size };
}
