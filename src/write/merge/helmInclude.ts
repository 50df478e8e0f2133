// The `helm-include` merge: a workload template of the user's chart gets one line per container —
// `{{- include "<app>.secretEnv" . | nindent N }}` under its `env:` — and nothing else; the keys
// themselves live in templates/_mosaic-secrets.tpl, so add-key and remove-key never touch these
// files. Templates are Go-templated YAML (not parseable as YAML), so this works on lines: the
// `containers:` block, its items by indentation, each item's `env:`; template-only lines
// (`{{- if … }}`) and comments are transparent. Anything it cannot place is an error with the
// line to add by hand.
import { UsageError } from '../../errors.js';
import type { HelmInclude } from '../../render/types.js';

const indentOf = (line: string): number => line.length - line.trimStart().length;
const transparent = (line: string): boolean => {
  const t = line.trim();
  return t === '' || t.startsWith('#') || t.startsWith('{{');
};
const unquote = (s: string): string => s.trim().replace(/\s+#.*$/, '').replace(/^(["'])(.*)\1$/, '$2');

interface Item {
  start: number;
  end: number; // exclusive
  col: number; // column of the item's keys
  name: string;
}

function itemsOf(lines: string[], field: string): Item[] | null {
  const k = lines.findIndex((l) => new RegExp(`^\\s*${field}:\\s*(#.*)?$`).test(l));
  if (k === -1) return null;
  const keyIndent = indentOf(lines[k]!);
  const items: Item[] = [];
  let itemIndent = -1;
  for (let j = k + 1; j < lines.length; j++) {
    const l = lines[j]!;
    if (transparent(l)) {
      // A template or comment line indented inside the current item is part of it (our include
      // line is one: without this, an include as the item's last line was not seen and added again).
      const last = items[items.length - 1];
      if (last && l.trim() !== '' && indentOf(l) > itemIndent) last.end = j + 1;
      continue;
    }
    const ind = indentOf(l);
    const dash = l.trimStart().startsWith('- ') || l.trim() === '-';
    if (itemIndent === -1) {
      if (!dash || ind < keyIndent) break;
      itemIndent = ind;
    }
    if (ind < itemIndent || (ind === itemIndent && !dash)) break;
    if (ind === itemIndent) {
      const first = l.trimStart().slice(2);
      const m = /^name:\s*([^\r]+)\r?$/.exec(first);
      items.push({ start: j, end: j + 1, col: itemIndent + 2, name: m ? unquote(m[1]!) : '' });
    } else {
      const it = items[items.length - 1]!;
      it.end = j + 1;
      const m = new RegExp(`^\\s{${it.col}}name:\\s*([^\\r]+)\\r?$`).exec(l);
      if (m && !it.name) it.name = unquote(m[1]!);
    }
  }
  return items;
}

const includeLine = (name: string, col: number) => `${' '.repeat(col)}{{- include "${name}" . | nindent ${col} }}`;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const KEY_LINE = /^(\s*)(?:-\s+)?([A-Za-z][A-Za-z0-9]*):\s*(.*?)\s*(?:#.*)?$/;

/**
 * The env names a container item (its lines, CR stripped) sets itself: a list entry with a `name`
 * and a `value`/`valueFrom` key, in either order, with comments or template lines between, or a
 * flow entry `- {name: X, value: …}`. (Other lists — ports, volumeMounts — have no value key.)
 */
export function ownEnv(body: readonly string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const line = body[i]!;
    const flow = /^\s*-\s+\{(.*)\}\s*(?:#.*)?$/.exec(line);
    if (flow) {
      const name = /(?:^|,)\s*name:\s*(["']?)([^,"'}\s]+)\1\s*(?:,|$)/.exec(flow[1]!)?.[2];
      if (name && ENV_NAME.test(name) && /(?:^|,)\s*value(?:From)?:/.test(flow[1]!)) names.push(name);
      continue;
    }
    const dash = /^(\s*)-\s+/.exec(line);
    const first = dash ? KEY_LINE.exec(line) : null;
    if (!dash || !first) continue;
    const col = dash[0].length;
    const keys = new Map<string, string>([[first[2]!, first[3]!]]);
    for (let j = i + 1; j < body.length; j++) {
      const l = body[j]!;
      if (transparent(l)) continue;
      if (indentOf(l) < col) break;
      const k = indentOf(l) === col ? KEY_LINE.exec(l) : null;
      if (k) keys.set(k[2]!, k[3]!);
    }
    const name = unquote(keys.get('name') ?? '');
    if (ENV_NAME.test(name) && (keys.has('value') || keys.has('valueFrom'))) names.push(name);
  }
  return [...new Set(names)];
}

/** Each container (and init container) of a workload template with the env names it sets itself. */
export function containerEnv(text: string): { field: string; container: string; names: string[] }[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: { field: string; container: string; names: string[] }[] = [];
  for (const field of ['containers', 'initContainers']) {
    for (const it of itemsOf(lines, field) ?? []) out.push({ field, container: it.name, names: ownEnv(lines.slice(it.start, it.end)) });
  }
  return out;
}

/**
 * A container that sets a literal env of the include itself would list that name twice: server-side
 * apply refuses it, client-side apply lets one silently win. (A raw *secret* entry is check's to flag
 * and check --fix's to replace; adopt relies on that order.)
 */
function twice(body: string[], spec: HelmInclude, where: string): void {
  const dup = ownEnv(body.map((l) => l.replace(/\r$/, ''))).find((n) => spec.literals.includes(n));
  if (dup) throw new UsageError(`${where} sets ${dup} itself and the include "${spec.name}" sets it too (the container would list it twice): remove that entry, or give the workload keys without ${dup} (workloads[].keys)`);
}

/** `text` with our include in every container the spec names (unchanged when all are there). */
export function ensureIncludes(text: string, spec: HelmInclude, file: string): string {
  const lines = text.split('\n');
  const edits: { at: number; remove: number; add: string[] }[] = [];
  const hand = (what: string) => `${file}: ${what}; add {{- include "${spec.name}" . | nindent N }} under that container's env: by hand (N = the column of its env entries), or name the container literally`;
  const fields: [string, string[] | null][] = [['containers', spec.containers]];
  if (spec.initContainers.length) fields.push(['initContainers', spec.initContainers]);
  for (const [field, wanted] of fields) {
    const items = itemsOf(lines, field);
    if (!items || items.length === 0) throw new UsageError(hand(`no ${field}: list found`));
    const chosen = wanted ? items.filter((i) => wanted.includes(i.name)) : items;
    for (const w of wanted ?? []) if (!chosen.some((i) => i.name === w)) throw new UsageError(hand(`no ${field} entry named "${w}" (a templated name cannot be matched)`));
    for (const it of chosen) {
      const body = lines.slice(it.start, it.end);
      twice(body, spec, `${file}: ${field} entry "${it.name || '?'}"`);
      const ours = body.findIndex((l) => l.includes(`include "${spec.family}`));
      if (ours !== -1) {
        const l = body[ours]!;
        const fixed = l.replace(new RegExp(`include "${spec.family.replace(/\./g, '\\.')}[^"]*"`), `include "${spec.name}"`);
        if (fixed !== l) edits.push({ at: it.start + ours, remove: 1, add: [fixed] });
        continue;
      }
      const envAt = body.findIndex((l, i) => (i === 0 ? new RegExp('^\\s*-\\s+env:') : new RegExp(`^\\s{${it.col}}env:`)).test(l));
      if (envAt !== -1) {
        if (!/env:\s*(#.*)?$/.test(body[envAt]!)) throw new UsageError(hand(`the env of ${field} entry "${it.name || '?'}" is not a block list`));
        edits.push({ at: it.start + envAt + 1, remove: 0, add: [includeLine(spec.name, it.col + 2)] });
      } else {
        edits.push({ at: it.start + 1, remove: 0, add: [`${' '.repeat(it.col)}env:`, includeLine(spec.name, it.col + 2)] });
      }
    }
  }
  edits.sort((a, b) => b.at - a.at);
  for (const e of edits) lines.splice(e.at, e.remove, ...e.add);
  return lines.join('\n');
}
