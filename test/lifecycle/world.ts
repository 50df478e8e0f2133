// The user's world for the model-based lifecycle test: a repo the tool generated, and the things a
// team does to it over the years — re-runs, add-key / remove-key / set-mode / update, hand edits
// inside and outside our regions of every artifact kind, answers edited in .mosaic-secrets.yaml,
// "keep my file" or "overwrite" at a conflict, --force. Every hand edit leaves a unique token; the
// model remembers which tokens must still be on disk, and forgets one only when a run said so.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';

export type Raw = Record<string, unknown>;

/** How a run settles conflicts: CI refuses, a person keeps or overwrites (per file), or --force. */
export type Settle = { how: 'ci' } | { how: 'force' } | { how: 'person'; overwrite: boolean[] };

export type Op =
  | { op: 'rerun'; settle: Settle }
  | { op: 'update'; settle: Settle }
  | { op: 'add-secret'; env: string; minLength: number; description: string; settle: Settle }
  | { op: 'add-config'; env: string; kind: number; settle: Settle }
  | { op: 'remove'; pick: number; settle: Settle }
  | { op: 'set-mode'; direct: boolean; settle: Settle }
  | { op: 'edit'; kind: EditKind; file: number; line: number }
  | { op: 'answer-edit'; field: number; value: number };

export type EditKind = 'append' | 'inline' | 'region-top' | 'user-env' | 'env-value' | 'refresh';

const NAMES = ['DB_PASSWORD', 'API_KEY', 'JWT_SECRET', 'REDIS_URL', 'PORT', 'LOG_LEVEL', 'FEATURE_X', 'TIMEOUT_MS'];
const name = fc.constantFrom(...NAMES);
const settle: fc.Arbitrary<Settle> = fc.oneof(
  fc.constant({ how: 'ci' as const }),
  fc.constant({ how: 'force' as const }),
  fc.record({ how: fc.constant('person' as const), overwrite: fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }) }),
);
const editKind = fc.constantFrom<EditKind>('append', 'inline', 'region-top', 'user-env', 'env-value', 'refresh');

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('edit' as const), kind: editKind, file: fc.nat(), line: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rerun' as const), settle }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('update' as const), settle }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add-secret' as const), env: name, minLength: fc.integer({ min: 1, max: 40 }), description: fc.constantFrom('', 'Postgres password', 'Signs tokens'), settle }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('add-config' as const), env: name, kind: fc.integer({ min: 0, max: 3 }), settle }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), pick: fc.nat(), settle }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('set-mode' as const), direct: fc.boolean(), settle }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('answer-edit' as const), field: fc.nat(), value: fc.integer({ min: 2, max: 99 }) }) },
);

export type Layout = 'plain' | 'helm' | 'kustomize';
/** The deploy layouts the world is generated in (MOSAIC_MODEL_LAYOUTS=plain,helm,kustomize). */
export const LAYOUTS = (process.env.MOSAIC_MODEL_LAYOUTS ?? 'plain,helm,kustomize').split(',') as Layout[];

export const initialArb = fc.record({
  secrets: fc.uniqueArray(fc.constantFrom(...NAMES.filter((n) => n !== 'PORT')), { minLength: 1, maxLength: 3 }),
  languages: fc.subarray(['typescript', 'python', 'go'], { minLength: 1 }),
  layout: fc.constantFrom(...LAYOUTS),
});

export function configEntry(env: string, kind: number): { default: string; type: string; reason: string; values?: string[] } {
  return [
    { default: '3000', type: 'int', reason: 'non-secret' },
    { default: 'false', type: 'bool', reason: 'off by default' },
    { default: 'info', type: 'enum', values: ['debug', 'info'], reason: 'verbosity' },
    { default: 'yes', type: 'string', reason: 'plain text' },
  ][kind]!;
}

/** tmpfs where there is one: the writer fsyncs every file, which a disk makes the slowest part of a run. */
export const scratch = (prefix: string): string => mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), prefix));

/** A token a hand edit leaves, and the edit's slot: a later edit of the same slot replaces it. */
export interface Expect {
  path: string;
  token: string;
  slot?: string;
}

const comment = (path: string, text: string): string => (path.endsWith('.md') ? `<!-- ${text} -->` : /\.(ts|go)$/.test(path) ? `// ${text}` : `# ${text}`);

const REGION_BEGIN = /mosaic-secrets:begin/;
const REGION_END = /mosaic-secrets:end/;

/**
 * Apply one hand edit to the files in `dir` (`files`: paths we generated, plus .gitignore). Returns
 * what must survive, or null when this edit does not apply to that repo (no such file or line).
 */
export function handEdit(dir: string, files: string[], o: Extract<Op, { op: 'edit' }>, token: string): Expect | null {
  const pick = (ok: (p: string) => boolean) => {
    const fit = files.filter(ok);
    return fit.length ? fit[o.file % fit.length]! : null;
  };
  const at = (p: string) => join(dir, p);
  const edit = (p: string, next: string) => writeFileSync(at(p), next);
  if (o.kind === 'append') {
    const p = pick(() => true);
    if (!p) return null;
    const t = readFileSync(at(p), 'utf8');
    edit(p, `${t}${t.endsWith('\n') || t === '' ? '' : '\n'}${comment(p, token)}\n`);
    return { path: p, token };
  }
  if (o.kind === 'inline' || o.kind === 'region-top') {
    // A generated line changed in place (a trailing comment), or a line of ours added at the top of our region.
    const p = pick((f) => !f.endsWith('.gitignore') && !f.endsWith('.sh') && !f.endsWith('.json'));
    if (!p) return null;
    const lines = readFileSync(at(p), 'utf8').split('\n');
    const b = lines.findIndex((l) => REGION_BEGIN.test(l));
    const e = lines.findIndex((l) => REGION_END.test(l));
    const [from, to] = b !== -1 && e > b ? [b + 1, e] : [0, lines.length - 1];
    if (o.kind === 'region-top') {
      if (b === -1) return null;
      lines.splice(b + 1, 0, comment(p, token));
    } else {
      const candidates = lines.map((l, i) => i).filter((i) => i >= from && i < to && /\S/.test(lines[i]!) && !/[`'"\\]\s*$|:\s*[|>]-?\s*$|^\s*#!/.test(lines[i]!) && !lines[i]!.includes('#') && !lines[i]!.includes('//'));
      if (!candidates.length) return null;
      const i = candidates[o.line % candidates.length]!;
      lines[i] = `${lines[i]} ${comment(p, token)}`;
    }
    edit(p, lines.join('\n'));
    return { path: p, token };
  }
  if (o.kind === 'user-env') {
    // The team's own env entry in our container's env list.
    const p = pick((f) => f.endsWith('/deployment.yaml') && !readFileSync(at(f), 'utf8').includes('{{'));
    if (!p) return null;
    const doc = parseDocument(readFileSync(at(p), 'utf8'), { version: '1.1' });
    const env = doc.getIn(['spec', 'template', 'spec', 'containers', 0, 'env']) as { items: unknown[] } | undefined;
    if (!env?.items) return null;
    env.items.push(doc.createNode({ name: token.toUpperCase(), value: 'ours' }));
    edit(p, doc.toString({ lineWidth: 0 }));
    return { path: p, token: token.toUpperCase() };
  }
  if (o.kind === 'env-value') {
    // The value of an env entry we own (a config default) changed by hand.
    const p = pick((f) => f.endsWith('/deployment.yaml') && !readFileSync(at(f), 'utf8').includes('{{'));
    if (!p) return null;
    const text = readFileSync(at(p), 'utf8');
    const owned = [...text.matchAll(/^(\s+)- name: ([A-Z_]+)\n\1  value: "[^"\n]*"/gm)];
    if (!owned.length) return null;
    const m = owned[o.line % owned.length]!;
    const value = `${token}`;
    edit(p, text.slice(0, m.index) + `${m[1]}- name: ${m[2]}\n${m[1]}  value: "${value}"` + text.slice(m.index! + m[0].length));
    return { path: p, token: `value: "${value}"`, slot: `${p}#${m[2]}` };
  }
  // refresh: the ExternalSecret's refreshInterval, a scalar we own.
  const p = pick((f) => f.endsWith('/external-secret.yaml'));
  if (!p) return null;
  const text = readFileSync(at(p), 'utf8');
  const minutes = 100 + (Number(token.replace(/\D/g, '')) % 900);
  const next = text.replace(/refreshInterval: "[^"]*"/, `refreshInterval: "${minutes}m"`);
  if (next === text) return null;
  edit(p, next);
  return { path: p, token: `refreshInterval: "${minutes}m"`, slot: `${p}#refreshInterval` };
}

/** Which answer a hand edit of the manifest changed: the refresh interval, or a config key's default. */
export type AnswerField = 'refresh' | `default:${string}` | 'description';

/** A hand edit of an answer in .mosaic-secrets.yaml ("change answers here, then re-run"). */
export function answerEdit(dir: string, o: Extract<Op, { op: 'answer-edit' }>): AnswerField | null {
  const path = join(dir, '.mosaic-secrets.yaml');
  const doc = parseDocument(readFileSync(path, 'utf8'));
  const config = (doc.getIn(['answers', 'config']) as { items?: unknown[] } | undefined)?.items ?? [];
  const ints = config.map((_, i) => i).filter((i) => doc.getIn(['answers', 'config', i, 'type']) === 'int');
  const fields: (() => AnswerField)[] = [
    () => (doc.setIn(['answers', 'eso', 'refreshInterval'], `${o.value}m`), 'refresh'),
    ...ints.map((i) => () => (doc.setIn(['answers', 'config', i, 'default'], String(o.value * 100 + 7)), `default:${String(doc.getIn(['answers', 'config', i, 'env']))}` as const)),
    () => {
      const secrets = (doc.getIn(['answers', 'secrets']) as { items: unknown[] }).items;
      doc.setIn(['answers', 'secrets', o.value % secrets.length, 'description'], `edited in the manifest ${o.value}`);
      return 'description';
    },
  ];
  const before = doc.toString();
  const field = fields[o.field % fields.length]!();
  const after = doc.toString();
  if (after === before) return null;
  writeFileSync(path, after);
  return field;
}
