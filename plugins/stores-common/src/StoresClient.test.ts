import { StoresClient } from './StoresClient';
import { isStoresApiError, StoresApiError } from './StoresApiError';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

describe('StoresClient', () => {
  let server: Server;
  let baseUrl: string;
  const seen: {
    method?: string;
    url?: string;
    auth?: string;
    body?: string;
  }[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          auth: req.headers.authorization,
          body,
        });
        if (req.url === '/api/stores/stores/missing') {
          res.writeHead(404, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              error: {
                name: 'NotFoundError',
                message: 'Store missing not found',
                code: 'STORE_NOT_FOUND',
              },
            }),
          );
          return;
        }
        if (req.url === '/api/stores/stores/broken') {
          res.writeHead(502, 'Bad Gateway', { 'Content-Type': 'text/html' });
          res.end('<html>upstream down</html>');
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: 'abc', name: 'shop' }));
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/stores`;
  });
  afterAll(() => new Promise(r => server.close(r)));

  const client = () =>
    new StoresClient({ discoveryApi: { getBaseUrl: async () => baseUrl } });

  it('sends the token and the JSON body over real HTTP', async () => {
    const store = await client().createStore(
      { name: 'shop', engine: 'woocommerce' },
      { token: 't0k' },
    );
    expect(store.id).toBe('abc');
    const last = seen[seen.length - 1];
    expect(last).toEqual({
      method: 'POST',
      url: '/api/stores/stores',
      auth: 'Bearer t0k',
      body: JSON.stringify({ name: 'shop', engine: 'woocommerce' }),
    });
  });

  it('encodes query filters and path ids', async () => {
    await client().listStores({ status: 'failed', limit: 5 });
    expect(seen[seen.length - 1].url).toBe(
      '/api/stores/stores?status=failed&limit=5',
    );
    await client().getStore('a/b');
    expect(seen[seen.length - 1].url).toBe('/api/stores/stores/a%2Fb');
  });

  it("turns an error answer into a StoresApiError with the server's message and code", async () => {
    const error = await client()
      .getStore('missing')
      .catch(e => e);
    expect(error).toBeInstanceOf(StoresApiError);
    expect(error).toMatchObject({
      name: 'StoresApiError',
      message: 'Store missing not found',
      code: 'STORE_NOT_FOUND',
      status: 404,
    });
    expect(isStoresApiError(error)).toBe(true);
  });

  it('falls back to the status when the answer is not the API error shape', async () => {
    const error = await client()
      .getStore('broken')
      .catch(e => e);
    expect(error).toMatchObject({
      name: 'StoresApiError',
      message: 'The stores API answered 502 Bad Gateway',
      status: 502,
      code: undefined,
    });
  });
});
