import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPublicUrls, PublicUrlError } from './checkPublicUrls';

const fast = { timeoutMs: 2000, settleMs: 0 };

async function listen(server: Server): Promise<number> {
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** A self-signed certificate for one host name, made with openssl. */
function certificateFor(host: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sf-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${host}`,
        '-addext',
        `subjectAltName=DNS:${host}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem')),
      cert: readFileSync(join(dir, 'cert.pem')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('checkPublicUrls', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(s => new Promise(r => s.close(r))));
  });
  const serve = async (
    handler: Parameters<typeof createServer>[1],
    server: Server = createServer(handler),
  ) => {
    servers.push(server);
    return listen(server);
  };

  it('passes 2xx and 3xx and says what each URL answered, reaching *.localhost without DNS', async () => {
    const port = await serve((req, res) => {
      if (req.url === '/app') res.writeHead(302, { Location: '/app/login' });
      else res.writeHead(200);
      res.end();
    });
    const message = await checkPublicUrls(
      [
        { label: 'storefront', url: `http://shop.localhost:${port}/` },
        { label: 'admin', url: `http://shop.localhost:${port}/app` },
      ],
      fast,
    );
    expect(message).toMatch(/^storefront 200, admin 302 in \d+ ms$/);
  });

  it('fails on connection refused, naming the URL', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise(r => closed.close(r));
    const url = `http://shop.localhost:${port}/`;
    const error = await checkPublicUrls(
      [{ label: 'storefront', url }],
      fast,
    ).catch(e => e);
    expect(error).toBeInstanceOf(PublicUrlError);
    expect(error.message).toBe(
      `storefront ${url}: connection refused (nothing listens there: is the ingress controller running?) (ECONNREFUSED)`,
    );
  });

  it('fails on a 404 from the ingress controller (no route for the host), naming the URL and who answered', async () => {
    const port = await serve((_req, res) => {
      res.writeHead(404, { Server: 'traefik' }).end('404 page not found');
    });
    const url = `http://gone.localhost:${port}/app`;
    await expect(
      checkPublicUrls([{ label: 'admin', url }], fast),
    ).rejects.toThrow(`admin ${url}: HTTP 404 from traefik`);
  });

  it('fails under TLS when the certificate is not valid for the host', async () => {
    const { key, cert } = certificateFor('other.localhost');
    const port = await serve(
      (_req, res) => res.writeHead(200).end(),
      createTlsServer({ key, cert }, (_req, res) => res.writeHead(200).end()),
    );
    const url = `https://shop.localhost:${port}/`;
    await expect(
      checkPublicUrls([{ label: 'storefront', url }], { ...fast, ca: cert }),
    ).rejects.toThrow(
      `storefront ${url}: its certificate is not valid for this host (ERR_TLS_CERT_ALTNAME_INVALID)`,
    );
    // The same server passes for the host its certificate names.
    await expect(
      checkPublicUrls(
        [{ label: 'storefront', url: `https://other.localhost:${port}/` }],
        { ...fast, ca: cert },
      ),
    ).resolves.toMatch(/^storefront 200 in/);
  });

  it('fails when the certificate is not trusted (no CA given for a self-signed one)', async () => {
    const { key, cert } = certificateFor('shop.localhost');
    const port = await serve(
      undefined,
      createTlsServer({ key, cert }, (_req, res) => res.writeHead(200).end()),
    );
    await expect(
      checkPublicUrls(
        [{ label: 'storefront', url: `https://shop.localhost:${port}/` }],
        fast,
      ),
    ).rejects.toThrow(/its certificate is self-signed/);
  });

  it('tries again while a new Ingress is not served yet, passes once it is, and says what it answered first', async () => {
    let calls = 0;
    const port = await serve((_req, res) => {
      calls += 1;
      res.writeHead(calls < 3 ? 404 : 200, { Server: 'Traefik' }).end();
    });
    const started = Date.now();
    await expect(
      checkPublicUrls(
        [{ label: 'storefront', url: `http://shop.localhost:${port}/` }],
        { timeoutMs: 2000, settleMs: 10_000 },
      ),
    ).resolves.toMatch(
      /^storefront 200 \(first HTTP 404 from Traefik ×2\) in \d+ ms$/,
    );
    expect(calls).toBe(3);
    // Asked again after 250 ms, then 500 ms: a new route is seen within a second.
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('names every URL that failed, and only those', async () => {
    const port = await serve((req, res) => {
      res.writeHead(req.url === '/' ? 200 : 503).end();
    });
    const error = await checkPublicUrls(
      [
        { label: 'storefront', url: `http://shop.localhost:${port}/` },
        { label: 'admin', url: `http://shop.localhost:${port}/app` },
      ],
      fast,
    ).catch(e => e);
    expect(error.message).toBe(
      `admin http://shop.localhost:${port}/app: HTTP 503`,
    );
  });

  it('reaches a store host through the ingress address it is given, keeping the Host header', async () => {
    const hosts: string[] = [];
    const port = await serve((req, res) => {
      hosts.push(req.headers.host ?? '');
      res.writeHead(200).end();
    });
    await expect(
      checkPublicUrls(
        [{ label: 'storefront', url: 'http://shop.stores.example.com/' }],
        { ...fast, ingressAddress: `127.0.0.1:${port}` },
      ),
    ).resolves.toMatch(/^storefront 200/);
    expect(hosts).toEqual(['shop.stores.example.com']);
  });
});
