import { simCluster } from '@storefleet/sim-cluster';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { run } from './run';

/** The create-app release the test adopts into: Backstage 1.55.0, as backstage.json names. */
export const CREATE_APP = '@backstage/create-app@0.9.2';
const cacheDir = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'storefleet',
  'adoption',
  CREATE_APP.replace(/[@/]/g, '_'),
);

/** A PATH whose `yarn` is the repo's Yarn 4 (create-app checks for one; apps pin their own). */
export function appEnv(): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(tmpdir(), 'storefleet-yarn-'));
  const shim = join(bin, 'yarn');
  writeFileSync(
    shim,
    `#!/bin/sh\nexec "${process.execPath}" "${join(
      simCluster.root,
      '.yarn/releases/yarn-4.13.0.cjs',
    )}" "$@"\n`,
  );
  chmodSync(shim, 0o755);
  return {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    BACKSTAGE_APP_NAME: 'adopter',
    // CI=true makes Yarn refuse to change a lockfile; an adopter's first install writes one.
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    YARN_ENABLE_PROGRESS_BARS: 'false',
  };
}

/** `npx @backstage/create-app --skip-install` into a new directory outside the repo. */
export async function createApp(env: NodeJS.ProcessEnv): Promise<string> {
  const appDir = join(
    mkdtempSync(join(tmpdir(), 'storefleet-adopter-')),
    'app',
  );
  await run('npx', ['-y', CREATE_APP, '--path', appDir, '--skip-install'], {
    env,
  });
  return appDir;
}

/**
 * Where our packages come from: a registry for the `@storefleet` scope, as an adopter's
 * company registry (or npmjs.org) would be. Just published, so past Yarn's age gate too.
 */
export function useRegistryForStorefleet(appDir: string, registryUrl: string) {
  const path = join(appDir, '.yarnrc.yml');
  const doc = parseDocument(readFileSync(path, 'utf8'));
  doc.set('npmScopes', {
    storefleet: { npmRegistryServer: registryUrl.replace(/\/$/, '') },
  });
  doc.set('unsafeHttpWhitelist', ['127.0.0.1']);
  const approved = (doc.get('npmPreapprovedPackages') as any)?.toJSON?.() ?? [];
  doc.set('npmPreapprovedPackages', [...approved, '@storefleet/*']);
  writeFileSync(path, doc.toString());
}

/**
 * Upstream drift, not a Storefleet step: create-app 0.9.2 asks for
 * `@backstage/plugin-signals-backend` `^0.3.19`, which now resolves to 0.3.21; that one calls
 * `httpRouter.addWebSocketHandler`, which the app's `backend-defaults` 0.18 lacks, and the
 * stock app stops at start. Pinned to 0.3.19, the version Backstage 1.55.0 ships.
 */
export function pinSignalsBackendOfRelease(appDir: string) {
  const path = join(appDir, 'packages', 'backend', 'package.json');
  const pkg = JSON.parse(readFileSync(path, 'utf8'));
  pkg.dependencies['@backstage/plugin-signals-backend'] = '0.3.19';
  writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
}

/** `yarn install` of the new app; its lockfile is kept between runs, so warm runs resolve nothing. */
export async function installApp(appDir: string, env: NodeJS.ProcessEnv) {
  const cached = join(cacheDir, 'yarn.lock');
  if (existsSync(cached)) copyFileSync(cached, join(appDir, 'yarn.lock'));
  await run('yarn', ['install'], { cwd: appDir, env, timeoutMs: 30 * 60_000 });
  mkdirSync(cacheDir, { recursive: true });
  copyFileSync(join(appDir, 'yarn.lock'), cached);
}

/**
 * Forgets earlier runs' `@storefleet` tarballs in Yarn's cache: each run publishes the same
 * version with new contents, which Yarn would otherwise take from its cache unseen.
 */
export async function forgetCachedStorefleet(
  appDir: string,
  env: NodeJS.ProcessEnv,
) {
  const folder = (
    await run('yarn', ['config', 'get', 'cacheFolder'], { cwd: appDir, env })
  ).trim();
  if (!existsSync(folder)) return;
  for (const file of readdirSync(folder)) {
    if (file.startsWith('@storefleet-')) rmSync(join(folder, file));
  }
}
