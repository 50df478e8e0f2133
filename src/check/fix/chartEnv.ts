// The text facts `check --fix` needs to remove a chart workload's raw secret env entry: where the
// entry is (a plain `- name: X` / `value: …` pair, nothing else), which named templates the same
// env list includes, and whether such a named template (a `define` in the chart's .tpl files)
// reads X from a Secret. Chart templates are Go-templated text, so this reads lines, like the
// generator's include merge; anything of another shape is no fact at all (no fix).

export interface RawEntry {
  /** Offsets of the entry's lines, newline included: what removing it deletes. */
  start: number;
  end: number;
  /** Column of the entry's `-`. */
  dash: number;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
/** Lines the YAML structure does not see: blank, comments, template-only lines (`{{- if … }}`, includes). */
const transparent = (line: string): boolean => {
  const t = line.trim();
  return t === '' || t.startsWith('#') || t.startsWith('{{');
};
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Line {
  text: string;
  start: number;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let at = 0;
  for (const t of text.split('\n')) {
    out.push({ text: t.replace(/\r$/, ''), start: at });
    at += t.length + 1;
  }
  return out;
}

/**
 * The env entry whose `name:` starts at `at` when it is exactly `- name: <name>` followed by one
 * one-line `value: …` (no block scalar, no other key, no continuation lines); else null.
 */
export function rawEntryAt(text: string, at: number, name: string): RawEntry | null {
  const lines = linesOf(text);
  const i = lines.findIndex((l, k) => l.start <= at && (k + 1 === lines.length || lines[k + 1]!.start > at));
  if (i === -1 || i + 1 >= lines.length) return null;
  const first = lines[i]!.text;
  const head = new RegExp(`^( *)- name: *(["']?)${esc(name)}\\2 *(#.*)?$`).exec(first);
  if (!head || lines[i]!.start + head[1]!.length + 2 !== at) return null;
  const dash = head[1]!.length;
  const value = new RegExp(`^ {${dash + 2}}value: *(\\S.*)$`).exec(lines[i + 1]!.text);
  if (!value || /^[|>]/.test(value[1]!)) return null;
  // A quoted scalar must close on its line (else it continues below).
  const v = value[1]!.replace(/ +#.*$/, '');
  if ((v.startsWith('"') && !/[^\\]"$|^""$/.test(v)) || (v.startsWith("'") && !/'$/.test(v.slice(1)))) return null;
  const next = lines[i + 2];
  if (next && !transparent(next.text) && indentOf(next.text) > dash) return null;
  const end = next ? next.start : text.length;
  return { start: lines[i]!.start, end, dash };
}

/** Names of the templates `{{ include "…" }}`d unconditionally in the env list that holds the entry. */
export function includesInEnvOf(text: string, entry: RawEntry): string[] {
  const lines = linesOf(text);
  const i = lines.findIndex((l) => l.start === entry.start);
  let head = -1;
  for (let k = i - 1; k >= 0; k--) {
    const t = lines[k]!.text;
    if (transparent(t)) continue;
    const ind = indentOf(t);
    if (ind > entry.dash || (ind === entry.dash && t.trimStart().startsWith('- '))) continue;
    head = k;
    break;
  }
  if (head === -1 || !/^ *env: *(#.*)?$/.test(lines[head]!.text) || indentOf(lines[head]!.text) > entry.dash) return [];
  const names: string[] = [];
  for (let k = head + 1; k < lines.length; k++) {
    const t = lines[k]!.text;
    if (!transparent(t)) {
      const ind = indentOf(t);
      if (ind < entry.dash || (ind === entry.dash && !t.trimStart().startsWith('- '))) break;
      continue;
    }
    // An include inside an `if` (or a `range`, `with`) may not be emitted: no proof in this list.
    if (/\{\{-? *(if|else|with|range|end|block|define)\b/.test(t)) return [];
    for (const m of t.matchAll(/\{\{-? *include +"([^"]+)"/g)) names.push(m[1]!);
  }
  return names;
}

/**
 * The bodies of the `define`s in a chart's template helpers. A body holding any other action
 * (an `if`, a `range`) is left out: what it emits depends on values, so it proves nothing.
 */
export function definesOf(texts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of texts) {
    for (const m of text.matchAll(/\{\{-? *define +"([^"]+)" *-?\}\}([\s\S]*?)\{\{-? *end *-?\}\}/g)) {
      if (!m[2]!.includes('{{')) out.set(m[1]!, m[2]!);
    }
  }
  return out;
}

/** Does the define's body set `name` from a Secret (`- name: X` / `valueFrom:` / `secretKeyRef:`)? */
export function readsFromSecret(body: string, name: string): boolean {
  return new RegExp(`^ *- name: *(["']?)${esc(name)}\\1 *\\n *valueFrom: *\\n *secretKeyRef: *$`, 'm').test(body);
}
