// Build time only (src/scripts/build.mjs; and the equivalence test): a Handlebars template's AST, as
// Handlebars.parse returns it (whitespace control and standalone lines already applied), compiled
// to one plain JavaScript function `(function (c0) { … return o; })` that renders it with
// COMPILE_OPTIONS' semantics (noEscape, strict, knownHelpersOnly) and calls our helpers directly.
// The bundle then runs no Handlebars runtime machinery (program wrappers, option objects, helper
// dispatch) for our templates. Pure: AST in, JavaScript source out.
//
// Only what templates/ uses compiles: text, `{{path}}` (with `this`, `../` and @root / @index /
// @key / @first / @last), calls of our helpers with path, literal and (subexpression) arguments,
// and the blocks if / unless / each / with with `{{else}}` and `{{else if …}}`. Anything else
// (partials, decorators, hash arguments, block parameters, inverted sections, unknown helpers…)
// is a TemplateCompileError naming the template, line and construct: the build fails, it never
// guesses. The generated code calls src/render/compiledRuntime.ts for lookups and block semantics.

/** A construct the template compiler does not support, or a call Handlebars itself would reject. */
export class TemplateCompileError extends Error {
  override name = 'TemplateCompileError';
  constructor(
    readonly template: string,
    readonly line: number,
    readonly construct: string,
  ) {
    super(`templates/${template}:${line}: ${construct} is not supported by the bundle's template compiler (src/render/templateCompiler.ts)`);
  }
}

/** What the generated function expressions refer to: the helpers object, then the runtime's exports. */
export const HELPERS_NAME = 'h';
export const RUNTIME_NAMES = ['get', 'strict', 'value', 'truthy', 'present', 'called', 'iterate', 'push', 'NO_CONTEXT'] as const;

/** Handlebars' built-in helpers (COMPILE_OPTIONS.knownHelpers): the blocks compile, `lookup` is refused. */
const BUILTIN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup']);
const EACH_DATA = new Set(['index', 'key', 'first', 'last']);

export interface CompileOptions {
  /** The template's name under templates/, for errors at build time and at render time. */
  name: string;
  /** Our helpers by name, with the number of arguments each takes (Function.length). */
  helpers: Readonly<Record<string, number>>;
}

/**
 * How a program's value adds into its parent. Handlebars renders a program as `p1 + p2 + …` of its
 * parts (text, values, block results) and only then makes it a string: two values first (`{{a}}{{b}}`
 * with numbers) would add up. We append every part to one string, which is the same whenever a
 * program starts with text, has one part, or is empty; anything else is refused.
 */
type Kind = 'string' | 'value';

interface Ctx {
  name: string;
  /** May be null or undefined: a block helper then passes Handlebars' null context on instead. */
  nullable: boolean;
  /** Its declaration, when it is written only if read (the `?? NO_CONTEXT` twin). */
  decl?: Line;
  /** The twin, declared next to this context (and written only when read). */
  twin?: Ctx;
}
interface Depths {
  name: string;
  decl: Line;
  parent: Depths | null;
  /** The context it pushes (read once the declaration is written). */
  ctx: Ctx | null;
}
interface Scope {
  ctx: Ctx;
  depths: Depths;
  /** The innermost each: its iteration and position variables (for @index, @key, @first, @last). */
  each: { it: string; pos: string } | null;
}
/** A line of output; a declaration is written only once something reads it. */
interface Line {
  text: string;
  indent: number;
  used: boolean;
}

type Node = hbs.AST.Node;
type Program = hbs.AST.Program;
type Path = hbs.AST.PathExpression;
type Call = hbs.AST.MustacheStatement | hbs.AST.SubExpression;

/** Compile a parsed template (Handlebars.parse(source, COMPILE_OPTIONS)) to a function expression. */
export function compileTemplate(ast: Program, options: CompileOptions): string {
  return new Compiler(options).template(ast);
}

class Compiler {
  private lines: Line[] = [];
  private indent = 1;
  private counter = 0;
  constructor(private readonly o: CompileOptions) {}

  template(ast: Program): string {
    const c0: Ctx = { name: 'c0', nullable: true };
    this.emit(`const T = ${JSON.stringify(this.o.name)};`);
    this.emit('let o = "";');
    const d0: Depths = { name: 'd0', decl: this.lazy('const d0 = [c0];'), parent: null, ctx: null };
    this.twinDecl(c0);
    this.program(ast, { ctx: c0, depths: d0, each: null });
    this.emit('return o;');
    const body = this.lines
      .filter((l) => l.used)
      .map((l) => `${'  '.repeat(l.indent)}${l.text}`)
      .join('\n');
    return `(function (c0) {\n${body}\n})`;
  }

  // --- output -------------------------------------------------------------------------------
  private emit(text: string): void {
    this.lines.push({ text, indent: this.indent, used: true });
  }
  private lazy(text: string): Line {
    const line = { text, indent: this.indent, used: false };
    this.lines.push(line);
    return line;
  }
  private fresh(prefix: string): string {
    return `${prefix}${++this.counter}`;
  }
  private block(head: string, body: () => void): void {
    this.emit(`${head} {`);
    this.indent++;
    body();
    this.indent--;
    this.emit('}');
  }
  /** `} else {` after the block just written; an `{{else if …}}` chain stays flat when it can. */
  private elseBlock(body: () => void, chained: boolean): void {
    const close = this.lines.pop()!;
    const outer = this.lines;
    this.lines = [];
    this.indent++;
    body();
    this.indent--;
    const inner = this.lines;
    this.lines = outer;
    const used = inner.filter((l) => l.used);
    // Flat only if the else holds nothing but one if-statement (no declaration of its own).
    const flat = chained && used[0]?.text.startsWith('if (') && used.every((l) => l.indent > close.indent + 1 || l === used[0] || /^}/.test(l.text));
    if (flat) {
      this.lines.push({ ...close, text: `} else ${used[0]!.text}` });
      for (const l of inner.slice(inner.indexOf(used[0]!) + 1)) this.lines.push({ ...l, indent: l.indent - 1 });
    } else {
      this.lines.push({ ...close, text: '} else {' }, ...inner, close);
    }
  }
  private fail(node: Node, construct: string): never {
    throw new TemplateCompileError(this.o.name, node.loc?.start.line ?? 0, construct);
  }

  // --- contexts -----------------------------------------------------------------------------
  /** A context's variable, as read: a lazily declared one is written from now on. */
  private ref(ctx: Ctx): string {
    if (ctx.decl) ctx.decl.used = true;
    return ctx.name;
  }
  /** Where a context variable is declared, the place for its null-context twin. */
  private twinDecl(ctx: Ctx): void {
    if (!ctx.nullable) return;
    const name = `${ctx.name}s`;
    ctx.twin = { name, nullable: false, decl: this.lazy(`const ${name} = ${ctx.name} ?? NO_CONTEXT;`) };
  }
  /** The context a block helper passes on (`depth0 != null ? depth0 : container.nullContext`). */
  private callContext(ctx: Ctx): Ctx {
    return ctx.twin ?? ctx;
  }
  /** A block's program starts: its depths, for `../` (declared only if something below reads them). */
  private enter(scope: Scope, ctx: Ctx): Depths {
    const name = this.fresh('d');
    return { name, decl: this.lazy(`const ${name} = push(${scope.depths.name}, ${ctx.name});`), parent: scope.depths, ctx };
  }
  private useDepths(d: Depths | null): void {
    for (; d && !d.decl.used; d = d.parent) {
      d.decl.used = true;
      if (d.ctx) this.ref(d.ctx);
    }
  }

  // --- statements ---------------------------------------------------------------------------
  private program(p: Program, scope: Scope): Kind {
    if (p.blockParams?.length) this.fail(p, 'block parameters (as |x|)');
    const kinds: Kind[] = [];
    for (const s of p.body) {
      const k = this.statement(s, scope);
      if (k) kinds.push(k);
    }
    if (kinds[0] === 'value' && kinds[1] === 'value') {
      const first = p.body.find((s) => s.type !== 'CommentStatement' && !(s.type === 'ContentStatement' && !(s as hbs.AST.ContentStatement).value));
      this.fail(first ?? p, 'a block that starts with two values and no text between them (Handlebars adds them with +)');
    }
    return kinds.length === 1 ? kinds[0]! : 'string';
  }

  private statement(s: hbs.AST.Statement, scope: Scope): Kind | null {
    switch (s.type) {
      case 'ContentStatement': {
        const v = (s as hbs.AST.ContentStatement).value;
        if (!v) return null; // Handlebars appends nothing for text whitespace control emptied
        this.emit(`o += ${JSON.stringify(v)};`);
        return 'string';
      }
      case 'CommentStatement':
        return null;
      case 'MustacheStatement':
        return this.mustache(s as hbs.AST.MustacheStatement, scope);
      case 'BlockStatement':
        return this.blockStatement(s as hbs.AST.BlockStatement, scope);
      case 'PartialStatement':
      case 'PartialBlockStatement':
        return this.fail(s, 'a partial ({{> …}})');
      case 'Decorator':
      case 'DecoratorBlock':
        return this.fail(s, 'a decorator ({{* …}})');
      default:
        return this.fail(s, `a ${s.type}`);
    }
  }

  private mustache(m: hbs.AST.MustacheStatement, scope: Scope): Kind {
    if (m.path.type !== 'PathExpression') return this.fail(m, `a literal as a mustache ({{${String((m.path as hbs.AST.StringLiteral).original)}}})`);
    if (m.hash) return this.fail(m, 'hash arguments (name=value)');
    const path = m.path as Path;
    if (m.params.length === 0) {
      // knownHelpersOnly: `{{name}}` is a field unless name is a known helper, which Handlebars would call.
      if (isSimpleId(path) && (Object.hasOwn(this.o.helpers, path.parts[0]!) || BUILTIN_HELPERS.has(path.parts[0]!))) return this.fail(m, `the helper ${path.original} without arguments`);
      const v = this.path(path, scope, true);
      this.emit(`o += value(${v}, ${this.ref(scope.ctx)});`);
      return 'value';
    }
    this.emit(`o += ${this.call(m, scope)} ?? "";`);
    return 'value';
  }

  /** A call of one of our helpers: `{{helper a b}}` or `(helper a b)`. */
  private call(c: Call, scope: Scope): string {
    if (c.hash) return this.fail(c, 'hash arguments (name=value)');
    const path = c.path as Path;
    const name = path.type === 'PathExpression' && isSimpleId(path) ? path.parts[0]! : undefined;
    if (name === undefined) return this.fail(c, `a call of ${path.original ?? path.type} (helpers are single names)`);
    if (BUILTIN_HELPERS.has(name)) return this.fail(c, `the built-in helper ${name} used inline`);
    const arity = Object.hasOwn(this.o.helpers, name) ? this.o.helpers[name] : undefined;
    if (arity === undefined) return this.fail(c, `the unknown helper ${name}`);
    // Handlebars passes an options object after the arguments: a helper given fewer would get it as one.
    if (c.params.length !== arity) return this.fail(c, `${name} with ${c.params.length} argument(s) (it takes ${arity})`);
    const callee = /^[A-Za-z_$][\w$]*$/.test(name) ? `${HELPERS_NAME}.${name}` : `${HELPERS_NAME}[${JSON.stringify(name)}]`;
    return `${callee}(${c.params.map((p) => this.expression(p, scope)).join(', ')})`;
  }

  /** An argument: helper arguments are not strict in Handlebars (a missing last part is undefined). */
  private expression(e: hbs.AST.Expression, scope: Scope): string {
    switch (e.type) {
      case 'PathExpression':
        return this.path(e as Path, scope, false);
      case 'SubExpression':
        return this.call(e as hbs.AST.SubExpression, scope);
      case 'StringLiteral':
        return JSON.stringify((e as hbs.AST.StringLiteral).value);
      case 'NumberLiteral':
        return String((e as hbs.AST.NumberLiteral).value);
      case 'BooleanLiteral':
        return String((e as hbs.AST.BooleanLiteral).value);
      case 'UndefinedLiteral':
        return 'undefined';
      case 'NullLiteral':
        return 'null';
      default:
        return this.fail(e, `a ${e.type} argument`);
    }
  }

  /**
   * A path's value. `strictLast` (a `{{path}}` on its own): the last part must exist; every other
   * part, and every part of an argument, reads like Handlebars' lookupProperty.
   */
  private path(p: Path, scope: Scope, strictLast: boolean): string {
    const line = p.loc?.start.line ?? 0;
    let base: string;
    let parts = p.parts;
    if (p.data) {
      if (p.depth) return this.fail(p, `the data variable ${p.original} (@../ paths)`);
      const [head, ...rest] = parts;
      parts = rest;
      if (head === 'root') base = 'c0';
      else if (head && EACH_DATA.has(head)) {
        if (!scope.each) return this.fail(p, `@${head} outside {{#each}}`);
        const { it, pos } = scope.each;
        const index = `(${it}.indexes ? ${it}.indexes[${pos}] : ${pos})`;
        base = { index, key: `(${it}.keys ? ${it}.keys[${pos}] : ${pos})`, first: `(${index} === 0)`, last: `(${pos} === ${it}.last)` }[head as 'index']!;
      } else return this.fail(p, `the data variable @${head}`);
    } else if (p.depth) {
      this.useDepths(scope.depths);
      base = `${scope.depths.name}[${p.depth}]`;
    } else {
      base = this.ref(scope.ctx);
    }
    parts.forEach((part, i) => {
      const fn = strictLast && i === parts.length - 1 ? 'strict' : 'get';
      base = `${fn}(${base}, ${JSON.stringify(part)}, T, ${line})`;
    });
    return base;
  }

  private blockStatement(b: hbs.AST.BlockStatement, scope: Scope): Kind {
    const name = isSimpleId(b.path) ? b.path.parts[0]! : undefined;
    if (!name || !BUILTIN_HELPERS.has(name) || name === 'lookup') return this.fail(b, `the block {{#${b.path.original}}}`);
    if (b.hash) return this.fail(b, 'hash arguments (name=value)');
    if (!b.program) return this.fail(b, `an inverted section ({{^${name}}})`);
    if (b.params.length !== 1) return this.fail(b, `{{#${name}}} with ${b.params.length} arguments (it takes 1)`);
    const arg = this.expression(b.params[0]!, scope);
    if (name === 'each') return this.each(b, arg, scope);
    let kind: Kind = 'string';
    const note = (k: Kind) => {
      if (k === 'value') kind = 'value';
    };
    /** A program rendered with the helper's own context (`options.fn(this)` / `options.inverse(this)`). */
    const same = (p: Program) => () => {
      const c = this.callContext(scope.ctx);
      note(this.program(p, { ...scope, ctx: c, depths: this.enter(scope, c) }));
    };
    if (name === 'with') {
      const w: Ctx = { name: this.fresh('c'), nullable: false };
      this.emit(`const ${w.name} = called(${arg}, ${this.ref(scope.ctx)});`);
      this.block(`if (present(${w.name}))`, () => note(this.program(b.program, { ...scope, ctx: w, depths: this.enter(scope, w) })));
    } else {
      this.block(`if (${name === 'unless' ? '!' : ''}truthy(${arg}, ${this.ref(scope.ctx)}))`, same(b.program));
    }
    if (b.inverse) this.elseBlock(same(b.inverse), Boolean((b.inverse as { chained?: boolean }).chained));
    return kind;
  }

  /** `{{#each list}}`: the body per item (its context), `{{else}}` when there was nothing to walk. */
  private each(b: hbs.AST.BlockStatement, arg: string, scope: Scope): Kind {
    const it = this.fresh('e');
    const pos = `p${it.slice(1)}`;
    this.emit(`const ${it} = iterate(${arg}, ${this.ref(scope.ctx)});`);
    const loop = () =>
      this.block(`for (let ${pos} = 0; ${pos} < ${it}.values.length; ${pos}++)`, () => {
        const item: Ctx = { name: `c${it.slice(1)}`, nullable: true };
        this.emit(`const ${item.name} = ${it}.values[${pos}];`);
        this.twinDecl(item);
        this.program(b.program, { ctx: item, depths: this.enter(scope, item), each: { it, pos } });
      });
    if (!b.inverse) {
      loop();
      return 'string'; // the helper returns '' + each iteration
    }
    let kind: Kind = 'string';
    this.block(`if (${it}.empty)`, () => {
      const c = this.callContext(scope.ctx);
      kind = this.program(b.inverse, { ...scope, ctx: c, depths: this.enter(scope, c) });
    });
    this.elseBlock(loop, false);
    return kind; // …or what `{{else}}` rendered, as it is
  }
}

/** Handlebars' AST.helpers.simpleId: one part, no `this.`/`./`/`../`, not a data variable. */
function isSimpleId(p: Path | hbs.AST.Literal): p is Path {
  return p.type === 'PathExpression' && (p as Path).parts.length === 1 && !(p as Path).depth && !(p as Path).data && !/^\.|this\b/.test((p as Path).original);
}

/**
 * Our helpers as the compiler needs them: name → number of arguments. The compiled code calls them
 * without Handlebars' `this` and options object, so each must be an arrow function (no `this`, no
 * prototype) with a fixed Function.length.
 */
export function helperArities(helpers: Readonly<Record<string, unknown>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(helpers).map(([name, fn]) => {
      const arrow = typeof fn === 'function' && !Object.hasOwn(fn, 'prototype') && /^(async\s*)?(\([^)]*\)|[\w$]+)\s*=>/.test(fn.toString());
      if (!arrow) throw new Error(`build: helper ${name} must be an arrow function (the compiled templates call it without this or options)`);
      return [name, (fn as () => unknown).length];
    }),
  );
}

/** Every template compiled (the build's step): `parse` is Handlebars.parse with COMPILE_OPTIONS. */
export function compileTemplates(
  sources: readonly { name: string; source: string }[],
  parse: (source: string) => Program,
  helpers: Readonly<Record<string, number>>,
): { name: string; code: string }[] {
  return sources.map(({ name, source }) => ({ name, code: compileTemplate(parse(source), { name, helpers }) }));
}

/**
 * The bundle's module: every template by name, each its own parenthesized function expression (V8
 * compiles those with the module, so Node's compile cache keeps them; see build.mjs).
 */
export function templatesModule(entries: readonly { name: string; code: string }[], from: { helpers: string; runtime: string }): string {
  return `import { helpers as ${HELPERS_NAME} } from ${JSON.stringify(from.helpers)};
import { ${RUNTIME_NAMES.join(', ')} } from ${JSON.stringify(from.runtime)};

export const compiledTemplates = {
${entries.map((e) => `${JSON.stringify(e.name)}: ${e.code}`).join(',\n')}
};
`;
}

/** A compiled template as a function, for the equivalence test (the bundle imports the module instead). */
export function instantiate(code: string, helpers: object, runtime: Readonly<Record<(typeof RUNTIME_NAMES)[number], unknown>>): (data: unknown) => string {
  return new Function(HELPERS_NAME, ...RUNTIME_NAMES, `return ${code};`)(helpers, ...RUNTIME_NAMES.map((n) => runtime[n])) as (data: unknown) => string;
}
