// Build step (src/scripts/build.mjs): mark the functions a render runs so that V8 compiles them with
// their module, and Node's compile cache (module.enableCompileCache(), Node 22.1+) keeps them.
//
// Node caches what V8 compiles when it compiles a module: top-level code and the functions V8 decides
// to compile eagerly. Every other function is compiled again on its first call, on every run. V8
// compiles a function eagerly when it is written in parentheses, `(function…)` or `(…) => …` (its
// "PIFE" heuristic), so this step takes the functions a training render called (V8 coverage) and
// writes them that way: a function expression or arrow gets parentheses; a function declaration at a
// module's top level becomes `var name=(function name…);` at the top of that module, where the
// declaration's hoisted binding was already set. Functions the render never ran stay lazy, so runs
// that skip them pay nothing for them. (Node 20 has no compile cache; there a function parsed
// eagerly is parsed once instead of pre-parsed and then parsed again on its call.)
import { answers20 } from './answers20.mjs';
import { execFileSync } from 'node:child_process';
import { transformSync } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The end offsets of the functions `run` called, per file under `dist`: a V8 coverage function range
 * ends where the function's source ends, as a parser's node does.
 */
export function calledFunctions(dist, run) {
  const covDir = mkdtempSync(join(tmpdir(), 'mosaic-eager-'));
  try {
    run({ ...process.env, NODE_V8_COVERAGE: covDir });
    const ends = new Map();
    const prefix = pathToFileURL(dist).href + '/';
    for (const f of readdirSync(covDir)) {
      for (const script of JSON.parse(readFileSync(join(covDir, f), 'utf8')).result) {
        if (!script.url.startsWith(prefix) || !script.url.endsWith('.mjs')) continue;
        const file = fileURLToPath(script.url);
        const set = ends.get(file) ?? new Set();
        // The first range of a function is the function; a count of 0 is one compiled but never run.
        for (const fn of script.functions) if (fn.ranges[0].count > 0 && fn.ranges[0].startOffset > 0) set.add(fn.ranges[0].endOffset);
        ends.set(file, set);
      }
    }
    return ends;
  } finally {
    rmSync(covDir, { recursive: true, force: true });
  }
}

/** The module's text with the functions ending at `ends` written for eager compilation (pure). */
export function eagerText(ts, text, ends) {
  const sf = ts.createSourceFile('chunk.mjs', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const wraps = []; // positions of '(' and ')'
  const hoists = []; // top-level declarations: { at, end, name }
  const visit = (node) => {
    if ((ts.isFunctionExpression(node) || ts.isArrowFunction(node)) && ends.has(node.end) && !ts.isParenthesizedExpression(node.parent)) {
      wraps.push({ at: node.getStart(sf), text: '(' }, { at: node.end, text: ')' });
    } else if (ts.isFunctionDeclaration(node) && node.parent === sf && node.name && node.body && ends.has(node.end) && !node.modifiers?.length) {
      hoists.push({ at: node.getStart(sf), end: node.end, name: node.name.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (!wraps.length && !hoists.length) return { text, count: 0 };
  /** text[from, to) with the parentheses that fall inside it. */
  const withWraps = (from, to) => {
    let out = '';
    let at = from;
    for (const w of wraps.filter((x) => x.at >= from && x.at <= to).sort((a, b) => a.at - b.at)) {
      out += text.slice(at, w.at) + w.text;
      at = w.at;
    }
    return out + text.slice(at, to);
  };
  hoists.sort((a, b) => a.at - b.at);
  let body = '';
  let at = 0;
  for (const h of hoists) {
    body += withWraps(at, h.at);
    at = h.end;
  }
  body += withWraps(at, text.length);
  const top = hoists.map((h) => `var ${h.name}=(${withWraps(h.at, h.end)});`).join('');
  return { text: top + body, count: wraps.length / 2 + hoists.length };
}

/**
 * Rewrite the ES modules under `dist` for the functions `run` calls. Throws if a rewritten module no
 * longer parses. Returns how many functions were marked.
 */
export function markCalledFunctions(root, dist, run) {
  const ts = createRequire(join(root, 'package.json'))('typescript');
  let count = 0;
  for (const [file, ends] of calledFunctions(dist, run)) {
    const before = readFileSync(file, 'utf8');
    const after = eagerText(ts, before, ends);
    if (!after.count) continue;
    try {
      transformSync(after.text, { loader: 'js', format: 'esm', logLevel: 'silent' }); // parses, or throws
    } catch (e) {
      throw new Error(`build: ${file} does not parse after marking its called functions: ${e.errors?.[0]?.text ?? e}`);
    }
    writeFileSync(file, after.text);
    count += after.count;
  }
  return count;
}

/** The training run: the 20-key Direct-Vault render `npm run bench` times, into a scratch directory. */
export function trainingRender(root) {
  return (env) => {
    const dir = mkdtempSync(join(tmpdir(), 'mosaic-eager-render-'));
    try {
      const answers = join(dir, 'answers.yaml');
      writeFileSync(answers, answers20('training-api'));
      execFileSync(process.execPath, [join(root, 'dist/cli.js'), join(dir, 'app'), '--answers', answers, '--yes'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
