// The Go-template reader behind Helm's `default` check (src/check/helm.ts): what it finds, and that
// no input (a chart is whatever is in the repo) can hang it or make it report outside the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { helmDefaults } from '../../src/check/helm.js';

const PIECES = ['{{', '{{- ', '}}', ' -}}', '(', ')', '|', '"', '\\"', '`', "'", 'default', ' default ', '.Values.db.password', '"x"', ' ', '\n', '/*', '*/', 'required', 'x', '$', '}'];

describe('helmDefaults', () => {
  it('finds piped and called defaults, nested in parentheses, and skips comments and strings', () => {
    const t = '{{ .Values.a.password | default "x" }} {{ default "y" .Values.b.token }} {{ quote (.Values.c.key | default "z") }} {{/* .Values.d | default "w" */}} {{ "| default v" }}';
    expect(helmDefaults(t).map((d) => [d.value, t.slice(d.fallbackStart, d.fallbackEnd)])).toEqual([
      ['.Values.a.password', '"x"'],
      ['.Values.b.token', '"y"'],
      ['.Values.c.key', '"z"'],
    ]);
  });

  it('a malformed action does not hide the ones after it', () => {
    const t = '{{ (broken }}\n{{ .Values.x.password | default "p" }}\n{{ "unterminated }}\n{{ default "q" .Values.y.secret }}';
    expect(helmDefaults(t).map((d) => d.value)).toEqual(['.Values.x.password', '.Values.y.secret']);
  });

  it('survives pathological input: deep nesting, and thousands of unclosed actions (one pass each)', () => {
    expect(helmDefaults(`{{ ${'('.repeat(20_000)} }}\n{{ .Values.a.password | default "x" }}`).map((d) => d.value)).toEqual(['.Values.a.password']);
    // Each unclosed action used to be rescanned to the end of the file: quadratic, minutes for 200 KB.
    const unclosed = 'k: {{ x\n'.repeat(25_000);
    expect(helmDefaults(unclosed)).toEqual([]);
    expect(helmDefaults(`${'a: {{ "x\n'.repeat(20_000)}{{ .Values.b.token | default "y" }}`).map((d) => d.value)).toEqual(['.Values.b.token']);
  });

  it('skipping actions with no default and no string reports exactly what reading every action does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES, '{{ .Values.x }}', '{{- include "a" . | nindent 4 }}', '{{ (x (y z)) }}'), { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        expect(helmDefaults(text)).toEqual(helmDefaults(text, true));
      }),
      { numRuns: 5000 },
    );
    // A chart-sized template: mostly plain actions, the defaults among them still found.
    const chart = `${'  name: {{ include "app.fullname" . }}\n  labels: {{- include "app.labels" . | nindent 4 }}\n'.repeat(2000)}  password: {{ .Values.db.password | default "changeme" }}\n`;
    expect(helmDefaults(chart).map((d) => d.value)).toEqual(['.Values.db.password']);
    expect(helmDefaults(chart)).toEqual(helmDefaults(chart, true));
  });

  it('terminates on arbitrary template-like text and reports only spans inside it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        for (const d of helmDefaults(text)) {
          expect(0 <= d.start && d.start < d.end && d.end <= text.length).toBe(true);
          expect(d.start <= d.fallbackStart && d.fallbackStart < d.fallbackEnd && d.fallbackEnd <= d.end).toBe(true);
          expect(text.slice(d.action, d.action + 2)).toBe('{{');
          expect(text.slice(d.start, d.start + 7)).toBe('default');
        }
      }),
      { numRuns: 3000 },
    );
  });
});
