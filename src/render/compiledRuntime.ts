// What the bundle's compiled templates call (src/render/templateCompiler.ts writes them, the bundle
// build runs it): the few pieces of Handlebars' runtime semantics a template needs, exactly as
// Handlebars 4.7 with COMPILE_OPTIONS (strict, noEscape, knownHelpersOnly) behaves, so output and
// failures are the same as compiling the .hbs at runtime. Each function names the Handlebars code
// it stands for. From source (tsx, vitest) nothing imports this but the equivalence test.

/** A template read a field that is not there (strict mode), or read below a missing value. */
export class TemplateFieldError extends Error {
  override name = 'TemplateFieldError';
  constructor(
    readonly template: string,
    readonly line: number,
    readonly field: string,
    why: string,
  ) {
    super(`create-mosaic-secrets: templates/${template}:${line}: field "${field}" ${why}`);
  }
}

/** Handlebars' container.nullContext: what `this` is for a block helper called on a null context. */
export const NO_CONTEXT: object = Object.seal({});

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * container.lookupProperty: own properties only (an inherited value reads as undefined; Handlebars
 * also logs that once to stderr, which this does not), and never a prototype's own `constructor`.
 * A null or undefined parent is the TypeError Handlebars would hit, with the template and field named.
 */
export function get(parent: unknown, name: string, template: string, line: number): unknown {
  if (parent == null) throw new TemplateFieldError(template, line, name, `cannot be read from ${parent}`);
  const result = (parent as Record<string, unknown>)[name];
  if (result == null) return result;
  if (hasOwn.call(parent, name) && !(name === 'constructor' && typeof result === 'function' && parent === result.prototype)) return result;
  return undefined;
}

/** container.strict: the last part of a `{{path}}` must be there (`name in parent`), else an error. */
export function strict(parent: unknown, name: string, template: string, line: number): unknown {
  // Handlebars: `!obj || !(name in obj)`, where `in` on a truthy primitive is a TypeError: every
  // primitive parent fails.
  if (parent === null || (typeof parent !== 'object' && typeof parent !== 'function') || !(name in parent)) {
    throw new TemplateFieldError(template, line, name, `is not defined in ${describe(parent)}`);
  }
  return get(parent, name, template, line);
}

/** What a value is, never the value itself (a template's data is answers text: keep it out of errors). */
function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** A `{{path}}`'s value as it is appended: container.lambda (a function is called on the context), null → "". */
export function value(v: unknown, context: unknown): unknown {
  if (typeof v === 'function') v = v.call(context);
  return v == null ? '' : v;
}

/** The `if` helper's test (includeZero unset): a function is called first; false, 0, "", null, undefined, NaN and [] are false. */
export function truthy(v: unknown, context: unknown): boolean {
  if (typeof v === 'function') v = v.call(context ?? NO_CONTEXT);
  return !(!v || (Array.isArray(v) && v.length === 0));
}

/** The `with` helper's test (Utils.isEmpty negated): like truthy, but 0 passes. */
export function present(v: unknown): boolean {
  return !((!v && v !== 0) || (Array.isArray(v) && v.length === 0));
}

/** The `with` helper's argument: a function is called on the context first. */
export function called(v: unknown, context: unknown): unknown {
  return typeof v === 'function' ? v.call(context ?? NO_CONTEXT) : v;
}

/** What one `{{#each}}` walks: values[p], and per position the @key, @index and whether it is @last. */
export interface Iteration {
  values: readonly unknown[];
  /** null: @key and @index are the position (a dense array, an iterable). */
  keys: readonly (string | number)[] | null;
  /** null: @index is the position. */
  indexes: readonly number[] | null;
  /** The position that is @last, or -1 (a sparse array without its last slot). */
  last: number;
  /** No iteration at all: the `{{else}}` renders (the helper's `i === 0`). */
  empty: boolean;
}

const NOTHING: Iteration = Object.freeze({ values: [], keys: null, indexes: null, last: -1, empty: true });

/**
 * The `each` helper's walk: a function is called on the context first; an array by index (holes
 * skipped), another iterable in order, an object by Object.keys; anything else not at all. An
 * iterable is read to the end before the block renders, where Handlebars renders as it reads:
 * the same output (templates have no side effects), fewer moving parts here.
 */
export function iterate(v: unknown, context: unknown): Iteration {
  if (typeof v === 'function') v = v.call(context ?? NO_CONTEXT);
  if (!v || typeof v !== 'object') return NOTHING;
  if (Array.isArray(v)) {
    let dense = true;
    for (let i = 0; i < v.length && dense; i++) dense = i in v;
    if (dense) return { values: v, keys: null, indexes: null, last: v.length - 1, empty: v.length === 0 };
    const indexes = Object.keys(v).filter((k) => String(Number(k)) === k && Number(k) < v.length).map(Number);
    return { values: indexes.map((i) => v[i]), keys: indexes, indexes, last: indexes.at(-1) === v.length - 1 ? indexes.length - 1 : -1, empty: v.length === 0 };
  }
  if ((v as Partial<Iterable<unknown>>)[Symbol.iterator]) {
    const values = [...(v as Iterable<unknown>)];
    return { values, keys: null, indexes: null, last: values.length - 1, empty: values.length === 0 };
  }
  const keys = Object.keys(v);
  return { values: keys.map((k) => (v as Record<string, unknown>)[k]), keys, indexes: null, last: keys.length - 1, empty: keys.length === 0 };
}

/**
 * wrapProgram's depths (only for a template that reads `../`): a block's context is pushed in front
 * of its parent's contexts unless it is loosely equal to the one in front (Handlebars' own `!=`), or
 * is the null-context stand-in for a null one.
 */
export function push(depths: readonly unknown[], context: unknown): readonly unknown[] {
  return context != depths[0] && !(context === NO_CONTEXT && depths[0] === null) ? [context, ...depths] : depths;
}
