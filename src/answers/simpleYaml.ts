// A reader for the YAML an answers file usually is — block mappings and lists, one-line flow lists
// and maps of scalars, plain and quoted scalars, comments — that gives exactly what the `yaml`
// library's parse() gives (YAML 1.2 core schema), without loading that library (~10 % of a render).
// Anything else, and anything that is an error, returns undefined: the caller then parses with
// `yaml`, so every error message still comes from it. test/answers/simpleYaml.test.ts compares
// both on generated documents.

type Value = null | boolean | number | string | Value[] | { [k: string]: Value };

interface Line {
  indent: number;
  text: string;
}

/** Not handled at all: tabs, CR, BOM, control characters, document markers and directives are yaml's. */
const UNHANDLED = /[\t\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]|^(?:---|\.\.\.|%)/m;
/** Plain scalars this reader resolves itself; every other number-like or special form is yaml's to read. */
const INT = /^-?(?:0|[1-9][0-9]{0,14})$/;
/** The rest of YAML 1.2 core's numbers (yaml's schema/core tests): other ints, octal, hex, floats, .inf/.nan. */
const SPECIAL = [/^[-+]?[0-9]+$/, /^0o[0-7]+$/, /^0x[0-9a-fA-F]+$/, /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/];

/** Keys YAML would read as null or a bool (yaml then names them differently), and one JS would read as the prototype. */
const ODD_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|__proto__)$/;

const trimSpaces = (s: string): string => s.replace(/ +$/, '');

class Unhandled extends Error {}
const no = (): never => {
  throw new Unhandled();
};

function plain(s: string, inFlow: boolean): Value {
  if (s === '' || /^[?:,[\]{}#&*!|>'"%@`]|^-(?: |$)/.test(s) || / #|: |:$/.test(s) || (inFlow && /[,[\]{}:]/.test(s))) no();
  if (s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  if (INT.test(s)) return Number(s);
  if (SPECIAL.some((r) => r.test(s))) no();
  return s;
}

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

/** A quoted scalar at s[at]: its value and where it ends. */
function quoted(s: string, at: number): { value: string; end: number } {
  const q = s[at];
  let out = '';
  for (let i = at + 1; i < s.length; i++) {
    const c = s[i]!;
    if (q === "'") {
      if (c !== "'") out += c;
      else if (s[i + 1] === "'") (out += "'"), i++;
      else return { value: out, end: i + 1 };
    } else if (c === '"') return { value: out, end: i + 1 };
    else if (c !== '\\') out += c;
    else {
      const e = s[++i];
      if (e !== undefined && e in ESCAPES) out += ESCAPES[e];
      else if (e === 'x' || e === 'u') {
        const n = e === 'x' ? 2 : 4;
        const hex = s.slice(i + 1, i + 1 + n);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) no();
        const code = parseInt(hex, 16);
        if (code >= 0xd800 && code <= 0xdfff) no();
        out += String.fromCharCode(code);
        i += n;
      } else no();
    }
  }
  return no(); // unterminated (or continued on the next line): yaml's
}

/**
 * A mapping key at s[at] (plain like `app`, or quoted), followed by `:` and a space (or the line's
 * end, in block context): the key and where its value starts; null when s[at] starts no such key.
 */
function keyAt(s: string, at: number, inFlow: boolean): { key: string; end: number } | null {
  let key: string;
  let end: number;
  if (s[at] === '"' || s[at] === "'") {
    const q = quoted(s, at);
    key = q.value;
    end = q.end;
  } else {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(s.slice(at));
    if (!m) return null;
    key = m[0];
    end = at + key.length;
    if (ODD_KEY.test(key)) no();
  }
  if (s[end] !== ':') return null;
  // yaml limits an implicit key by its source (quotes and escapes included), not its value.
  const span = end - at;
  if (s[end + 1] === ' ') end += 2;
  else if (s[end + 1] === undefined && !inFlow) end += 1;
  else return null;
  if (key === '' || key === '__proto__' || span > 1000) no();
  while (s[end] === ' ') end++;
  return { key, end };
}

/** Only spaces, or spaces and a comment, may follow a value on its line. */
const rest = (s: string, at: number): void => void (/^(?: *| +#.*)$/.test(s.slice(at)) || no());

/** One flow item (a scalar) of a one-line flow collection, from `at`; returns it and where it ends. */
function flowScalar(s: string, at: number, stop: RegExp): { value: Value; end: number } {
  if (s[at] === '"' || s[at] === "'") return quoted(s, at);
  let end = at;
  while (end < s.length && !stop.test(s[end]!)) end++;
  return { value: plain(trimSpaces(s.slice(at, end)), true), end };
}

/** `[a, "b"]` or `{ k: v }` of scalars, wholly on this line. */
function flow(s: string): { value: Value; end: number } {
  const open = s[0];
  const close = open === '[' ? ']' : '}';
  const items: Value[] = [];
  const map: Record<string, Value> = {};
  let i = 1;
  const skip = () => {
    while (s[i] === ' ') i++;
  };
  skip();
  if (s[i] === close) return { value: open === '[' ? items : map, end: i + 1 };
  for (;;) {
    skip();
    if (open === '[') {
      const v = flowScalar(s, i, /[,\]]/);
      items.push(v.value);
      i = v.end;
    } else {
      const k = keyAt(s, i, true) ?? no();
      if (Object.hasOwn(map, k.key)) no();
      const v = flowScalar(s, k.end, /[,}]/);
      map[k.key] = v.value;
      i = v.end;
    }
    skip();
    if (s[i] === close) return { value: open === '[' ? items : map, end: i + 1 };
    if (s[i] !== ',') no();
    i++;
    skip();
    if (s[i] === close || s[i] === ',') no(); // a trailing or empty entry
  }
}

/** A value written on the line of its key or dash. */
function inline(s: string): Value {
  if (s[0] === '"' || s[0] === "'") {
    const q = quoted(s, 0);
    rest(s, q.end);
    return q.value;
  }
  if (s[0] === '[' || s[0] === '{') {
    const f = flow(s);
    rest(s, f.end);
    return f.value;
  }
  const hash = s.indexOf(' #');
  return plain(trimSpaces(hash === -1 ? s : s.slice(0, hash)), false);
}

/** The answers file as the yaml library would read it, or undefined when that is for the library to say. */
export function parseSimpleYaml(text: string): Record<string, unknown> | undefined {
  if (UNHANDLED.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    // Spaces only: String#trim would also take U+00A0, U+3000… that YAML keeps in a scalar.
    const indent = /^ */.exec(raw)![0].length;
    const body = trimSpaces(raw.slice(indent));
    if (body === '' || body[0] === '#') continue;
    lines.push({ indent, text: body });
  }
  let at = 0;
  const next = (): Line | undefined => lines[at];

  function value(l: Line, after: string): Value {
    at++;
    if (after !== '' && after[0] !== '#') {
      const v = inline(after);
      if ((next()?.indent ?? -1) > l.indent) no(); // a scalar continued on the next line
      return v;
    }
    const n = next();
    if (!n) return null;
    if (n.indent > l.indent) return n.text.startsWith('- ') ? seq(n.indent) : map(n.indent);
    if (n.indent === l.indent && n.text.startsWith('- ')) return seq(n.indent);
    return null;
  }

  function map(indent: number): Record<string, Value> {
    const out: Record<string, Value> = {};
    for (let l = next(); l && l.indent === indent && !l.text.startsWith('- ') && l.text !== '-'; l = next()) {
      const k = keyAt(l.text, 0, false) ?? no();
      if (Object.hasOwn(out, k.key)) no(); // a duplicate is yaml's error
      out[k.key] = value(l, l.text.slice(k.end));
    }
    return out;
  }

  /** `- key: value`: the item is a mapping (a scalar that merely starts like a key is not). */
  const isKeyed = (item: string): boolean => keyAt(item, 0, false) !== null;

  function seq(indent: number): Value[] {
    const out: Value[] = [];
    for (let l = next(); l && l.indent === indent && l.text.startsWith('- '); l = next()) {
      const item = l.text.slice(2);
      if (item[0] === ' ' || item[0] === '-' || item[0] === '#') no();
      if (isKeyed(item)) {
        // `- key: value` opens a mapping whose keys sit two columns right of the dash.
        lines[at] = { indent: indent + 2, text: item };
        out.push(map(indent + 2));
      } else out.push(value(l, item));
      if ((next()?.indent ?? -1) > indent) no();
    }
    return out;
  }

  try {
    if (!lines.length || lines[0]!.indent !== 0) return undefined;
    const doc = map(0);
    return at === lines.length ? doc : undefined;
  } catch (e) {
    if (e instanceof Unhandled) return undefined;
    throw e;
  }
}
