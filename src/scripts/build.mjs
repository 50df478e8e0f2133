// Bundle the CLI and every runtime library into dist/ (create-vite style: zero runtime
// dependencies, so `npx create-mosaic-secrets` installs one small package). Templates ship as files.
//
// Start-up time is mostly V8 parsing and evaluating bundled code, so the build also keeps code out
// of the bundle that our path never runs (measured with `npm run bench`; see the plugins below).
// From source (tsx, vitest) none of this applies: templates compile at runtime, libraries are whole.
import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';
import { markCalledFunctions, trainingRender } from './eagerCompile.mjs';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// --- 1. Handlebars templates, compiled to plain functions ---------------------------------------
// templates/**/*.hbs stay the source (and still ship as files). The bundle carries each compiled by
// src/render/templateCompiler.ts from Handlebars' own parse (whitespace control applied) to one
// JavaScript function that renders it with COMPILE_OPTIONS' semantics and calls our helpers
// directly: no Handlebars runtime machinery (program wrappers, helper dispatch, option objects) per
// render, only the handful of lookups in src/render/compiledRuntime.ts. A construct the compiler does
// not support fails the build, naming the template and line. (node-plop still bundles the ~18 KB
// Handlebars runtime for itself; the compiler, parser and code generator stay out.)
const { COMPILE_OPTIONS, helpers } = await tsImport('../render/engine.ts', import.meta.url);
const { compileTemplates, helperArities, templatesModule } = await tsImport('../render/templateCompiler.ts', import.meta.url);
const Handlebars = require('handlebars');
// Each template function is written as `(function…)`: V8 compiles a parenthesized function with its
// module (its "PIFE" heuristic) rather than on first call, so it is in the code Node's compile cache
// keeps (module.enableCompileCache() stores a module's compile-time code only). Without it, a warm
// 20-key render on Node 24 re-compiled ~19 ms of template functions on every run. esbuild keeps the
// parentheses (a check after the build below). A template is one function: its blocks are inline.
function templateSources() {
  const dir = join(root, 'templates');
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.hbs')) out.push({ name: relative(dir, p).split(sep).join('/'), source: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out;
}
const TEMPLATES = compileTemplates(templateSources(), (source) => Handlebars.parse(source, COMPILE_OPTIONS), helperArities(helpers));
const TEMPLATES_MODULE = templatesModule(TEMPLATES, {
  helpers: join(root, 'src/render/helpers.ts'),
  runtime: join(root, 'src/render/compiledRuntime.ts'),
});

// Our code and node-plop both import `handlebars`; both get the runtime. Anything that still asks
// the bundle to compile a template string fails loudly instead of silently pulling the compiler.
const HANDLEBARS_RUNTIME = `import rt from 'handlebars/runtime.js';
const noCompiler = () => { throw new Error('create-mosaic-secrets: this build carries compiled templates only (src/scripts/build.mjs); Handlebars.compile is not bundled'); };
const create = rt.create;
rt.compile = rt.precompile = noCompiler;
rt.create = () => Object.assign(create(), { compile: noCompiler, precompile: noCompiler });
export default rt;
`;

// --- 2. node-plop without what our path never calls ------------------------------------------
// The CLI uses node-plop for its generator/action runner only: our generator's one action is a
// custom type and our prompts are our own. node-plop also imports inquirer 9 (rxjs, iconv-lite…,
// ~750 KB), a glob library, `resolve` and a binary-file sniffer for prompts, built-in actions
// (add/addMany/modify/append) and plop.load(). In the bundle those become stubs that throw if ever
// called; `npm run plop` (plain plop in this repo) uses the real node-plop, unbundled.
const unbundled = (what) => `() => { throw new Error(${JSON.stringify(`create-mosaic-secrets: ${what} is not bundled (see src/scripts/build.mjs)`)}); }`;
const NODE_PLOP_STUBS = {
  inquirer: `export default { registerPrompt: ${unbundled('plop.setPrompt')}, prompt: ${unbundled("node-plop's inquirer prompts")} };`,
  tinyglobby: `export const globSync = ${unbundled("plop's addMany action")};`,
  isbinaryfile: `export const isBinaryFileSync = ${unbundled("plop's add/addMany actions")};`,
  resolve: `export default { sync: ${unbundled('plop.load')} };`,
  // Its built-in actions: node-plop's fs-promise-proxy reads fs.promises when it loads, which
  // brings fs/promises, readline and the streams stack into every render.
  './actions/index.js': ['add', 'addMany', 'modify', 'append'].map((a) => `export const ${a} = ${unbundled(`plop's ${a} action`)};`).join('\n'),
};

// --- 3. @inquirer/prompts without the editor prompt ---------------------------------------------
// A dynamic import of the package (src/vault/values.ts) keeps every export, and the editor prompt
// brings an external-editor + iconv-lite + chardet stack we never show. Same module, minus editor.
const promptsEsm = fileURLToPath(import.meta.resolve('@inquirer/prompts'));
const promptsDir = dirname(promptsEsm);
const PROMPTS = readFileSync(promptsEsm, 'utf8')
  .split('\n')
  .filter((l) => !/['"]@inquirer\/editor['"]/.test(l))
  .join('\n');
if (PROMPTS.includes('@inquirer/editor') || !PROMPTS.includes('@inquirer/input')) throw new Error(`build: unexpected ${promptsEsm}; update the @inquirer/prompts shim`);

const BUILTIN = new RegExp(`^(node:)?(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);
const YAML_FILE = 'yaml.cjs';
const YAML_NAMES = Object.keys(require('yaml')).filter((n) => n !== 'default' && n !== '__esModule');

/** @type {import('esbuild').Plugin} */
const lean = {
  name: 'lean-bundle',
  setup(b) {
    const fromNodePlop = (importer) => importer.includes(`${sep}node_modules${sep}node-plop${sep}`);
    b.onResolve({ filter: /^\.\/compiled\.js$/ }, (a) => (a.importer.endsWith(join('src', 'render', 'engine.ts')) ? { path: 'templates', namespace: 'compiled' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'compiled' }, () => ({ contents: TEMPLATES_MODULE, loader: 'js', resolveDir: root }));

    b.onResolve({ filter: /^handlebars$/ }, () => ({ path: 'handlebars-runtime', namespace: 'lean' }));
    b.onResolve({ filter: /^(inquirer|tinyglobby|isbinaryfile|resolve|\.\/actions\/index\.js)$/ }, (a) => (fromNodePlop(a.importer) ? { path: a.path, namespace: 'stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, (a) => ({ contents: NODE_PLOP_STUBS[a.path], loader: 'js' }));

    b.onResolve({ filter: /^@inquirer\/prompts$/ }, () => ({ path: 'inquirer-prompts', namespace: 'lean' }));
    b.onLoad({ filter: /.*/, namespace: 'lean' }, (a) =>
      a.path === 'handlebars-runtime'
        ? { contents: HANDLEBARS_RUNTIME, loader: 'js', resolveDir: root }
        : { contents: PROMPTS, loader: 'js', resolveDir: promptsDir },
    );

    // --- 4. one `yaml`, outside the ES chunks: dist/chunks/yaml.cjs (built below). Modules that
    // import it get a shim that require()s it when their chunk loads, as before (require, not an ES
    // import of the CommonJS file: that would make Node scan its 110 KB for export names, ~5 ms);
    // the write path reaches it through src/lazyYaml.ts only when a run needs it (a fresh render
    // does not). The same module instance either way, so nodes and classes are shared.
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: 'yaml', namespace: 'yaml-shim' }));
    b.onLoad({ filter: /.*/, namespace: 'yaml-shim' }, () => ({
      contents: `import { createRequire } from 'node:module';\nconst y = createRequire(import.meta.url)('./${YAML_FILE}');\n${YAML_NAMES.map((n) => `export const ${n} = y.${n};`).join('\n')}\n`,
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]src[\\/]lazyYaml\.ts$/ }, (a) => {
      const ts = readFileSync(a.path, 'utf8');
      const from = "createRequire(import.meta.url)('yaml')";
      if (!ts.includes(from)) throw new Error(`build: ${a.path} no longer loads yaml as ${from}; update the build`);
      return { contents: ts.replace(from, `createRequire(import.meta.url)('./${YAML_FILE}')`), loader: 'ts' };
    });

    // --- 5. zod without its 40-odd translations: z.locales is never used (English messages are
    // imported separately by zod itself), and they were half of zod's bytes in the bundle.
    b.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, (a) => (a.importer.includes(`${sep}node_modules${sep}zod${sep}`) ? { path: 'zod-locales', namespace: 'empty' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

// --- 6. Three outputs -----------------------------------------------------------------------------
// dist/program.mjs + dist/chunks/: the program (src/cli.ts) as ES modules split at its lazy imports
// (the command edge: render, edit, check; inside a render the prompts, node-plop and the Vault
// step), so a run reads and compiles only the chunks it uses: a render no `check`, a `check` no
// renderer or zod. dist/cli.js: the bin, which answers --help/--version on its own, as CommonJS
// (dist/package.json says so): Node starts a CommonJS main without setting up its ES module
// loader, which is ~9 % of `--help` on Node 20. `.mjs` marks the program's modules as ES modules
// without a package.json lookup per file.
rmSync(join(root, 'dist'), { recursive: true, force: true });
const common = {
  absWorkingDir: root,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  legalComments: 'linked',
  plugins: [lean],
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // A profile build (src/scripts/profile.mjs) maps V8 samples back to modules.
  ...(process.env.MOSAIC_BUILD_PROFILE ? { sourcemap: 'external' } : {}),
};
// CommonJS dependencies (handlebars, cross-spawn, …) call require() for Node built-ins, through
// esbuild's __require shim, which reads the `require` of its own module.
const REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
// An ES import of a Node built-in makes Node build the built-in's module namespace, which reads
// every export, lazy getters included: `node:fs` then loads fs/promises, readline and the streams
// stack, `node:crypto` webcrypto: a few ms of a render on Node 24. So each import of a built-in
// that esbuild leaves in an output file becomes a process.getBuiltinModule() call (Node 20.16+)
// taking just the names the file uses, at the top of the file: where ES imports are evaluated too.
const BUILTIN_IMPORT = /import\s*(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\}|\*\s*as\s+([\w$]+))?\s*from\s*"((?:node:)?[\w/]+)";?/g;
function builtinsAsProperties(js, expected) {
  const lines = [];
  const body = js.replace(BUILTIN_IMPORT, (all, def, named, ns, spec) => {
    if (!BUILTIN.test(spec)) return all;
    const mod = `process.getBuiltinModule(${JSON.stringify(spec.replace(/^(node:)?/, 'node:'))})`;
    for (const whole of [def, ns]) if (whole) lines.push(`const ${whole}=${mod};`);
    if (named) lines.push(`const{${named.split(',').map((n) => n.trim().replace(/\s+as\s+/, ':')).join(',')}}=${mod};`);
    return '';
  });
  if (lines.length !== expected) throw new Error(`build: rewrote ${lines.length} imports of Node built-ins where esbuild reports ${expected}`);
  return lines.join('') + body;
}
const program = await build({
  ...common,
  entryPoints: { program: 'src/cli.ts' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  banner: { js: REQUIRE_BANNER },
  metafile: true,
});
// esbuild puts the banner on every chunk, and each createRequire() costs a URL parse and a module
// record (~0.3 ms; a render loads ~25 chunks). Keep it only where the identifier `require` occurs
// (the shim's chunk, plus a few whose strings mention the word); the line stays, empty, so source
// maps still line up.
for (const out of Object.keys(program.metafile.outputs).filter((o) => o.endsWith('.mjs'))) {
  const file = join(root, out);
  const js = readFileSync(file, 'utf8');
  if (!js.startsWith(`${REQUIRE_BANNER}\n`)) throw new Error(`build: ${out} does not start with the require banner`);
  const builtinImports = program.metafile.outputs[out].imports.filter((i) => i.external && i.kind === 'import-statement' && BUILTIN.test(i.path)).length;
  const body = builtinsAsProperties(js.slice(REQUIRE_BANNER.length), builtinImports);
  writeFileSync(file, /(?<![\w$.])require(?![\w$])/.test(body) ? `${REQUIRE_BANNER}${body}` : body);
}
// dist/chunks/yaml.cjs: the yaml library as one CommonJS file with named exports (esbuild's
// `0 && (module.exports = {…})` note lets Node's ES module loader see them), next to the chunks
// that import it or require it (lazyYaml's require is relative to its chunk: never program.mjs).
// Both the shim and lazyYaml resolve the file from their chunk, so neither may land in program.mjs.
if (readFileSync(join(root, 'dist/program.mjs'), 'utf8').includes(YAML_FILE)) throw new Error(`build: dist/program.mjs must not load ${YAML_FILE}`);
const yamlBuild = await build({
  ...common,
  entryPoints: undefined,
  stdin: { contents: `export { ${YAML_NAMES.join(', ')} } from 'yaml';`, resolveDir: root, sourcefile: 'yaml-entry.js' },
  outdir: undefined,
  outfile: `dist/chunks/${YAML_FILE}`,
  format: 'cjs',
  plugins: [],
  metafile: true,
});
if (process.env.MOSAIC_BUILD_PROFILE) {
  const out = Object.keys(yamlBuild.metafile.outputs).find((o) => o.endsWith(YAML_FILE));
  program.metafile.outputs[out] = yamlBuild.metafile.outputs[out];
}
// The templates' chunk: every template function still parenthesized after minification (see section 1).
{
  const chunk = Object.keys(program.metafile.outputs).find((o) => Object.keys(program.metafile.outputs[o].inputs).includes('compiled:templates'));
  const js = chunk && readFileSync(join(root, chunk), 'utf8');
  const eager = js ? js.match(/":\(function\(/g)?.length ?? 0 : 0;
  if (!js || eager !== TEMPLATES.length || /":function\(/.test(js)) throw new Error(`build: ${chunk ?? 'no chunk'} carries ${eager} of ${TEMPLATES.length} templates as (function…)`);
}
if (process.env.MOSAIC_BUILD_PROFILE) writeFileSync(process.env.MOSAIC_BUILD_PROFILE, JSON.stringify(program.metafile));
await build({
  ...common,
  entryPoints: { cli: 'src/launch/bin.ts' },
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  // src/version.ts reads import.meta only when __VERSION__ is not defined, i.e. never in a build.
  logOverride: { 'empty-import-meta': 'silent' },
});
writeFileSync(join(root, 'dist/package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);

// --- 7. The functions a render calls, compiled with their module (src/scripts/eagerCompile.mjs) ---
// Needs the finished dist/ (it runs a training render). A profile build stays unmarked: moving
// declarations would put its source maps out of line.
if (!process.env.MOSAIC_BUILD_PROFILE) markCalledFunctions(root, join(root, 'dist'), trainingRender(root));
