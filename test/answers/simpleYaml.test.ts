// src/answers/simpleYaml.ts reads the usual answers file without the yaml library. Wherever it
// answers, it must give what yaml's parse() gives — same values, types, key order — and wherever
// yaml fails (an error the user must see, worded by yaml) it must decline. Compared here on
// generated documents: yaml's own output in several styles, and line-level documents with
// comments, flow lists and maps, tricky scalars, odd indentation and random damage.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../../src/answers/simpleYaml.js';
import { REPO } from '../helpers/cli.js';
import { PRINTABLE_TRAPS } from '../hostile/arbitraries.js';

/** yaml's verdict: the value, or that it refuses. */
function reference(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The property: declining is always allowed; answering must match yaml exactly (and yaml must accept). */
function agrees(text: string): boolean {
  const mine = parseSimpleYaml(text);
  if (mine === undefined) return false;
  const ref = reference(text);
  expect(ref.ok, `yaml refuses what simpleYaml read:\n${text}`).toBe(true);
  expect(mine, text).toStrictEqual(ref.ok ? ref.value : undefined);
  expect(JSON.stringify(Object.keys(mine))).toBe(JSON.stringify(Object.keys((ref as { value: object }).value)));
  return true;
}

const chars = fc.constantFrom('a', 'Z', '0', '9', ' ', ':', '#', '-', '"', "'", '.', '_', '/', '?', '[', ']', '{', '}', ',', '@', '%', '!', '&', '*', '|', '>', '`', 'é', '~', '\\', 'e', 'x', '\u00a0', '\u3000');
const word = fc.string({ unit: chars, maxLength: 8 });
/** Scalars whose type or form YAML decides by spelling. */
const tricky = fc.constantFrom('0', '7', '-1', '12', '007', '1.5', '1e3', '0x1F', '0o7', '.inf', '9007199254740993', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'no', '~', 'null', 'Null', 'NULL', '-', '-a', '--', '-0', '-.5', '+1', 'https://vault.example.com:8200');
const scalarText = fc.oneof(
  { weight: 4, arbitrary: word },
  { weight: 2, arbitrary: fc.constantFrom(...PRINTABLE_TRAPS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 2, arbitrary: tricky },
);
const keyText = fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,6}$/) }, { weight: 1, arbitrary: fc.constantFrom('true', 'null', '__proto__', 'a b', '1', '-x', 'é') });

// 1. yaml's own printing of data, in the styles a person or a tool writes answers files in.
const plainKey = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,6}$/).filter((k) => !/^(true|false|null)$/i.test(k));
const someScalar = fc.oneof({ weight: 6, arbitrary: word }, { weight: 1, arbitrary: scalarText }, { weight: 2, arbitrary: tricky }, fc.integer(), fc.boolean(), fc.constant(null));
const data = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, someScalar, tie('list'), tie('map')),
  list: fc.array(fc.oneof(someScalar, tie('map')), { maxLength: 4 }),
  map: fc.dictionary(fc.oneof({ weight: 12, arbitrary: plainKey }, { weight: 1, arbitrary: keyText }), tie('value'), { maxKeys: 4 }),
}));
const style = fc.record({
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE') as fc.Arbitrary<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'>,
  flowLeaves: fc.boolean(),
  indentSeq: fc.boolean(),
});

// 2. Documents line by line: comments, blank lines, flow collections, indentation off by one, damage.
const inlineValue = fc.oneof(
  scalarText,
  scalarText.map((s) => JSON.stringify(s)),
  scalarText.map((s) => `'${s.replace(/'/g, "''")}'`),
  fc.array(fc.oneof(word, word.map((s) => JSON.stringify(s))), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
  fc.array(fc.tuple(keyText, fc.oneof(word, word.map((s) => JSON.stringify(s)))), { maxLength: 3 }).map((kv) => `{ ${kv.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
);
const comment = fc.oneof(fc.constant(''), word.map((w) => ` #${w}`), word.map((w) => `#${w}`));
const line = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(0, 0, 2, 4, 1, 3, 6), keyText, inlineValue, comment).map(([i, k, v, c]) => `${' '.repeat(i)}${k}: ${v}${c}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(0, 2, 4), keyText, comment).map(([i, k, c]) => `${' '.repeat(i)}${k}:${c}`) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(0, 2, 4), fc.oneof(inlineValue, fc.tuple(keyText, inlineValue).map(([k, v]) => `${k}: ${v}`)), comment).map(([i, v, c]) => `${' '.repeat(i)}- ${v}${c}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(0, 2, 5), word).map(([i, w]) => `${' '.repeat(i)}# ${w}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '---', '...', '%YAML 1.2', '\t- x', 'a:\tb', 'a: b\r', '\ufeffa: b', '-', '- ', '? x', 'k: &a x', 'k: *a', 'k: !!str 1', 'k: |', 'k: >-', '  continued line') },
);
const damage = fc.oneof(
  fc.constant((s: string) => s),
  fc.nat().map((n) => (s: string) => (s.length ? s.slice(0, n % s.length) + s.slice((n % s.length) + 1) : s)),
  fc.tuple(fc.nat(), fc.constantFrom(' ', '\n', ':', '"', "'", '#', '-', '[', '{', ',', '\t')).map(([n, c]) => (s: string) => s.slice(0, n % (s.length + 1)) + c + s.slice(n % (s.length + 1))),
);

/** A person's way of writing `v`: random nesting depth, same-column or indented lists, quoting, flow leaves, comments. */
type Tree = unknown;
const writer = fc.record({ seed: fc.infiniteStream(fc.nat(99)) });
function write(v: Record<string, Tree>, rnd: () => number): string {
  const out: string[] = [];
  const q = (x: unknown): string => {
    if (typeof x !== 'string') return String(x);
    const r = rnd();
    return r < 40 ? JSON.stringify(x) : r < 60 ? `'${x.replace(/'/g, "''")}'` : x;
  };
  const note = () => (rnd() < 15 ? ` # ${rnd()}` : '');
  const scalarish = (x: unknown) => x === null || typeof x !== 'object';
  const flowable = (x: unknown) => (Array.isArray(x) ? x.every(scalarish) : Object.values(x as object).every(scalarish));
  const flowOf = (x: unknown) => (Array.isArray(x) ? `[${x.map(q).join(', ')}]` : `{ ${Object.entries(x as object).map(([k, y]) => `${k}: ${q(y)}`).join(', ')} }`);
  const map = (m: Record<string, Tree>, ind: number, first?: string) => {
    let lead = first;
    for (const [k, x] of Object.entries(m)) {
      if (rnd() < 10) out.push(`${' '.repeat(ind)}# about ${k}`);
      if (rnd() < 5) out.push('');
      const head = lead ?? ' '.repeat(ind);
      lead = undefined;
      if (scalarish(x)) out.push(`${head}${k}: ${q(x)}${note()}`);
      else if (flowable(x) && rnd() < 40) out.push(`${head}${k}: ${flowOf(x)}${note()}`);
      else if (Array.isArray(x) && x.length === 0) out.push(`${head}${k}: []`);
      else if (!Array.isArray(x) && Object.keys(x as object).length === 0) out.push(`${head}${k}: {}`);
      else {
        out.push(`${head}${k}:${note()}`);
        if (Array.isArray(x)) seq(x, ind + (rnd() < 50 ? 0 : 2));
        else map(x as Record<string, Tree>, ind + (rnd() < 80 ? 2 : 4));
      }
    }
  };
  const seq = (xs: Tree[], ind: number) => {
    for (const x of xs) {
      const dash = `${' '.repeat(ind)}- `;
      if (scalarish(x)) out.push(`${dash}${q(x)}${note()}`);
      else if (!Array.isArray(x) && Object.keys(x as object).length > 0) map(x as Record<string, Tree>, ind + 2, dash);
      else out.push(`${dash}${flowOf(x)}`);
    }
  };
  map(v, 0);
  return `${out.join('\n')}\n`;
}

describe('parseSimpleYaml', () => {
  it("reads yaml's own output as yaml does, in block, flow and quoted styles", () => {
    let read = 0;
    fc.assert(
      fc.property(fc.dictionary(plainKey, data.value, { minKeys: 1, maxKeys: 6 }), style, (v, st) => {
        const text = stringify(v, { lineWidth: 0, defaultStringType: st.defaultStringType, indentSeq: st.indentSeq, ...(st.flowLeaves ? { flowCollectionPadding: true } : {}) });
        if (agrees(text)) read++;
      }),
      { numRuns: 2500 },
    );
    expect(read).toBeGreaterThan(1000); // not vacuous
  });

  it('reads hand-written-style documents as yaml does (comments, flow leaves, quoting, list indents)', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.dictionary(plainKey, data.value, { minKeys: 1, maxKeys: 6 }), writer, (v, w) => {
        const it = w.seed[Symbol.iterator]();
        if (agrees(write(v, () => it.next().value as number))) read++;
      }),
      { numRuns: 2500 },
    );
    expect(read).toBeGreaterThan(400); // many written plain scalars are not valid YAML: declined
  });

  it('reads line-built documents as yaml does, and declines whatever yaml refuses', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), damage, (ls, d) => {
        if (agrees(d(ls.join('\n')))) read++;
      }),
      { numRuns: 6000 },
    );
    expect(read).toBeGreaterThan(40); // mostly broken on purpose: the point is agreeing or declining
  });

  it('reads the answers files this repo ships and documents (the path a render takes)', () => {
    const files = [readFileSync(join(REPO, 'test/fixtures/billing-api.yaml'), 'utf8'), readFileSync(join(REPO, 'src/scripts/demo-answers.yaml'), 'utf8')];
    const bench = `app: bench-api
namespace: bench
mode: direct-vault
justification: Database credentials come from the Vault database engine with a 15m TTL
directVault: { engine: database, vaultAddr: "https://vault.example.com:8200" }
languages: [typescript, python, go]
vault: { mount: secret, prefix: k3s }
secrets:
  - env: SECRET_01
    description: "Secret number 1: \\"quoted\\", with $ and \` to escape"
    minLength: 8
config:
  - env: CONFIG_04
    type: enum
    default: "b"
    values: [a, b, c]
    reason: not a secret (bench)
`;
    for (const text of [...files, bench]) expect(agrees(text), text).toBe(true);
  });

  it('a key long in its source but short as a value (escapes, doubled quotes) is declined where yaml refuses it', () => {
    const doc = (key: string) => `app: api\nnamespace: team\n${key}: x\n`;
    for (const key of [`"${'\\x41'.repeat(300)}"`, `'${"''".repeat(520)}'`, `"${'\\u00e9'.repeat(200)}"`]) {
      expect(reference(doc(key)).ok, key.slice(0, 12)).toBe(false);
      expect(parseSimpleYaml(doc(key))).toBeUndefined();
    }
    // Just under yaml's limit in source characters: both read it, alike.
    expect(agrees(doc(`"${'\\x41'.repeat(240)}"`))).toBe(true);
  });
});

