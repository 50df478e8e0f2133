import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDefaulting, parseInterpolations, type Expansion } from '../../src/check/interpolation.js';

const pick = (e: Expansion) => ({ name: e.name, op: e.op, word: e.word, depth: e.depth });

describe('parseInterpolations', () => {
  it.each([
    ['${A:-x}', ':-', 'x'],
    ['${A-x}', '-', 'x'],
    ['${A:=x}', ':=', 'x'],
    ['${A=x}', '=', 'x'],
    ['${A:?A is required}', ':?', 'A is required'],
    ['${A?msg}', '?', 'msg'],
    ['${A:+alt}', ':+', 'alt'],
    ['${A+alt}', '+', 'alt'],
    ['${A}', null, ''],
    ['${A:-}', ':-', ''],
  ])('reads the operator of %s', (text, op, word) => {
    const [e] = parseInterpolations(text);
    expect(e).toMatchObject({ name: 'A', op, word, start: 0, end: text.length });
  });

  it('tells defaulting operators from required and alternate ones', () => {
    const ops = parseInterpolations('${A:-x} ${B-x} ${C:=x} ${D=x} ${E:?x} ${F?x} ${G:+x} ${H}').map((e) => [e.name, isDefaulting(e)]);
    expect(ops).toEqual([
      ['A', true],
      ['B', true],
      ['C', true],
      ['D', true],
      ['E', false],
      ['F', false],
      ['G', false],
      ['H', false],
    ]);
  });

  it('parses nested expansions in the word, outer first, with offsets into the text', () => {
    const text = 'URL=${DATABASE_URL:-${FALLBACK:-postgres://db}}';
    const [outer, inner] = parseInterpolations(text);
    expect(pick(outer!)).toEqual({ name: 'DATABASE_URL', op: ':-', word: '${FALLBACK:-postgres://db}', depth: 0 });
    expect(pick(inner!)).toEqual({ name: 'FALLBACK', op: ':-', word: 'postgres://db', depth: 1 });
    expect(text.slice(inner!.start, inner!.end)).toBe('${FALLBACK:-postgres://db}');
    expect(text.slice(outer!.start, outer!.end)).toBe(text.slice(4));
  });

  it('treats $$ as an escaped dollar (compose) and still sees an expansion right after it', () => {
    expect(parseInterpolations('$${A:-x}')).toEqual([]);
    expect(parseInterpolations('$$$${A:-x}')).toEqual([]);
    const [e] = parseInterpolations('$$${A:-x}');
    expect(e).toMatchObject({ name: 'A', start: 2 });
  });

  it('honours shell quoting and backslash escapes in the shell dialect only', () => {
    const shell = { dialect: 'shell' as const };
    expect(parseInterpolations("echo '${A:-x}'", shell)).toEqual([]);
    expect(parseInterpolations('echo \\${A:-x}', shell)).toEqual([]);
    expect(parseInterpolations('echo "${A:-x}"', shell).map(pick)).toEqual([{ name: 'A', op: ':-', word: 'x', depth: 0 }]);
    expect(parseInterpolations('echo "it\'s ${A:-x}"', shell)).toHaveLength(1);
    // A quoted `}` inside the word does not close the expansion.
    expect(parseInterpolations('${A:-"}"}', shell).map((e) => e.word)).toEqual(['"}"']);
    // Compose reads quotes as data.
    expect(parseInterpolations("'${A:-x}'")).toHaveLength(1);
  });

  it('marks positional and special parameters, and never-defaulting forms', () => {
    const shell = { dialect: 'shell' as const };
    expect(parseInterpolations('${1:-all} ${@} ${#:-0}', shell).map((e) => [e.name, e.special])).toEqual([
      ['1', true],
      ['@', true],
      ['#', true],
    ]);
    const others = parseInterpolations('${#NAME} ${NAME:1:2} ${NAME#pre} ${NAME%suf} ${NAME/a/b} ${!REF} ${var.region}', shell);
    expect(others.map((e) => e.op)).toEqual(['other', 'other', 'other', 'other', 'other', 'other', 'other']);
    expect(others.some(isDefaulting)).toBe(false);
  });

  it('ignores GitHub expressions and unterminated or malformed expansions', () => {
    expect(parseInterpolations('${{ secrets.TOKEN }} ${{ a || b }}')).toEqual([]);
    expect(parseInterpolations('${A:-x')).toEqual([]);
    expect(parseInterpolations('${ A:-x}')).toEqual([]);
    expect(parseInterpolations('${}')).toEqual([]);
    expect(parseInterpolations('$A ${B}').map((e) => e.name)).toEqual(['B']);
  });

  it('never throws and keeps every expansion inside the text, for any input', () => {
    const alphabet = fc.constantFrom('$', '{', '}', ':', '-', '=', '?', '+', "'", '"', '\\', 'A', '_', '1', ' ', '#', '!');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), fc.constantFrom('compose' as const, 'shell' as const), (text, dialect) => {
        for (const e of parseInterpolations(text, { dialect })) {
          expect(e.start).toBeGreaterThanOrEqual(0);
          expect(e.end).toBeLessThanOrEqual(text.length);
          expect(text[e.start]).toBe('$');
          expect(text[e.start + 1]).toBe('{');
          expect(text[e.end - 1]).toBe('}');
          expect(text.slice(e.wordStart, e.wordStart + e.word.length)).toBe(e.word);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('finds exactly the generated expansions in a joined, escaped text', () => {
    const name = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/);
    const op = fc.constantFrom(':-', '-', ':=', '=', ':?', '?', ':+', '+');
    const word = fc.stringMatching(/^[a-z0-9 ./]{0,8}$/);
    const part = fc.oneof(
      fc.record({ kind: fc.constant('exp' as const), name, op, word }),
      fc.record({ kind: fc.constant('escaped' as const), name, op, word }),
      fc.record({ kind: fc.constant('text' as const), name: fc.stringMatching(/^[a-z =]{0,6}$/), op, word }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const text = parts.map((p) => (p.kind === 'exp' ? `\${${p.name}${p.op}${p.word}}` : p.kind === 'escaped' ? `$\${${p.name}${p.op}${p.word}}` : p.name)).join(' ');
        const want = parts.filter((p) => p.kind === 'exp').map((p) => ({ name: p.name, op: p.op, word: p.word }));
        expect(parseInterpolations(text).map((e) => ({ name: e.name, op: e.op, word: e.word }))).toEqual(want);
      }),
      { numRuns: 1000 },
    );
  });
});
