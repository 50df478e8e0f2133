// YAML text for plain data (the manifest), without loading the `yaml` library: a fresh render
// needs no YAML parser or printer at all, and loading and warming one was ~10 % of it.
// The output is byte-for-byte what `yaml`'s stringify(value, { lineWidth: 0 }) prints — the
// manifest's text is what users read and edit, and it must not change with the code path — for
// the shapes and scalars handled here; anything else returns null and the caller uses `yaml`
// (test/write/plainYaml.test.ts checks both against each other on generated data).

/** Characters a scalar may hold here: printable, no line breaks, no tabs, nothing YAML escapes or forces into double quotes. */
const PRINTABLE = /^[\x20-\x7e\u00a1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;
/** yaml's plainString() refuses these (indicator first, `: `, ` #`, trailing space or colon…). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Strings that YAML 1.2's core schema reads as null, a bool or a number: yaml quotes them. */
const CORE_NOT_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
/** Where yaml's choice depends on the position (a document marker at a line start): not handled. */
const UNSURE = /^(?:%|---|\.\.\.)/;

function scalarString(s: string): string | null {
  if (!PRINTABLE.test(s) || UNSURE.test(s) || s.length > 1000) return null;
  if (!NOT_PLAIN.test(s) && !CORE_NOT_STRING.some((r) => r.test(s))) return s;
  // yaml's quotedString(): single quotes when only double quotes occur, else double (JSON-escaped).
  // Measured quoted: yaml writes a key whose quoted form passes 1024 characters as `? key`.
  const quotedForm = s.includes('"') && !s.includes("'") ? `'${s}'` : JSON.stringify(s);
  return quotedForm.length > 1000 ? null : quotedForm;
}

function scalar(v: unknown): string | null {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0) ? String(v) : null;
  if (typeof v === 'string') return scalarString(v);
  return null;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const nonEmpty = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : isPlainObject(v) && Object.keys(v).length > 0);

/** A block mapping's lines at `indent`, or null. */
function mapLines(v: Record<string, unknown>, indent: string, out: string[]): boolean {
  for (const [k, value] of Object.entries(v)) {
    const key = scalarString(k);
    if (key === null || key === '' || value === undefined) return false;
    if (!nonEmpty(value)) {
      const s = inline(value);
      if (s === null) return false;
      out.push(`${indent}${key}: ${s}`);
      continue;
    }
    out.push(`${indent}${key}:`);
    // A list under a key is indented like a mapping would be (yaml's indentSeq: true).
    if (!(Array.isArray(value) ? seqLines(value, `${indent}  `, out) : mapLines(value as Record<string, unknown>, `${indent}  `, out))) return false;
  }
  return true;
}

/** A block sequence's lines at `indent`: `- scalar`, or a mapping whose first pair shares the dash's line. */
function seqLines(v: unknown[], indent: string, out: string[]): boolean {
  for (const item of v) {
    if (Array.isArray(item) && item.length > 0) return false; // a list in a list: never in the manifest
    if (!nonEmpty(item)) {
      const s = inline(item);
      if (s === null) return false;
      out.push(`${indent}- ${s}`);
      continue;
    }
    const first = out.length;
    if (!mapLines(item as Record<string, unknown>, `${indent}  `, out)) return false;
    out[first] = `${indent}- ${out[first]!.slice(indent.length + 2)}`;
  }
  return true;
}

/** An empty collection (flow style) or a scalar. */
function inline(v: unknown): string | null {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : null;
  if (isPlainObject(v)) return Object.keys(v).length === 0 ? '{}' : null;
  return scalar(v);
}

/** `yaml`'s stringify(value, { lineWidth: 0 }) for a non-empty mapping of plain data, or null when not handled here. */
export function plainYaml(value: Record<string, unknown>): string | null {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return null;
  const lines: string[] = [];
  return mapLines(value, '', lines) ? `${lines.join('\n')}\n` : null;
}
