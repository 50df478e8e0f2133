// The bundle renders templates/ through functions src/render/templateCompiler.ts compiles at build
// time, not through Handlebars (issue 18). They must be Handlebars with COMPILE_OPTIONS, byte for
// byte: for every template and the data our renderers really give it (hostile generated answers in
// every layout, mode, CI and language), the compiled function's output is Handlebars' output; with a
// field of that data taken away or replaced, both fail or both render the same; synthetic templates
// cover the block semantics templates/ may rely on later; anything else fails the build by name.
//
//   MOSAIC_TEMPLATE_RUNS=2000 npx vitest run --config test/vitest.config.ts test/bundle/compiledTemplates
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { describe, expect, it, vi } from 'vitest';
import * as runtime from '../../src/render/compiledRuntime.js';
import { COMPILE_OPTIONS, helpers, renderString, templatesDir } from '../../src/render/engine.js';
import { renderAll } from '../../src/render/index.js';
import { buildModel, type Model } from '../../src/model.js';
import { compileTemplates, helperArities, instantiate, TemplateCompileError } from '../../src/render/templateCompiler.js';
import { answersArb } from '../hostile/arbitraries.js';

// Every renderTemplate call a render makes: the template, its data and what Handlebars rendered.
const seen = vi.hoisted(() => ({ calls: [] as { name: string; data: object; out: string }[] }));
vi.mock('../../src/render/engine.js', async (importOriginal) => {
  const engine = await importOriginal<typeof import('../../src/render/engine.js')>();
  return {
    ...engine,
    renderTemplate: (name: string, data: object) => {
      const out = engine.renderTemplate(name, data); // from source: Handlebars.compile(source, COMPILE_OPTIONS)
      seen.calls.push({ name, data, out });
      return out;
    },
  };
});

const RUNS = Number(process.env.MOSAIC_TEMPLATE_RUNS ?? 400);
const SEED = Number(process.env.MOSAIC_TEMPLATE_SEED ?? 1818);

// As the build parses (Handlebars.compile parses with these options too; whitespace control reads ignoreStandalone).
const parse = (source: string) => Handlebars.parse(source, COMPILE_OPTIONS as Handlebars.ParseOptions & typeof COMPILE_OPTIONS);
const arities = helperArities(helpers);
const names = (readdirSync(templatesDir(), { recursive: true }) as string[]).filter((f) => f.endsWith('.hbs')).map((f) => f.split('\\').join('/')).sort();
const sourceOf = (name: string) => readFileSync(join(templatesDir(), name), 'utf8');
/** templates/ compiled exactly as the bundle build compiles it. */
const compiled = new Map(compileTemplates(names.map((name) => ({ name, source: sourceOf(name) })), parse, arities).map((t) => [t.name, instantiate(t.code, helpers, runtime)]));

/** A template source compiled both ways: Handlebars at runtime (as from source) and ours. */
function both(source: string, name = 'test.hbs') {
  const [t] = compileTemplates([{ name, source }], parse, arities);
  return { hbs: (data: unknown) => renderString(source, data as object), ours: instantiate(t!.code, helpers, runtime) };
}

type Outcome = { ok: true; out: string } | { ok: false; error: unknown };
const outcome = (f: () => string): Outcome => {
  try {
    return { ok: true, out: f() };
  } catch (error) {
    return { ok: false, error };
  }
};
/**
 * Same output, or both threw: ours a TemplateFieldError naming the template where Handlebars says a
 * field is not defined (or hits the TypeError of a read below a missing value), else the same error.
 */
function expectSame(hbs: Outcome, ours: Outcome, what: string, template: string): void {
  const err = (o: Outcome) => (o.ok ? 'rendered' : `threw ${String(o.error)}`);
  expect(ours.ok, `${what}: compiled ${err(ours)}, Handlebars ${err(hbs)}`).toBe(hbs.ok);
  if (hbs.ok && ours.ok) expect(ours.out, what).toBe(hbs.out);
  if (!ours.ok && !hbs.ok) {
    if (ours.error instanceof runtime.TemplateFieldError) {
      expect(ours.error.message, what).toContain(`templates/${template}:`);
      expect(String(hbs.error), what).toMatch(/not defined in|^TypeError: Cannot (read properties of (null|undefined)|use 'in' operator)/);
    } else {
      expect(String(ours.error), what).toBe(String(hbs.error));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Models: the hostile answers (valid ones) in every layout, CI system, ESO provider and workload set.

const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,8}[a-z0-9])?$/);
const extras = fc.record({
  layout: fc.constantFrom('plain', 'kustomize', 'helm', undefined),
  ci: fc.constantFrom('github', 'woodpecker', 'gitlab', 'none', undefined),
  hooksRepo: fc.option(fc.constantFrom('https://github.com/acme/mosaic-hooks', '../hooks', 'git@example.com:a/b.git'), { nil: undefined }),
  provider: fc.constantFrom('vault', 'openbao', undefined),
  environments: fc.option(
    fc.uniqueArray(fc.record({ name: label, namespace: fc.option(label, { nil: undefined }), prefix: fc.option(fc.constantFrom('staging', 'prod/eu', 'k3s'), { nil: undefined }) }), { selector: (e) => e.name, maxLength: 3 }),
    { nil: undefined },
  ),
  workloads: fc.option(
    fc.uniqueArray(
      fc.record({
        name: label,
        kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'),
        file: fc.option(fc.constantFrom('workloads.yaml', 'api.yaml', 'jobs/cron.yml'), { nil: undefined }),
        containers: fc.option(fc.uniqueArray(label, { minLength: 1, maxLength: 2 }), { nil: undefined }),
        initContainers: fc.option(fc.uniqueArray(label, { maxLength: 1 }), { nil: undefined }),
        keys: fc.option(fc.nat(), { nil: undefined }),
      }),
      { selector: (w) => `${w.kind}/${w.name}`, minLength: 1, maxLength: 3 },
    ),
    { nil: undefined },
  ),
});

const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A valid model (raw answers plus extras; an extra the model refuses is dropped, then the answers alone). */
const modelArb: fc.Arbitrary<Model> = fc
  .tuple(answersArb, extras)
  .map(([raw, x]) => {
    const envs = [...(Array.isArray(raw.secrets) ? raw.secrets : []), ...(Array.isArray(raw.config) ? raw.config : [])].map((k) => (k as { env?: unknown } | null)?.env).filter((e): e is string => typeof e === 'string');
    const workloads = x.workloads?.map((w) => clean({ ...w, keys: w.keys === undefined ? undefined : envs.filter((_, i) => (w.keys! >> i) % 2 === 1) }));
    const eso = x.provider && raw.eso && typeof raw.eso === 'object' ? { ...raw.eso, provider: x.provider } : x.provider ? { provider: x.provider } : raw.eso;
    const full = clean({ ...raw, layout: x.layout, ci: x.ci, hooksRepo: x.hooksRepo, eso, environments: x.layout && x.layout !== 'plain' ? x.environments : undefined, workloads });
    for (const attempt of [full, clean({ ...full, workloads: undefined }), clean({ ...full, workloads: undefined, environments: undefined }), raw]) {
      try {
        return buildModel(attempt);
      } catch {
        // refused: try with fewer extras
      }
    }
    return null;
  })
  .filter((m): m is Model => m !== null);

/** Every place in the data a strict lookup could miss: [parent, key] pairs, depth first. */
function slots(data: unknown, out: [Record<string | number, unknown>, string | number][] = [], depth = 0): typeof out {
  if (!data || typeof data !== 'object' || depth > 6) return out;
  for (const [k, v] of Object.entries(data)) {
    out.push([data as Record<string, unknown>, Array.isArray(data) ? Number(k) : k]);
    slots(v, out, depth + 1);
  }
  return out;
}
/** A copy of data (plain objects and arrays) with one slot deleted or replaced. */
function mutate(data: object, pick: number, how: number): object {
  const copy = structuredClone(data);
  const all = slots(copy);
  if (all.length === 0) return copy;
  const [parent, key] = all[pick % all.length]!;
  const replacement = [undefined, null, '', 0, 1, true, false, [], {}, 'x'][how % 11];
  if (how % 11 === 10 || Array.isArray(parent)) delete parent[key];
  else parent[key] = replacement;
  return copy;
}

describe('compiled templates (the bundle) vs Handlebars.compile(source, COMPILE_OPTIONS)', () => {
  it('compile every template in templates/', () => {
    expect(names.length).toBeGreaterThan(25);
    expect([...compiled.keys()]).toEqual(names);
  });

  it(`render every template byte-identically for ${RUNS} generated models, and fail alike without a field`, { timeout: 600_000 }, () => {
    const rendered = new Map<string, number>(names.map((n) => [n, 0]));
    let mutations = 0;
    let failures = 0;
    fc.assert(
      fc.property(modelArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 3, maxLength: 3 }), (model, picks) => {
        seen.calls = [];
        renderAll(model);
        expect(seen.calls.length).toBeGreaterThanOrEqual(4);
        for (const { name, data, out } of seen.calls) {
          const fn = compiled.get(name)!;
          expect(fn(data), `${name} for ${model.app}`).toBe(out);
          rendered.set(name, rendered.get(name)! + 1);
          for (const [pick, how] of picks) {
            const changed = mutate(data, pick, how);
            const hbs = outcome(() => renderString(sourceOf(name), changed));
            expectSame(hbs, outcome(() => fn(changed)), `${name} with slot ${pick}/${how} changed`, name);
            mutations++;
            if (!hbs.ok) failures++;
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Every template was rendered, more than once, and the mutations reached strict failures.
    const never = [...rendered].filter(([, n]) => n < 3).map(([name]) => name);
    expect(never, 'templates the generated models rendered fewer than 3 times').toEqual([]);
    expect(failures).toBeGreaterThan(50);
    expect(failures).toBeLessThan(mutations);
  });

  it('name the template, line and field when a strict field is missing', () => {
    const fn = compiled.get('k8s/deployment.yaml.hbs')!;
    expect(() => fn({})).toThrow(runtime.TemplateFieldError);
    expect(() => fn({})).toThrow(/^create-mosaic-secrets: templates\/k8s\/deployment\.yaml\.hbs:\d+: field "\w+" (is not defined in an object|cannot be read from undefined)$/);
    const { ours } = both('line 1\n{{a.b.c}}');
    expect(() => ours({})).toThrow('templates/test.hbs:2: field "b" cannot be read from undefined');
    expect(() => ours({ a: {} })).toThrow('templates/test.hbs:2: field "c" is not defined in undefined');
    expect(() => ours({ a: { b: {} } })).toThrow('templates/test.hbs:2: field "c" is not defined in an object');
    // Never the data itself: it is answers text.
    expect(() => ours({ a: { b: 's3cr3t-looking text' } })).toThrow(/^create-mosaic-secrets: templates\/test\.hbs:2: field "c" is not defined in a string$/);
    expect(ours({ a: { b: { c: 0 } } })).toBe('line 1\n0');
  });

  // Constructs and values templates/ does not all use today, against Handlebars on arbitrary data.
  const SYNTHETIC = [
    '{{#each xs}}[{{@index}} {{@key}} {{@first}} {{@last}}: {{this}}]{{else}}none{{/each}}',
    '{{#each xs}}{{#each ../xs}}{{../a}}.{{@index}} {{/each}}|{{/each}}',
    '{{#each xs}}{{#if this}}<{{this}}>{{else}}({{this}}){{/if}}{{/each}}',
    '{{#each xs}}{{#if a}}{{this.a}}{{/if}}{{#unless a}}-{{/unless}}{{/each}}',
    '{{#each xs}}{{#if true}}[{{.}}|{{..}}]{{/if}}{{/each}}',
    '{{#with o}}{{a}}/{{../a}}{{#with a}}{{../a}}:{{../../a}}{{/with}}{{else}}no o{{/with}}',
    '{{#with xs}}{{#each this}}{{json this}},{{/each}}{{else}}empty{{/with}}',
    '{{#if a}}a{{else if b}}b{{else unless c}}not c{{else}}c{{/if}}',
    '{{#if (eq a "x")}}x{{else if (gt a 1)}}big{{else if (includes xs a)}}in{{/if}}',
    'v={{a}} {{{b}}} {{json o}} {{yaml a}} {{json (eq a null)}} {{json (eq a undefined)}} {{json (eq a true)}} {{json (gt a -1.5)}}',
    '{{#each o}}{{@key}}={{json this}};{{/each}}{{@root.a}}',
    '{{a}}',
    '{{#if a}}{{a}}{{/if}}',
    '  {{#each xs}}\n  - {{this}}\n  {{/each}}\n{{~#if a}} a {{~/if}}\n',
    '{{o.a}}{{#each xs}}{{a.b}}{{/each}}',
  ];
  const primitive = fc.oneof(fc.constantFrom(0, 1, -1, 2.5, '', 'x', '0', 'true', true, false, null, undefined, Number.NaN), fc.string({ maxLength: 3 }), fc.integer());
  const lambda = fc.constant(function (this: { a?: unknown } | null) {
    return `λ${typeof this === 'object' && this ? String(this.a) : String(this)}`;
  });
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, primitive, lambda, tie('arr'), tie('obj'), tie('sparse'), tie('iter')),
    arr: fc.array(tie('v'), { maxLength: 3 }),
    // undefined marks a hole
    sparse: fc.array(fc.option(tie('v'), { nil: undefined }), { maxLength: 3 }).map((a) => {
      a.forEach((x, i) => x === undefined && delete a[i]);
      return a;
    }),
    iter: fc.array(primitive, { maxLength: 3 }).map((a) => new Set(a)),
    obj: fc.record({ a: tie('v'), b: tie('v'), xs: tie('v') }, { requiredKeys: [], noNullPrototype: true }),
  })).v;
  const dataArb = fc.record({ a: value, b: value, c: value, o: value, xs: value }, { requiredKeys: [], noNullPrototype: true });

  it('match Handlebars on the synthetic templates for arbitrary data (sparse arrays, Sets, null items, lambdas, 0)', () => {
    const pairs = SYNTHETIC.map((s) => both(s));
    fc.assert(
      fc.property(dataArb, (data) => {
        pairs.forEach(({ hbs, ours }, i) => expectSame(outcome(() => hbs(data)), outcome(() => ours(data)), `${SYNTHETIC[i]} on ${fc.stringify(data)}`, 'test.hbs'));
      }),
      { numRuns: RUNS * 4, seed: SEED },
    );
  });

  it('refuse at build time what they do not support, naming the template, line and construct', () => {
    const refused: [string, RegExp][] = [
      ['{{> header}}', /partial/],
      ['{{#> layout}}x{{/layout}}', /partial/],
      ['{{#*inline "p"}}x{{/inline}}', /decorator/],
      ['{{yaml a x=1}}', /hash arguments/],
      ['{{#each xs key="k"}}x{{/each}}', /hash arguments/],
      ['{{#each xs as |x i|}}{{x}}{{/each}}', /block parameters/],
      ['{{^if a}}x{{/if}}', /inverted section/],
      ['{{^a}}x{{/a}}', /inverted section|block \{\{#a\}\}/],
      ['{{#a}}x{{/a}}', /the block \{\{#a\}\}/],
      ['{{#yaml a}}x{{/yaml}}', /the block \{\{#yaml\}\}/],
      ['{{#lookup a b}}x{{/lookup}}', /the block \{\{#lookup\}\}/],
      ['{{lookup a "b"}}', /built-in helper lookup/],
      ['{{shout a}}', /unknown helper shout/],
      ['{{#if (shout a)}}x{{/if}}', /unknown helper shout/],
      ['{{yaml}}', /helper yaml without arguments/],
      ['{{eq a}}', /eq with 1 argument\(s\) \(it takes 2\)/],
      ['{{#if a b}}x{{/if}}', /\{\{#if\}\} with 2 arguments/],
      ['{{#each xs}}{{@../index}}{{/each}}', /@\.\. paths|data variable/],
      ['{{@index}}', /@index outside \{\{#each\}\}/],
      ['{{#each xs}}{{@_parent}}{{/each}}', /data variable @_parent/],
      ['{{"literal"}}', /literal as a mustache/],
      ['{{a}}{{b}}', /starts with two values/],
      ['{{#if c}}{{a}}{{b}}{{/if}}', /starts with two values/],
      ['{{{{raw}}}}{{x}}{{{{/raw}}}}', /the block \{\{#raw\}\}/],
    ];
    for (const [source, construct] of refused) {
      let error: unknown;
      try {
        // The comment is a standalone line (removed with its newline): `source` starts line 2.
        compileTemplates([{ name: 'ok.hbs', source: '{{a}}' }, { name: 'bad/one.hbs', source: `{{! line 1 }}\n${source}` }], parse, arities);
      } catch (e) {
        error = e;
      }
      expect(error, source).toBeInstanceOf(TemplateCompileError);
      expect((error as Error).message, source).toMatch(/^templates\/bad\/one\.hbs:2: /);
      expect((error as Error).message, source).toMatch(construct);
    }
  });

  it('refuse helpers the compiled code cannot call without Handlebars (this, options)', () => {
    expect(helperArities({ one: (a: unknown) => a, two: (a: unknown, b: unknown) => [a, b] })).toEqual({ one: 1, two: 2 });
    expect(() => helperArities({ ok: (a: unknown) => a, bad: function (this: unknown) { return this; } })).toThrow(/helper bad must be an arrow function/);
    expect(() => helperArities({ method: { m(this: unknown) { return this; } }.m })).toThrow(/helper method must be an arrow function/);
  });
});
