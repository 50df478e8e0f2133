// Helm templates: where a value falls back to a default. Helm's `default` is Forbidden Pattern 1
// in template form (`{{ .Values.db.password | default "changeme" }}` is `${DB_PASSWORD:-changeme}`),
// and `required "…" .Values.x` is its fast-fail form. Go template actions nest (parentheses, pipes)
// and hold strings that may contain `}}` or `|`, so this reads them with a small tokenizer rather
// than a regex.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface HelmDefault {
  /** Offsets of the whole action, `{{` … `}}`. */
  start: number;
  end: number;
  /** Source text of the expression that gets defaulted (`.Values.db.password`); '' if none. */
  value: string;
  /** The fallback's offsets in the text. */
  fallbackStart: number;
  fallbackEnd: number;
}

type Term = { kind: 'word' | 'string'; start: number; end: number } | { kind: 'group'; start: number; end: number; stages: Term[][] };

const chartDirs = new Map<string, boolean>();

/** A file in a chart's templates/ directory (the directory above it has a Chart.yaml). */
export function isHelmTemplate(abs: string, path: string): boolean {
  if (!/(^|\/)templates\//.test(path)) return false;
  // templates/ may have subdirectories: find the templates/ segment, then Chart.yaml beside it.
  let dir = dirname(abs);
  for (let i = 0; i < 8 && dir !== dirname(dir); i++, dir = dirname(dir)) {
    if (dir.endsWith('/templates') || dir.endsWith('\\templates')) {
      const chart = dirname(dir);
      let known = chartDirs.get(chart);
      if (known === undefined) {
        known = existsSync(join(chart, 'Chart.yaml'));
        chartDirs.set(chart, known);
      }
      if (known) return true;
    }
  }
  return false;
}

/** Every use of `default` in the template's actions (comments excluded). */
export function helmDefaults(text: string): HelmDefault[] {
  const out: HelmDefault[] = [];
  let i = text.indexOf('{{');
  while (i !== -1) {
    let p = i + 2;
    if (text[p] === '-' && /\s/.test(text[p + 1] ?? '')) p++;
    while (/\s/.test(text[p] ?? '')) p++;
    if (text.startsWith('/*', p)) {
      const close = text.indexOf('*/', p + 2);
      if (close === -1) break;
      const end = text.indexOf('}}', close + 2);
      if (end === -1) break;
      i = text.indexOf('{{', end + 2);
      continue;
    }
    const body = readStages(text, p, '}}');
    if (!body) {
      i = text.indexOf('{{', i + 2); // malformed action (Helm would refuse it): read on after it
      continue;
    }
    const actionEnd = body.end + 2;
    visit(body.stages, text, i, actionEnd, out);
    i = text.indexOf('{{', actionEnd);
  }
  return out;
}

function visit(stages: Term[][], text: string, start: number, end: number, out: HelmDefault[]): void {
  stages.forEach((stage, s) => {
    const [head, ...args] = stage;
    if (head?.kind === 'word' && text.slice(head.start, head.end) === 'default' && args.length > 0) {
      const fallback = args[0]!;
      // Piped (`x | default "y"`): the value is the stage before; called (`default "y" x`): its last argument.
      const valueTerms = s > 0 ? stages[s - 1]! : args.slice(1);
      const value = valueTerms.length ? text.slice(valueTerms[0]!.start, valueTerms[valueTerms.length - 1]!.end) : '';
      out.push({ start, end, value, fallbackStart: fallback.start, fallbackEnd: fallback.end });
    }
    for (const t of stage) if (t.kind === 'group') visit(t.stages, text, start, end, out);
  });
}

/** Stages (split on `|`) of terms from `from` up to the closing `close` (`}}` or `)`). */
function readStages(text: string, from: number, close: '}}' | ')'): { stages: Term[][]; end: number } | null {
  const stages: Term[][] = [[]];
  let p = from;
  const n = text.length;
  while (p < n) {
    const c = text[p]!;
    if (close === '}}' && (text.startsWith('}}', p) || (c === '-' && /\s/.test(text[p - 1] ?? '') && text.startsWith('}}', p + 1)))) {
      return { stages, end: text.startsWith('}}', p) ? p : p + 1 };
    }
    if (close === ')' && c === ')') return { stages, end: p };
    if (close === ')' && text.startsWith('}}', p)) return null; // the action ends inside a group
    if (/\s/.test(c)) {
      p++;
    } else if (c === '|') {
      stages.push([]);
      p++;
    } else if (c === '(') {
      const inner = readStages(text, p + 1, ')');
      if (!inner) return null;
      stages[stages.length - 1]!.push({ kind: 'group', start: p, end: inner.end + 1, stages: inner.stages });
      p = inner.end + 1;
    } else if (c === '"' || c === '`' || c === "'") {
      const end = stringEnd(text, p);
      if (end === -1) return null;
      stages[stages.length - 1]!.push({ kind: 'string', start: p, end });
      p = end;
    } else {
      const s = p;
      while (p < n && !/[\s|()"'`]/.test(text[p]!) && !text.startsWith('}}', p)) p++;
      if (p === s) p++; // a stray `)` outside any group: not valid Go template, skip it
      else stages[stages.length - 1]!.push({ kind: 'word', start: s, end: p });
    }
  }
  return null;
}

/** Offset just past a Go string / raw string / rune literal starting at `p`, or -1. */
function stringEnd(text: string, p: number): number {
  const q = text[p]!;
  for (let i = p + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && q !== '`') i++;
    else if (c === q) return i + 1;
    else if (c === '\n' && q !== '`') return -1;
  }
  return -1;
}
