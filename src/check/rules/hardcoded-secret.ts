// Rule 3 (Forbidden Pattern 3): hardcoded secrets. Four detectors share one pass over the text:
//  - credential formats (detectors.ts: a gitleaks-style table, one row per format), anywhere;
//  - committed `kind: Secret` manifests with literal data (not SealedSecret / SOPS);
//  - assignments of a literal to a credential name (`DB_PASSWORD = "…"`, `apiKey: '…'`,
//    `password: …` in YAML, `API_TOKEN=…` in env files and shell, k8s env `name:` + `value:`),
//    found by jumping between secret keywords; the value must look like a credential or be a
//    known weak literal (values.ts), the name must hold a secret (names.ts);
//  - URLs with an embedded password.
// Files that hold no human-written configuration are skipped by content: bundles (long lines),
// translation catalogues, sealed or SOPS-encrypted manifests.
import { Spans } from '../spans.js';
import { isMap, isScalar, isPair, type Node as YamlNode } from 'yaml';
import { mapDocuments } from '../k8s.js';
import type { Emit, FileKind, FileRule, Hit, ScanFile } from '../types.js';
import { hashCommentStart, lineBounds } from '../lines.js';
import { isBundle, isTranslationPath } from '../classify.js';
import { isKustomizationFile } from '../../kustomizationFiles.js';
import { isSecretName } from './names.js';
import { findTokens } from './detectors.js';
import { isPlaceholder, isReference, isSecretValue, looksRandom } from './values.js';

const ID = 'hardcoded-secret' as const;

// Literal alternatives only (a group of prefixes before `key` made this regex twice as slow);
// a `key` hit counts when one of KEY_PREFIX stands right before it.
const KEYWORDS = /pass|pwd|secret|token|credential|key/gi;
const KEY_PREFIX = /(?:api|access|private|signing|encryption|master|session|license|auth|app|client)[_.-]?$/i;

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

/** `[A-Za-z0-9_$.-]`, by char code (this runs once per character around every keyword hit). */
function isIdentCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 46 || c === 45;
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && isIdentCode(c.charCodeAt(0));
}

/**
 * Can readAssignment find an operator after the identifier ending at `e`? Past an optional closing
 * quote and `]`, whitespace, then `:`, `=`, `?` or (a setter call's) `,`. Most keyword hits are
 * words in code and prose, and this rejects them before any slicing.
 */
function mayAssign(text: string, e: number): boolean {
  let k = e;
  let c = text.charCodeAt(k);
  if (c === 34 || c === 39 || c === 96) c = text.charCodeAt(++k);
  if (c === 93) c = text.charCodeAt(++k);
  while (c === 32 || c === 9 || (c >= 10 && c <= 13) || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000) c = text.charCodeAt(++k);
  return c === 58 || c === 61 || c === 63 || c === 44;
}

/** Calls whose first argument names a setting and whose second is its value. */
const SETTER_CALL = /(?:\bdefine|\bputenv|\bsetenv|\bSetenv|environ\.setdefault|\bENV\.store|\bsetProperty|\bset_env)\s*\(\s*$/;

/** Go keywords that may stand before a declared name (`const x = …`, `var x string = …`). */
const GO_DECL = new Set(['const', 'var', 'return', 'case', 'if', 'for', 'range', 'else', 'go', 'defer']);

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
  // Trailing separators of a list or statement, and a shell line continuation, are not the value.
  const trimmed = raw.replace(/\s+\\$/, '').replace(/[\s,;]+$/, '');
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
  if (kind === 'go') {
    // `SecretStoreReadOnly SecretStoreCapabilities = "ReadOnly"`: the hit is the *type* of an enum
    // constant (the declared name stands before it), and an enum value is not a credential.
    let p = s - 1;
    while (p > lineStart && (text[p] === ' ' || text[p] === '\t')) p--;
    if (p < s - 1 && isIdentChar(text[p])) {
      let q = p;
      while (q > lineStart && isIdentChar(text[q - 1])) q--;
      if (!GO_DECL.has(text.slice(q, p + 1))) return null;
    }
  }
  // `${API_TOKEN:?…}` is an expansion naming the variable, not an assignment to it.
  if (text[s - 1] === '{' && text[s - 2] === '$') return null;
  let k = ne;
  const before = text[s - 1];
  let v = -1;
  if (before === '"' || before === "'" || before === '`') {
    if (text[k] !== before) return null; // a word inside a string, not a quoted key
    k++;
    // `define('DB_PASSWORD', 'x')`, `os.Setenv("API_TOKEN", "x")`: a setter call names the key.
    if (SETTER_CALL.test(text.slice(Math.max(lineStart, s - 40), s - 1))) {
      const comma = /^\s*,\s*/.exec(text.slice(k, lineEnd));
      if (comma) v = k + comma[0].length;
    }
  }
  if (text[k] === ']') k++;
  while (k < lineEnd && (text[k] === ' ' || text[k] === '\t')) k++;
  const c = text[k];
  if (v !== -1) {
    /* set by a setter call above */
  } else if (c === ':' && text[k + 1] === '=') v = k + 2;
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
          const at = s + lm[1]!.length + (lm[2]?.length ?? 0);
          const v = at + lm[3]!.length + 1 + lm[4]!.length;
          const val = readValue(text, v, e, 'yaml');
          if (!val) return null;
          // The finding points at the `value:` line: that is where the secret sits.
          return { name, nameStart: at, value: val.value, valueStart: val.start, valueEnd: val.end, end: val.stmtEnd };
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

/** Terraform `variable "api_token" { default = "…" }`: the block's label is the name, its default the value. */
function readHclVariableDefault(text: string, lineStart: number, lineEnd: number): Assignment | null {
  const m = /^\s*variable\s+"([\w-]+)"\s*\{\s*$/.exec(text.slice(lineStart, lineEnd));
  if (!m) return null;
  const close = text.indexOf('\n}', lineEnd);
  const body = text.slice(lineEnd, close === -1 ? text.length : close);
  const d = /\n\s*default\s*=\s*/.exec(body);
  if (!d) return null;
  const v = lineEnd + d.index + d[0].length;
  const [, e] = lineBounds(text, v);
  const val = readValue(text, v, e, 'hcl');
  if (!val) return null;
  // The finding points at the `default` line, where the secret sits.
  return { name: m[1]!, nameStart: lineEnd + d.index + d[0].indexOf('default'), value: val.value, valueStart: val.start, valueEnd: val.end, end: val.stmtEnd };
}

function nextLineStart(text: string, lineEnd: number): number {
  const i = text.indexOf('\n', lineEnd);
  return i === -1 ? text.length : i + 1;
}

/** What to do instead, in the terms of the file at hand. */
function remedy(file: ScanFile, name: string): string {
  const n = file.name;
  if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(n)) return `pass it from the environment with \${${name}:?${name} is required}, the value kept in Vault`;
  if (file.kind === 'yaml' && /^values(\.[\w-]+)?\.ya?ml$/.test(n)) return 'leave it empty in the chart values and point the chart at the Secret ESO syncs from Vault (existingSecret or secretKeyRef)';
  if (isKustomizationFile(n) || /kustomization\.ya?ml$/.test(n)) return 'drop the secretGenerator literal and commit an ExternalSecret that syncs the value from Vault';
  if (n.endsWith('.tfvars')) return `drop it from the tfvars; mark the variable sensitive and pass TF_VAR_${name} from Vault`;
  if (n === '.npmrc') return 'use _authToken=${NPM_TOKEN} and set NPM_TOKEN from Vault';
  if (file.kind === 'env') return 'commit only an .env.example with an empty value; the real value comes from Vault';
  if (file.kind === 'shell' || file.kind === 'dockerfile') return `pass it through the environment ("$${name}"), never as a literal`;
  return 'read it from the environment (synced from Vault) instead';
}

function assignmentHit(file: ScanFile, a: Assignment, envPair: boolean): Hit {
  const where = envPair
    ? `env ${a.name} has a literal value; reference the Secret ESO syncs from Vault with valueFrom.secretKeyRef`
    : `${a.name} is assigned a literal value; ${remedy(file, a.name)}`;
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
    if (m[0].toLowerCase() === 'key' && !KEY_PREFIX.test(text.slice(Math.max(0, hit - 12), hit))) continue;
    // Commented-out lines are scanned too: a credential in a comment is still committed.
    if (hit > le) [ls, le] = lineBounds(text, hit);
    let e = hit;
    while (e < le && isIdentChar(text[e])) e++;
    lastIdentEnd = e;
    let a = mayAssign(text, e) ? readAssignment(text, hit, ls, le, kind) : null;
    let envPair = false;
    if (!a && kind === 'yaml') {
      a = readEnvPair(text, ls, le);
      envPair = a !== null;
    }
    if (!a && kind === 'hcl') a = readHclVariableDefault(text, ls, le);
    if (!a) continue;
    if (!envPair && kind === 'yaml' && YAML_POINTER_FIELDS.has(a.name)) continue;
    if (!isSecretName(a.name)) continue;
    if (!isSecretValue(a.value, strict, a.name)) continue;
    if (taken.overlaps(a.valueStart, a.valueEnd)) continue;
    taken.add(a.valueStart, a.valueEnd);
    emit(assignmentHit(file, a, envPair));
  }
}

/** `[A-Za-z0-9+.-]`: the characters of a URL scheme. */
function isSchemeCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45;
}

/**
 * A `://` that an `@` follows before any character the user and password parts exclude: the only
 * places the URL regex can match (most files' URLs are links to docs and licences, with no `@`).
 */
const URL_WITH_AT = /:\/\/[^\s@/'"`<>]*@/g;

/** `scheme://user:password@host` with a literal password. */
function checkUrls(file: ScanFile, emit: Emit, taken: Spans): void {
  const text = file.text;
  const first = text.indexOf('://');
  if (first === -1) return;
  const re = /[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s:@/'"`<>()[\]{}]+):([^\s@/'"`<>]+)@[A-Za-z0-9[]/y;
  const strict = file.context === 'source';
  URL_WITH_AT.lastIndex = first;
  let candidate: RegExpExecArray | null;
  while ((candidate = URL_WITH_AT.exec(text)) !== null) {
    const i = candidate.index;
    URL_WITH_AT.lastIndex = i + 3;
    let s = i;
    while (s > 0 && isSchemeCode(text.charCodeAt(s - 1))) s--;
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

/** Public halves stored in Secrets next to the private ones (`tls.crt`, `ca.crt`, SSH public keys). */
const PUBLIC_MATERIAL = /^-----BEGIN (CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|X509 CRL)-----|^ssh-(rsa|ed25519|dss) |^ecdsa-sha2-/;
const PRIVATE_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/**
 * Committed `kind: Secret` manifests (Forbidden Pattern 3): every literal under data / stringData
 * that is a secret — by its key's name, by looking like a credential, or a private key — except
 * public certificates. SealedSecrets have another kind; SOPS-encrypted files are skipped whole,
 * Helm templates too (their values come from values.yaml, which the assignment detector reads).
 */
function checkSecretManifests(file: ScanFile, emit: Emit, taken: Spans): void {
  if (!file.text.includes('Secret') || !/^kind:\s*["']?Secret["']?\s*$/m.test(file.text) || file.text.includes('{{') || isSops(file.text)) return;
  const strict = file.context === 'source';
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
        const key = String(pair.key.value);
        let value = String(raw);
        if (field === 'data') {
          const decoded = Buffer.from(value, 'base64').toString('utf8');
          // Keep the encoded form when it does not decode to text.
          if (!/[\uFFFD\u0000-\u0008]/.test(decoded)) value = decoded;
        }
        if (PUBLIC_MATERIAL.test(value.trimStart())) continue;
        const v = value.trim();
        const literal = v.length >= 4 && !isReference(v) && !isPlaceholder(v);
        // Any literal committed in a Secret is the pattern itself; where examples are expected only random-looking ones.
        const secret = PRIVATE_PEM.test(v) || (strict ? literal : isSecretValue(v, false));
        if (!secret) continue;
        const range = pair.value.range;
        const keyRange = pair.key.range;
        if (!range || !keyRange) continue;
        if (taken.overlaps(range[0], range[1])) continue;
        taken.add(range[0], range[1]);
        emit({
          rule: ID,
          start: keyRange[0],
          end: range[1],
          message: `Secret ${name || '(unnamed)'} commits the value of ${key}; commit an ExternalSecret and keep the value in Vault`,
          mask: [range[0], range[1]],
          key: `Secret/${name}/${key}=${value}`,
        });
      }
    }
  }
}

/** A SOPS-encrypted file: values are `ENC[…]` and a top-level `sops:` block carries the MAC. */
function isSops(text: string): boolean {
  return text.includes('ENC[') && /^sops:\s*$/m.test(text);
}

/** Files whose contents are no one's configuration: bundles, translation catalogues, sealed secrets. */
function skipAssignments(file: ScanFile): boolean {
  if ((file.kind === 'js' || file.kind === 'json' || file.kind === 'text' || file.kind === 'code') && isBundle(file.text)) return true;
  if (isTranslationPath(file.path)) return true;
  if (file.kind === 'yaml' && ((file.text.includes('SealedSecret') && /^kind:\s*["']?SealedSecret\b/m.test(file.text)) || isSops(file.text))) return true;
  return false;
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
    // Bundles are skipped whole: a vendored editor's minified strings are no one's credentials.
    if ((file.kind === 'js' || file.kind === 'text') && isBundle(file.text)) return;
    const taken = new Spans();
    checkTokens(file, emit, taken);
    if (file.kind === 'yaml') checkSecretManifests(file, emit, taken);
    if (skipAssignments(file)) return;
    checkAssignments(file, emit, taken);
    checkUrls(file, emit, taken);
  },
};
