import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, isMap, isSeq, YAMLMap, YAMLSeq, Document } from 'yaml';

/**
 * One step of a README's "## Install" section, as a person follows it:
 * - `sh`: commands typed in the app's root;
 * - `ts`: lines added to the file named by its first line (`// packages/backend/src/index.ts`),
 *   before `backend.start();`;
 * - `diff`: the same, with `-` lines removed (the statement, however it is wrapped) and `+`
 *   lines put in the first removed one's place;
 * - `yaml` whose first line names a file (`# app-config.yaml`): merged into it.
 * Blocks without a file name are illustrations and not applied.
 */
export type ReadmeStep =
  | { kind: 'sh'; commands: string[] }
  | { kind: 'code'; file: string; add: string[]; remove: string[] }
  | { kind: 'yaml'; file: string; text: string };

const FENCE = /^```(\w+)\n([\s\S]*?)^```$/gm;

export function installSteps(readme: string): ReadmeStep[] {
  const section = /^## Install\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(
    readme,
  )?.[1];
  if (!section) throw new Error('the README has no "## Install" section');
  const steps: ReadmeStep[] = [];
  for (const [, lang, body] of section.matchAll(FENCE)) {
    const lines = body.replace(/\n$/, '').split('\n');
    if (lang === 'sh') {
      steps.push({
        kind: 'sh',
        commands: lines.filter(l => l.trim() && !l.startsWith('#')),
      });
    } else if (lang === 'ts' || lang === 'diff') {
      const file = /^[ +]?\/\/ (\S+\.\w+)$/.exec(lines[0])?.[1];
      if (!file) continue;
      const rest = lines.slice(1);
      if (lang === 'ts') {
        steps.push({ kind: 'code', file, add: rest, remove: [] });
      } else {
        steps.push({
          kind: 'code',
          file,
          add: rest.filter(l => l.startsWith('+')).map(l => l.slice(1)),
          remove: rest.filter(l => l.startsWith('-')).map(l => l.slice(1)),
        });
      }
    } else if (lang === 'yaml') {
      const file = /^# (\S+\.ya?ml)$/.exec(lines[0])?.[1];
      if (file)
        steps.push({ kind: 'yaml', file, text: lines.slice(1).join('\n') });
    }
  }
  return steps;
}

/** Whitespace and trailing commas do not matter when finding a statement to remove. */
const normalize = (s: string) => s.replace(/\s+/g, '').replace(/,\)/g, ')');

/** Applies a `code` step to the app's file; throws when a line to remove is not there. */
export function applyCode(
  appDir: string,
  step: Extract<ReadmeStep, { kind: 'code' }>,
) {
  const path = join(appDir, step.file);
  const lines = readFileSync(path, 'utf8').split('\n');
  let insertAt = -1;
  for (const removed of step.remove) {
    const want = normalize(removed);
    let found = false;
    for (let i = 0; i < lines.length && !found; i++) {
      for (let n = 1; n <= 4 && i + n <= lines.length; n++) {
        if (normalize(lines.slice(i, i + n).join('')) === want) {
          lines.splice(i, n);
          if (insertAt < 0 || i < insertAt) insertAt = i;
          found = true;
          break;
        }
      }
    }
    if (!found)
      throw new Error(`${step.file} has no line "${removed.trim()}" to remove`);
  }
  if (insertAt < 0) {
    insertAt = lines.findIndex(l => l.trim() === 'backend.start();');
    if (insertAt < 0) throw new Error(`${step.file} has no "backend.start();"`);
  }
  const have = new Set(lines.map(normalize));
  const added = step.add.filter(l => !have.has(normalize(l)) || !l.trim());
  lines.splice(insertAt, 0, ...added);
  writeFileSync(path, lines.join('\n'));
}

/** Merges maps key by key and sequences as a union, as a person edits a config file. */
function merge(doc: Document, target: unknown, source: unknown): unknown {
  if (isMap(target) && isMap(source)) {
    for (const item of (source as YAMLMap).items) {
      const key = (item.key as any).value ?? item.key;
      const existing = (target as YAMLMap).get(key, true);
      (target as YAMLMap).set(
        key,
        existing === undefined ? item.value : merge(doc, existing, item.value),
      );
    }
    return target;
  }
  if (isSeq(target) && isSeq(source)) {
    const seen = new Set(
      (target as YAMLSeq).items.map(i =>
        JSON.stringify((i as any).toJSON?.() ?? i),
      ),
    );
    for (const i of (source as YAMLSeq).items) {
      if (!seen.has(JSON.stringify((i as any).toJSON?.() ?? i)))
        (target as YAMLSeq).add(i);
    }
    return target;
  }
  return source;
}

export function applyYaml(
  appDir: string,
  step: Extract<ReadmeStep, { kind: 'yaml' }>,
) {
  const path = join(appDir, step.file);
  const doc = parseDocument(readFileSync(path, 'utf8'));
  const add = parseDocument(step.text);
  doc.contents = merge(doc, doc.contents, add.contents) as any;
  writeFileSync(path, doc.toString());
}
