// Serves the built shop (dist/) and its run-time config. No dependencies: node:http.
//
// Env: PORT (default 8000), STORE_TITLE, MEDUSA_PUBLISHABLE_KEY (the store's publishable API
// key, from the store's Secret through the chart; it is public by design: every page of the
// shop sends it). Any path that is not a file gets index.html (the shop routes in the page).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), 'dist');
const port = Number(process.env.PORT || 8000);
const config = JSON.stringify({
  title: process.env.STORE_TITLE || 'Shop',
  publishableKey: process.env.MEDUSA_PUBLISHABLE_KEY || '',
});
if (!process.env.MEDUSA_PUBLISHABLE_KEY) {
  console.error(
    'MEDUSA_PUBLISHABLE_KEY is not set: the shop cannot reach the store API',
  );
  process.exit(1);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

async function fileFor(pathname) {
  const path = normalize(join(root, decodeURIComponent(pathname)));
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? path : undefined;
}

const server = createServer(async (req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://shop');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
    return;
  }
  if (pathname === '/healthz') {
    res
      .writeHead(200, { 'Content-Type': 'text/plain', ...SECURITY_HEADERS })
      .end('ok');
    return;
  }
  if (pathname === '/config.json') {
    res
      .writeHead(200, {
        'Content-Type': TYPES['.json'],
        'Cache-Control': 'no-store',
        ...SECURITY_HEADERS,
      })
      .end(config);
    return;
  }
  const file =
    (await fileFor(pathname).catch(() => undefined)) ??
    join(root, 'index.html');
  const immutable = pathname.startsWith('/_shop/');
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': immutable
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
    ...SECURITY_HEADERS,
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
});

server.listen(port, () => console.log(`shop listening on :${port}`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
