// Rule 3 (Forbidden Pattern 3): hardcoded secrets. Four detectors share one pass over the text:
//  - assignments of a literal to a secret-looking name (`DB_PASSWORD = "…"`, `apiKey: '…'`,
//    `password: …` in YAML, `API_TOKEN=…` in env files and shell), found by jumping between
//    secret keywords instead of matching every line;
//  - Kubernetes env entries `- name: DB_PASSWORD` + `value: "…"`;
//  - committed `kind: Secret` manifests with data;
//  - high-confidence token formats and URLs with an embedded password, anywhere.
import { Spans } from '../spans.js';
import { isMap, isScalar, isPair, type Node as YamlNode } from 'yaml';
import { mapDocuments } from '../k8s.js';
import type { Emit, FileKind, FileRule, Hit, ScanFile } from '../types.js';
import { hashCommentStart, lineBounds } from '../lines.js';
import { isSecretName } from './names.js';
import { findTokens } from './tokens.js';
import { isPlaceholder, isReference, isSecretValue, looksRandom } from './values.js';

const ID = 'hardcoded-secret' as const;

const KEYWORDS = /pass|pwd|secret|token|credential|(?:api|access|private|signing|encryption|master|session|license|auth|app|client)[_.-]?key/gi;
const IDENT_CHAR = /[A-Za-z0-9_$.-]/;

/** Kinds where a value may stand unquoted after `=` or `:`. */
const UNQUOTED: ReadonlySet<FileKind> = new Set(['yaml', 'env', 'shell', 'dockerfile', 'ini', 'doc', 'text']);
/** Field names of Kubernetes / ESO objects whose values are names of secrets, not secrets. */
const YAML_POINTER_FIELDS: ReadonlySet<string> = new Set(['secretKey', 'key', 'secretName', 'name', 'property']);

interface Assignment {
  name: string;
  nameStart: number;
  value: string;
  valueStart: number;
  valueEnd: number;
  /** End of the matched statement (closing quote included). */
  end: number;
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && IDENT_CHAR.test(c);
}

interface Value {
  value: string;
  /** [start, end) of the value itself (inside the quotes). */
  start: number;
  end: number;
  /** Past the closing quote. */
  stmtEnd: number;
}

/** Parses a literal value starting at `v` on a line ending at `lineEnd`, or null. */
function readValue(text: string, v: number, lineEnd: number, kind: FileKind): Value | null {
  let c = text[v];
  // Python string prefixes (f"", r"", b"") and C# verbatim strings.
  let fString = false;
  if (c !== undefined && /[fFrRbBuU@]/.test(c) && /["']/.test(text[v + 1] ?? '')) {
    fString = c === 'f' || c === 'F';
    v++;
    c = text[v];
  }
  if (c === '"' || c === "'" || c === '`') {
    let i = v + 1;
    while (i < lineEnd) {
      const ch = text[i];
      if (ch === '\\' && c !== "'") {
        i += 2;
        continue;
      }
      if (ch === c) break;
      i++;
    }
    if (i >= lineEnd) return null; // spans lines: not a simple literal
    const value = text.slice(v + 1, i);
    if ((c === '`' && value.includes('${')) || (fString && value.includes('{'))) return null;
    // The literal must be the whole right-hand side, not part of an expression.
    const rest = text.slice(i + 1, lineEnd).trimStart();
    if (rest && !/^([,;)\]}]|#|\/\/|\/\*|-->|\?>|%>)/.test(rest)) return null;
    return { value, start: v + 1, end: i, stmtEnd: i + 1 };
  }
  if (!UNQUOTED.has(kind) || c === undefined) return null;
  let end = lineEnd;
  if (kind === 'shell' || kind === 'dockerfile') {
    let i = v;
    while (i < lineEnd && !/[\s;&|)"'`]/.test(text[i]!)) i++;
    end = i;
  } else if (kind !== 'ini') {
    const comment = hashCommentStart(text.slice(v, lineEnd), false);
    if (comment !== -1) end = v + comment;
  }
  let raw = text.slice(v, end);
  // Trailing separators of a list or statement are not part of the value.
  const trimmed = raw.replace(/[\s,;]+$/, '');
  end -= raw.length - trimmed.length;
  raw = trimmed;
  if (!raw) return null;
  if (kind === 'yaml' && /^[|>&*[{!]/.test(raw)) return null;
  return { value: raw, start: v, end, stmtEnd: end };
}

/** Reads `<name> <op> <literal>` around a keyword hit inside [lineStart, lineEnd). */
function readAssignment(text: string, hit: number, lineStart: number, lineEnd: number, kind: FileKind): Assignment | null {
  let s = hit;
  while (s > lineStart && isIdentChar(text[s - 1])) s--;
  let e = hit;
  while (e < lineEnd && isIdentChar(text[e])) e++;
  while (s < e && (text[s] === '-' || text[s] === '.')) s++; // --password=…, .password
  let ne = e;
  while (ne > s && (text[ne - 1] === '-' || text[ne - 1] === '.')) ne--;
  const name = text.slice(s, ne);
  if (!name) return null;
  // `${API_TOKEN:?…}` is an expansion naming the variable, not an assignment to it.
  if (text[s - 1] === '{' && text[s - 2] === '$') return null;
  let k = ne;
  const before = text[s - 1];
  if (before === '"' || before === "'" || before === '`') {
    if (text[k] !== before) return null; // a word inside a string, not a quoted key
    k++;
  }
  if (text[k] === ']') k++;
  while (k < lineEnd && (text[k] === ' ' || text[k] === '\t')) k++;
  const c = text[k];
  let v = -1;
  if (c === ':' && text[k + 1] === '=') v = k + 2;
  else if (c === '=' && text[k + 1] === '>') v = k + 2;
  else if (c === '=' && text[k + 1] !== '=') v = k + 1;
  else if (c === '?' && text[k + 1] === '?' && text[k + 2] === '=') v = k + 3;
  else if (c === ':' && text[k + 1] !== ':') {
    v = k + 1;
    // A type annotation (`password: str = "x"`, `token: string = '…'`): the value follows `=`.
    if (kind !== 'yaml' && kind !== 'json' && kind !== 'env' && kind !== 'ini') {
      const m = /^\s*[A-Za-z_][\w.<>[\]|, ?]*?\s*=(?![=>])/.exec(text.slice(v, lineEnd));
      if (m) v += m[0].length;
    }
  }
  if (v === -1) return null;
  while (v < lineEnd && (text[v] === ' ' || text[v] === '\t')) v++;
  const value = readValue(text, v, lineEnd, kind);
  if (!value) return null;
  return { name, nameStart: s, value: value.value, valueStart: value.start, valueEnd: value.end, end: value.stmtEnd };
}

/** `- name: DB_PASSWORD` followed (or preceded) by a sibling `value: …` in a k8s env list. */
function readEnvPair(text: string, lineStart: number, lineEnd: number): Assignment | null {
  const line = text.slice(lineStart, lineEnd);
  const m = /^(\s*)(-\s+)?name:\s*(["']?)([A-Za-z_][\w.-]*)\3\s*(#.*)?$/.exec(line);
  if (!m) return null;
  const indent = m[1]!.length + (m[2]?.length ?? 0);
  const name = m[4]!;
  const nameStart = lineStart + line.indexOf(name, indent);
  // Look at the few sibling lines of this mapping for `value:`.
  const scan = (from: number, dir: 1 | -1): Assignment | null => {
    let pos = from;
    for (let n = 0; n < 6; n++) {
      let s: number;
      let e: number;
      if (dir === 1) {
        if (pos >= text.length || pos === 0) return null;
        [s, e] = lineBounds(text, pos);
      } else {
        if (pos <= 0) return null;
        [s, e] = lineBounds(text, pos - 1);
      }
      const l = text.slice(s, e);
      const lm = /^(\s*)(-\s+)?(\w+):(\s*)(.*)$/.exec(l);
      if (lm) {
        const ind = lm[1]!.length + (lm[2]?.length ?? 0);
        if (ind < indent) return null;
        if (ind === indent && lm[3] === 'value') {
          const v = s + lm[1]!.length + (lm[2]?.length ?? 0) + lm[3]!.length + 1 + lm[4]!.length;
          const val = readValue(text, v, e, 'yaml');
          if (!val) return null;
          return { name, nameStart, value: val.value, valueStart: val.start, valueEnd: val.end, end: val.stmtEnd };
        }
        // A list dash at this depth starts the next item (forward) or began this one (backward).
        if (lm[2] && ind <= indent) return null;
      } else if (l.trim() && !l.trim().startsWith('#')) {
        if (l.length - l.trimStart().length < indent) return null;
      }
      pos = dir === 1 ? nextLineStart(text, e) : s;
    }
    return null;
  };
  return scan(nextLineStart(text, lineEnd), 1) ?? (m[2] ? null : scan(lineStart, -1));
}

function nextLineStart(text: string, lineEnd: number): number {
  const i = text.indexOf('\n', lineEnd);
  return i === -1 ? text.length : i + 1;
}

function assignmentHit(a: Assignment, envPair: boolean): Hit {
  const where = envPair
    ? `env ${a.name} has a literal value; reference the Secret ESO syncs from Vault with valueFrom.secretKeyRef`
    : `${a.name} is assigned a literal value; read it from the environment (synced from Vault) instead`;
  return {
    rule: ID,
    start: a.nameStart,
    end: a.end,
    message: where,
    mask: [a.valueStart, a.valueEnd],
    key: `${a.name}=${a.value}`,
  };
}

function checkAssignments(file: ScanFile, emit: Emit, taken: Spans): void {
  const { text, kind } = file;
  const strict = file.context === 'source';
  KEYWORDS.lastIndex = 0;
  let m: RegExpExecArray | null;
  let lastIdentEnd = -1;
  // The current line's bounds, reused while hits stay on it: one-line JSON with thousands of
  // keyword hits must not rescan the line for each (that would be quadratic).
  let ls = 0;
  let le = -1;
  while ((m = KEYWORDS.exec(text)) !== null) {
    const hit = m.index;
    if (hit < lastIdentEnd) continue;
    // Commented-out lines are scanned too: a credential in a comment is still committed.
    if (hit > le) [ls, le] = lineBounds(text, hit);
    let e = hit;
    while (e < le && isIdentChar(text[e])) e++;
    lastIdentEnd = e;
    let a = readAssignment(text, hit, ls, le, kind);
    let envPair = false;
    if (!a && kind === 'yaml') {
      a = readEnvPair(text, ls, le);
      envPair = a !== null;
    }
    if (!a) continue;
    if (!envPair && kind === 'yaml' && YAML_POINTER_FIELDS.has(a.name)) continue;
    if (!isSecretName(a.name)) continue;
    if (!isSecretValue(a.value, strict)) continue;
    if (taken.overlaps(a.valueStart, a.valueEnd)) continue;
    taken.add(a.valueStart, a.valueEnd);
    emit(assignmentHit(a, envPair));
  }
}

/** `scheme://user:password@host` with a literal password. */
function checkUrls(file: ScanFile, emit: Emit, taken: Spans): void {
  const text = file.text;
  let i = text.indexOf('://');
  if (i === -1) return;
  const re = /[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s:@/'"`<>()[\]{}]+):([^\s@/'"`<>]+)@[A-Za-z0-9[]/y;
  const strict = file.context === 'source';
  while (i !== -1) {
    let s = i;
    while (s > 0 && /[A-Za-z0-9+.-]/.test(text[s - 1]!)) s--;
    re.lastIndex = s;
    const m = re.exec(text);
    if (m) {
      const user = m[1]!;
      const pass = m[2]!;
      const passStart = s + m[0].indexOf(':', m[0].indexOf('://') + 3) + 1;
      const passEnd = passStart + pass.length;
      const ok = pass.length >= 3 && !isReference(pass) && !isPlaceholder(pass) && !isPlaceholder(user) && (strict || looksRandom(pass));
      if (ok && !taken.overlaps(passStart, passEnd)) {
        taken.add(passStart, passEnd);
        emit({
          rule: ID,
          start: s,
          end: passEnd + 1,
          message: 'URL carries a literal password; build it from env vars synced from Vault',
          mask: [passStart, passEnd],
          key: m[0],
        });
      }
    }
    i = text.indexOf('://', i + 3);
  }
}

function checkTokens(file: ScanFile, emit: Emit, taken: Spans): void {
  for (const t of findTokens(file.text)) {
    taken.add(t.start, t.end);
    emit({
      rule: ID,
      start: t.start,
      end: t.end,
      message: `${t.format.label} committed in the file; revoke it and load it from Vault`,
      mask: [Math.min(t.start + t.format.keep, t.end), t.end],
      key: file.text.slice(t.start, t.end),
    });
  }
}

/** Committed `kind: Secret` manifests: every non-placeholder value under data / stringData. */
function checkSecretManifests(file: ScanFile, emit: Emit, taken: Spans): void {
  if (!/^kind:\s*["']?Secret["']?\s*$/m.test(file.text)) return;
  for (const doc of mapDocuments(file.text)) {
    if (doc.get('kind') !== 'Secret') continue;
    const name = String(doc.getIn(['metadata', 'name']) ?? '');
    for (const field of ['data', 'stringData'] as const) {
      const map = doc.get(field, true) as YamlNode | undefined;
      if (!isMap(map)) continue;
      for (const pair of map.items) {
        if (!isPair(pair) || !isScalar(pair.value) || !isScalar(pair.key)) continue;
        const raw = pair.value.value;
        if (raw === null || raw === undefined) continue;
        let value = String(raw);
        if (field === 'data') {
          try {
            value = Buffer.from(value, 'base64').toString('utf8');
          } catch {
            /* keep the encoded form */
          }
        }
        if (!isSecretValue(value, file.context === 'source')) continue;
        const range = pair.value.range;
        const keyRange = pair.key.range;
        if (!range || !keyRange) continue;
        if (taken.overlaps(range[0], range[1])) continue;
        taken.add(range[0], range[1]);
        emit({
          rule: ID,
          start: keyRange[0],
          end: range[1],
          message: `Secret ${name || '(unnamed)'} commits the value of ${String(pair.key.value)}; commit an ExternalSecret and keep the value in Vault`,
          mask: [range[0], range[1]],
          key: `Secret/${name}/${String(pair.key.value)}=${value}`,
        });
      }
    }
  }
}

export const hardcodedSecret: FileRule = {
  scope: 'file',
  id: ID,
  severity: 'error',
  title: 'Hardcoded secret',
  message: 'A secret value is committed in the file.',
  doc: 'VAULT-SECRETS.md › Forbidden Patterns 3: keep the value in Vault; the app reads an env var synced by ESO (secretKeyRef).',
  policy: 'Forbidden Pattern 3',
  applies: () => true,
  check(file, emit) {
    const taken = new Spans();
    checkTokens(file, emit, taken);
    if (file.kind === 'yaml') checkSecretManifests(file, emit, taken);
    checkAssignments(file, emit, taken);
    checkUrls(file, emit, taken);
  },
};
