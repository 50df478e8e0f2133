// The Handlebars environment every template is rendered with: no HTML escaping, strict
// (a missing field is an error, not an empty string), and one helper per target-language escaper.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { compiledTemplates } from './compiled.js';
import { helpers } from './helpers.js';

export { helpers };

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
 * How every template compiles: at runtime here; the bundle build (src/scripts/build.mjs) compiles them
 * ahead of time to plain functions with the same semantics (src/render/templateCompiler.ts).
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

/** Render templates/<name> against data (compiled to a plain function by the bundle build when it can be). */
export function renderTemplate(name: string, data: object, render: RenderString = renderString): string {
  const fn = render === renderString ? compiledTemplates[name] : undefined;
  return fn ? fn(data) : render(templateSource(name), data);
}
