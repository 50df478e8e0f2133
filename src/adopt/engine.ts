// The one engine that runs the detector table (detectors.ts) over a file: comments blanked (so
// offsets and lines stay), blocks found, patterns run, each hit turned into an EnvRead with its
// file:line evidence, default literal and declared type.
import { parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { DETECTORS, type Block, type Detector, type FileType, type SourceKind } from './detectors.js';
import { hashCommentStart } from '../check/lines.js';

export type ValueType = 'string' | 'int' | 'bool' | 'enum';

export interface EnvRead {
  env: string;
  /** POSIX path relative to the adopted directory. */
  file: string;
  line: number;
  detector: string;
  what: string;
  source: SourceKind;
  /** A fallback the code or deploy file gives when the variable is unset (never from a real .env). */
  default?: string;
  /** The read fails without a value (os.environ[...], a required field) / tolerates absence. */
  presence?: 'required' | 'optional';
  type?: ValueType;
  values?: string[];
  /** Declared as a secret type (pydantic SecretStr). */
  secretType?: boolean;
  /** A literal value a deploy file sets (compose, k8s): a setting for one environment, not a default. */
  setting?: boolean;
  settingValue?: string;
}

export interface SourceFile {
  path: string;
  type: FileType;
  text: string;
}

const SOURCE_OF: Record<FileType, SourceKind> = {
  js: 'code',
  python: 'code',
  go: 'code',
  compose: 'compose',
  k8s: 'k8s',
  helm: 'helm',
  'env-example': 'env-example',
  'env-file': 'env-file',
};

/** Blank comments (same length, newlines kept) so patterns never match commented-out code. */
export function blankComments(text: string, type: FileType, strings?: [number, number][]): string {
  if (type === 'js' || type === 'go') return blankCStyle(text, type === 'go', strings);
  if (type === 'python') return blankHash(text, true);
  return blankHash(text, false);
}

function spaces(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

/** `strings` collects the [start, end) of every string literal: a read spelled inside one is text, not code. */
function blankCStyle(text: string, go: boolean, strings?: [number, number][]): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      let j = text.indexOf('\n', i);
      if (j === -1) j = n;
      out += spaces(text.slice(i, j));
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      let j = text.indexOf('*/', i + 2);
      j = j === -1 ? n : j + 2;
      out += spaces(text.slice(i, j));
      i = j;
    } else if (c === '"' || c === "'" || c === '`') {
      // Strings are kept as they are; only their end matters here.
      let j = i + 1;
      while (j < n && text[j] !== c) {
        if (text[j] === '\\' && !(go && c === '`')) j++;
        else if (text[j] === '\n' && c !== '`') break;
        j++;
      }
      out += text.slice(i, j + 1);
      strings?.push([i, j + 1]);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function blankHash(text: string, python: boolean): string {
  return text
    .split('\n')
    .map((line) => {
      const at = python ? pythonCommentStart(line) : hashCommentStart(line);
      return at === -1 ? line : line.slice(0, at) + spaces(line.slice(at));
    })
    .join('\n');
}

function pythonCommentStart(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return i;
  }
  return -1;
}

/** [start, end) regions of the file a row's block selects. */
function blocks(text: string, block: Block): [number, number][] {
  if (block.fileHas && !block.fileHas.some((k) => text.includes(k))) return [];
  const out: [number, number][] = [];
  const open = new RegExp(block.open.source, block.open.flags.includes('g') ? block.open.flags : `${block.open.flags}g`);
  for (const m of text.matchAll(open)) {
    const start = m.index + m[0].length;
    const end = block.until === 'braces' ? braceEnd(text, start) : indentEnd(text, m.index, start);
    const body = text.slice(start, end);
    if (block.blockHas && !block.blockHas.some((k) => body.includes(k))) continue;
    out.push([start, end]);
  }
  return out;
}

/** Offset of the `}` closing the brace opened just before `from` (strings skipped). */
function braceEnd(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const j = text.indexOf(c, i + 1);
      if (j === -1) return text.length;
      i = j;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return text.length;
}

/** End of the lines after `from` indented deeper than the line holding `headerAt` (blank lines included). */
function indentEnd(text: string, headerAt: number, from: number): number {
  const ls = text.lastIndexOf('\n', headerAt - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(ls))![0].length;
  let i = from;
  let end = from;
  while (i < text.length) {
    let j = text.indexOf('\n', i);
    if (j === -1) j = text.length;
    const line = text.slice(i, j);
    if (line.trim() !== '') {
      if (/^[ \t]*/.exec(line)![0].length <= indent) break;
      end = j;
    }
    i = j + 1;
  }
  return end;
}

/** A default literal in source syntax → its value ('x' → x, 300 → 300, True → true). */
export function literal(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const s = raw.trim();
  if (/^(['"`]).*\1$/s.test(s)) return s.slice(1, -1);
  if (s === 'True' || s === 'False') return s.toLowerCase();
  if (s === 'None') return undefined;
  return s;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Every env read the table finds in one file. */
export function detect(file: SourceFile, table: readonly Detector[] = DETECTORS): EnvRead[] {
  const rows = table.filter((d) => d.files.includes(file.type) && d.keywords.some((k) => file.text.includes(k)));
  if (rows.length === 0) return [];
  const strings: [number, number][] = [];
  const text = blankComments(file.text, file.type, strings);
  const inString = (off: number) => strings.some(([s, e]) => s < off && off < e);
  const out: EnvRead[] = [];
  const seen = new Set<string>();
  const push = (r: EnvRead) => {
    const key = `${r.env}\0${r.line}\0${r.detector}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(r);
  };
  for (const d of rows) {
    if (d.yaml) {
      for (const r of yamlReads(file, d)) push(r);
      continue;
    }
    const regions: [number, number, string][] = d.block
      ? blocks(text, d.block).map(([s, e]) => [s, e, d.block!.prefix?.exec(text.slice(s, e))?.[1] ?? ''])
      : [[0, text.length, '']];
    for (const [start, end, prefix] of regions) {
      const body = text.slice(start, end);
      for (const m of body.matchAll(d.pattern)) {
        const g = m.groups ?? {};
        const at = start + m.index;
        if (d.entry && g['list'] !== undefined) {
          const listAt = at + m[0].indexOf(g['list']);
          for (const e of g['list'].matchAll(d.entry)) {
            const eg = e.groups ?? {};
            if (!eg['name']) continue;
            const off = listAt + e.index + e[0].indexOf(eg['name']);
            push(read(file, d, eg['name'], lineAt(text, off), { def: eg['def'] }));
          }
          continue;
        }
        if (!g['name']) continue;
        // Rows that start with code (process.env, os.Getenv) must not start inside a string.
        if (!d.block && !d.yaml && inString(at)) continue;
        const off = at + m[0].indexOf(g['name']);
        const line = lineAt(text, off);
        if (d.fieldToEnv) {
          const r = pydanticField(file, d, g, prefix, line);
          if (r) push(r);
        } else push(read(file, d, g['name'], line, g));
      }
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

function read(file: SourceFile, d: Detector, env: string, line: number, g: Record<string, string | undefined>): EnvRead {
  const r: EnvRead = { env, file: file.path, line, detector: d.id, what: d.what, source: SOURCE_OF[file.type] };
  if (d.presence) r.presence = d.presence;
  let def = literal(g['def']);
  const type = g['type'];
  if (def === undefined && type && d.defaultIn) def = literal(d.defaultIn.exec(type)?.[1]);
  if (g['tag'] !== undefined) Object.assign(r, goTag(g['tag'], g['type'] ?? ''));
  else if (type && d.id.startsWith('js.')) Object.assign(r, zodType(type));
  if (g['value'] !== undefined) Object.assign(r, deployValue(g['value'], env));
  if (def !== undefined) r.default = def;
  return r;
}

/** zod: `z.coerce.number().int()` → int, `z.enum([...])` → enum, `.optional()` → optional. */
function zodType(t: string): Partial<EnvRead> {
  const out: Partial<EnvRead> = {};
  const en = /z\.enum\(\s*\[([^\]]*)\]/.exec(t);
  if (en) {
    out.type = 'enum';
    out.values = [...en[1]!.matchAll(/['"]([^'"]*)['"]/g)].map((v) => v[1]!);
  } else if (/z\.(?:coerce\.)?number\(\)/.test(t)) out.type = /\.int\(\)|z\.coerce\.number/.test(t) ? 'int' : 'string';
  else if (/z\.(?:coerce\.)?boolean\(\)|z\.stringbool\(\)/.test(t)) out.type = 'bool';
  if (/\.optional\(\)|\.nullish\(\)/.test(t)) out.presence = 'optional';
  else if (!/\.default\(/.test(t)) out.presence = 'required';
  return out;
}

/** envconfig: `default:"x"`, `required:"true"`; caarlos0/env: `env:"X,required"`, `envDefault:"x"`. */
function goTag(tag: string, goType: string): Partial<EnvRead> {
  const out: Partial<EnvRead> = {};
  const def = /\b(?:default|envDefault):"([^"]*)"/.exec(tag)?.[1];
  if (def !== undefined) out.default = def;
  if (/\brequired:"true"|\benv:"[^"]*,required/.test(tag)) out.presence = 'required';
  if (/^(?:u?int(?:8|16|32|64)?)$/.test(goType)) out.type = 'int';
  else if (goType === 'bool') out.type = 'bool';
  return out;
}

/** A compose/k8s/Helm value: `${X:-d}` and Helm `| default d` are fallbacks; a plain literal is a setting. */
function deployValue(raw: string, env: string): Partial<EnvRead> {
  const v = raw.trim().replace(/^(['"])(.*)\1$/, '$2');
  const interp = /^\$\{([A-Z_][A-Z0-9_]*)(:?[-=?])?([^}]*)\}$/.exec(v);
  if (interp) {
    if (interp[1] !== env) return {};
    if (interp[2] === ':-' || interp[2] === '-' || interp[2] === ':=' || interp[2] === '=') return { default: literal(interp[3]) ?? interp[3]! };
    if (interp[2]?.endsWith('?')) return { presence: 'required' };
    return {};
  }
  const helm = /\|\s*default\s+("[^"]*"|-?\d+(?:\.\d+)?|true|false)\s*(?:\||\}\})/.exec(v) ?? /\bdefault\s+("[^"]*"|-?\d+(?:\.\d+)?|true|false)\s+\.Values/.exec(v);
  if (helm) return { default: literal(helm[1])! };
  if (v.includes('{{') || v.includes('${') || v === '') return {};
  return { setting: true, settingValue: v };
}

/** A pydantic-settings field → the env var it reads (alias beats env_prefix + NAME). */
function pydanticField(file: SourceFile, d: Detector, g: Record<string, string | undefined>, prefix: string, line: number): EnvRead | null {
  const field = g['name']!;
  if (field === 'model_config' || field.startsWith('_')) return null;
  const args = g['field'] ?? '';
  const alias = /\b(?:validation_)?alias\s*=\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/.exec(args)?.[1];
  const env = alias ? alias.toUpperCase() : `${prefix}${field}`.toUpperCase();
  const r: EnvRead = { env, file: file.path, line, detector: d.id, what: alias ? `${d.what} (alias)` : prefix ? `${d.what} (env_prefix ${prefix})` : d.what, source: 'code' };
  const type = (g['type'] ?? '').trim();
  let def = literal(g['def']);
  if (g['field'] !== undefined) {
    const first = /^\s*([^,=]+?)\s*(?:,|$)/.exec(args)?.[1];
    const kw = /\bdefault\s*=\s*('[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|True|False)/.exec(args)?.[1];
    def = literal(kw ?? (first && first !== '...' && !first.includes('=') ? first : undefined));
    if (/\bdefault_factory\s*=/.test(args)) def ??= '';
  }
  if (/\bSecretStr\b|\bSecretBytes\b/.test(type)) r.secretType = true;
  const lit = /^Literal\[(.*)\]$/.exec(type);
  if (lit) {
    r.type = 'enum';
    r.values = [...lit[1]!.matchAll(/['"]([^'"]*)['"]/g)].map((v) => v[1]!);
  } else if (/^int\b/.test(type)) r.type = 'int';
  else if (/^bool\b/.test(type)) r.type = 'bool';
  if (def !== undefined) r.default = def;
  else if (!/\bOptional\[|\|\s*None\b/.test(type)) r.presence = 'required';
  return r;
}

/** Compose (and any YAML) read structurally: the env map or `KEY=value` list at a path. */
function yamlReads(file: SourceFile, d: Detector): EnvRead[] {
  const spec = d.yaml!;
  let doc;
  try {
    doc = parseDocument(file.text, { uniqueKeys: false });
  } catch {
    return [];
  }
  if (doc.errors.length) return [];
  const out: EnvRead[] = [];
  const lineOf = (n: Node | null | undefined) => (n?.range ? lineAt(file.text, n.range[0]) : 1);
  const visit = (node: unknown, path: readonly string[], parent: unknown) => {
    if (path.length === 0) {
      if (spec.sibling && !(isMap(parent) && parent.has(spec.sibling))) return;
      if (isMap(node)) {
        for (const item of node.items) {
          const key = isScalar(item.key) ? String(item.key.value) : '';
          if (!/^[A-Z_][A-Z0-9_]*$/.test(key)) continue;
          const value = isScalar(item.value) && item.value.value !== null ? String(item.value.value) : undefined;
          out.push(read(file, d, key, lineOf(item.key as Node), value === undefined ? {} : { value }));
        }
      } else if (isSeq(node)) {
        for (const item of node.items) {
          if (!isScalar(item)) continue;
          const m = /^([A-Z_][A-Z0-9_]*)(?:=(.*))?$/.exec(String(item.value));
          if (m) out.push(read(file, d, m[1]!, lineOf(item), m[2] === undefined ? {} : { value: m[2] }));
        }
      }
      return;
    }
    if (!isMap(node)) return;
    const [head, ...rest] = path;
    for (const item of node.items) {
      const key = isScalar(item.key) ? String(item.key.value) : '';
      if (head === '*' || key === head) visit(item.value, rest, node);
    }
  };
  visit(doc.contents, spec.path, null);
  return out;
}
