// Our Handlebars helpers, one per target-language escaper plus a few tests and the indent filter.
// Registered on the runtime Handlebars environment (src/render/engine.ts) and on plop's, and called
// directly by the bundle's compiled templates (src/render/templateCompiler.ts), which rely on each
// taking exactly Function.length arguments and not reading `this`: keep them arrow functions.
import type Handlebars from 'handlebars';
import { commentText, goString, goTagValue, hclString, mdCell, pyString, shellWord, tsString, yamlString } from './escape.js';

export const helpers: Record<string, Handlebars.HelperDelegate> = {
  yaml: (s: unknown) => yamlString(String(s)),
  ts: (s: unknown) => tsString(String(s)),
  py: (s: unknown) => pyString(String(s)),
  go: (s: unknown) => goString(String(s)),
  goTag: (s: unknown) => goTagValue(String(s)),
  hcl: (s: unknown) => hclString(String(s)),
  sh: (s: unknown) => shellWord(String(s)),
  md: (s: unknown) => mdCell(String(s)),
  comment: (s: unknown) => commentText(String(s)),
  eq: (a: unknown, b: unknown) => a === b,
  gt: (a: unknown, b: unknown) => Number(a) > Number(b),
  includes: (list: unknown, x: unknown) => Array.isArray(list) && list.includes(x),
  json: (x: unknown) => JSON.stringify(x),
  /** A rendered block nested `n` spaces deep (blank lines stay blank; no trailing newline). */
  indent: (text: unknown, n: unknown) =>
    String(text)
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => (l ? ' '.repeat(Number(n)) + l : l))
      .join('\n'),
};
