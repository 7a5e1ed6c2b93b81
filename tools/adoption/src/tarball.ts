import { builtinModules } from 'node:module';
import { run } from './run';

/** What a registry would serve: the tarball's package.json and its file list. */
export interface Tarball {
  pkg: Record<string, any>;
  files: string[];
  read(path: string): Promise<string>;
}

export async function readTarball(file: string): Promise<Tarball> {
  const list = await run('tar', ['tzf', file]);
  const files = list
    .split('\n')
    .filter(Boolean)
    .map(f => f.replace(/^package\//, ''));
  const read = (path: string) =>
    run('tar', ['xzf', file, '-O', `package/${path}`]);
  return { pkg: JSON.parse(await read('package.json')), files, read };
}

/** Every path a package.json entry field points at (main, types, module, exports, …). */
export function entryPaths(pkg: Record<string, any>): string[] {
  const paths: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (
        v.startsWith('./') ||
        v.startsWith('dist/') ||
        v.endsWith('.js') ||
        v.endsWith('.ts')
      )
        paths.push(v.replace(/^\.\//, ''));
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const field of [
    'main',
    'types',
    'module',
    'exports',
    'typesVersions',
    'configSchema',
  ])
    walk(pkg[field]);
  return paths.filter(p => !p.endsWith('package.json'));
}

const IMPORT =
  /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"./][^'"]*)['"]/g;

/** The package a bare specifier names: `@scope/name/deep` → `@scope/name`. */
export const specifierPackage = (spec: string) =>
  spec.startsWith('@')
    ? spec.split('/').slice(0, 2).join('/')
    : spec.split('/')[0];

/** Packages the built code and declarations import, with one file that imports each. */
export async function importedPackages(
  t: Tarball,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const f of t.files.filter(p => /^dist\/.*\.(js|d\.ts)$/.test(p))) {
    const text = await t.read(f);
    for (const m of text.matchAll(IMPORT)) {
      const name = specifierPackage(m[1]);
      if (name.startsWith('node:') || builtinModules.includes(name)) continue;
      if (!found.has(name)) found.set(name, f);
    }
  }
  return found;
}
