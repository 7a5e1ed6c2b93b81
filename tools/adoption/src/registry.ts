import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run';

/**
 * A private npm registry (Verdaccio, the real one) standing in for npmjs.org, where our
 * packages would be published: it serves only `@storefleet/*`, from what the test publishes.
 */
export interface LocalRegistry {
  url: string;
  publish(tarball: string): Promise<void>;
  stop(): Promise<void>;
}

export const freePort = () =>
  new Promise<number>(done => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => done(port));
    });
  });

export async function startRegistry(): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'storefleet-registry-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      `  htpasswd: { file: ${join(dir, 'htpasswd')}, max_users: 1 }`,
      'uplinks: {}',
      'packages:',
      "  '@storefleet/*': { access: $all, publish: $authenticated }",
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [
      require.resolve('verdaccio/bin/verdaccio'),
      '--config',
      join(dir, 'config.yaml'),
      '--listen',
      `127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`${url}-/ping`).then(
      r => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error(`Verdaccio did not answer at ${url} within 60 s`);
    }
    await new Promise(r => setTimeout(r, 300));
  }
  // One publisher account; its token goes to an npmrc file, never to argv.
  const user = await fetch(`${url}-/user/org.couchdb.user:storefleet`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'storefleet',
      password: `pw-${port}-${Date.now()}`,
    }),
  });
  const { token } = (await user.json()) as { token: string };
  const npmrc = join(dir, 'npmrc');
  writeFileSync(
    npmrc,
    `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`,
    { mode: 0o600 },
  );
  return {
    url,
    async publish(tarball) {
      await run('npm', ['publish', tarball], {
        env: { ...process.env, npm_config_userconfig: npmrc },
      });
    },
    async stop() {
      child.kill();
    },
  };
}
