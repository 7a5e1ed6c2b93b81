import { simCluster } from '@storefleet/sim-cluster';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/** Path of a chart's order probe, the script its `helm test` pod runs. */
export const orderProbePath = (chart: 'woocommerce-store' | 'medusa-store') =>
  resolve(simCluster.storeChartsDir, chart, 'files', 'order-probe.mjs');

/** One request to a fake store, read whole, with a JSON `send`. */
export interface FakeRequest {
  req: IncomingMessage;
  url: URL;
  raw: string;
  send(status: number, body: unknown, headers?: Record<string, string>): void;
}

/**
 * Starts an HTTP test double on a free loopback port; every request is recorded as
 * "METHOD /path" in `requests`, in order.
 */
export async function startFakeServer(
  handle: (request: FakeRequest) => void | Promise<void>,
) {
  const requests: string[] = [];
  const server = createServer(async (req, res: ServerResponse) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url!, 'http://fake');
    requests.push(`${req.method} ${url.pathname}`);
    const send = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    await handle({ req, url, raw, send });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}
