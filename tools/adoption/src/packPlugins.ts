import { simCluster } from '@storefleet/sim-cluster';
import { mkdirSync, readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run';

const root = simCluster.root;
const yarnCjs = join(root, '.yarn', 'releases', 'yarn-4.13.0.cjs');
export const yarnArgs = (...args: string[]) => [yarnCjs, ...args];

/** Every publishable package: the directories under plugins/. */
export const pluginDirs = () =>
  readdirSync(join(root, 'plugins'))
    .map(name => join(root, 'plugins', name))
    .filter(dir => existsSync(join(dir, 'package.json')));

export const packageName = (dir: string): string =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;

/** Declarations (root tsc into dist-types), then each plugin's dist, as before a publish. */
export async function buildPlugins() {
  await run(process.execPath, yarnArgs('tsc'), { cwd: root });
  for (const dir of pluginDirs()) {
    await run(process.execPath, yarnArgs('backstage-cli', 'package', 'build'), {
      cwd: dir,
    });
  }
}

/**
 * Packs every plugin with `yarn pack` or `npm pack` (each runs the package's prepack and
 * postpack), into `outDir`. Returns package name → tarball path.
 */
export async function packPlugins(
  tool: 'yarn' | 'npm',
  outDir: string,
): Promise<Map<string, string>> {
  mkdirSync(outDir, { recursive: true });
  const tarballs = new Map<string, string>();
  for (const dir of pluginDirs()) {
    const name = packageName(dir);
    const file = join(
      outDir,
      `${name.replace('@', '').replace('/', '-')}-${tool}.tgz`,
    );
    if (tool === 'yarn') {
      await run(process.execPath, yarnArgs('pack', '--out', file), {
        cwd: dir,
      });
    } else {
      const out = await run(
        'npm',
        ['pack', '--json', '--pack-destination', outDir],
        {
          cwd: dir,
        },
      );
      const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')));
      await run('mv', [join(outDir, filename), file]);
    }
    tarballs.set(name, file);
  }
  return tarballs;
}
