// The Handlebars environment every template is rendered with: no HTML escaping, strict
// (a missing field is an error, not an empty string), and one helper per target-language escaper.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { commentText, goString, goTagValue, hclString, mdCell, pyString, shellWord, tsString, yamlString } from './escape.js';
import { precompiled } from './precompiled.js';

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

/** Directory holding `templates/`, found from this module both in src/ and in the bundled dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'templates')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('create-mosaic-secrets: cannot find its templates/ directory');
}

export const templatesDir = (): string => join(packageRoot(), 'templates');

/**
 * How every template compiles: at runtime here, and ahead of time by the bundle build (src/scripts/build.mjs).
 * knownHelpersOnly: a `{{name}}` is a field of the data, never a helper looked up first, and a helper
 * call goes straight to ours (an unknown helper in a template is a compile error, not a silent lookup).
 */
export const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpers: Object.fromEntries([...Object.keys(helpers), 'if', 'unless', 'each', 'with', 'lookup'].map((h) => [h, true])),
  knownHelpersOnly: true,
} as const;

export type RenderString = (template: string, data: object) => string;

let hb: typeof Handlebars | undefined;
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function env(): typeof Handlebars {
  if (!hb) {
    hb = Handlebars.create();
    hb.registerHelper(helpers);
  }
  return hb;
}

/** Render a template string with our helpers (plop's renderString is wired to the same helpers). */
export const renderString: RenderString = (template, data) => {
  let fn = compiled.get(template);
  if (!fn) {
    fn = env().compile(template, COMPILE_OPTIONS);
    compiled.set(template, fn);
  }
  return fn(data);
};

const sources = new Map<string, string>();
/** Read a template from templates/ (cached). */
export function templateSource(name: string): string {
  let s = sources.get(name);
  if (s === undefined) {
    s = readFileSync(join(templatesDir(), name), 'utf8');
    sources.set(name, s);
  }
  return s;
}

const fromSpec = new Map<string, Handlebars.TemplateDelegate>();

/** Render templates/<name> against data (precompiled by the bundle build when it can be). */
export function renderTemplate(name: string, data: object, render: RenderString = renderString): string {
  const spec = render === renderString ? precompiled[name] : undefined;
  if (!spec) return render(templateSource(name), data);
  let fn = fromSpec.get(name);
  if (!fn) {
    fn = env().template(spec);
    fromSpec.set(name, fn);
  }
  return fn(data);
}
