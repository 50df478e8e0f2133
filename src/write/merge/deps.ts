// Adding the generated code's dependencies to a project's own dependency file. Additive only: an
// entry the project already has (any version) is left as it is, nothing is removed or reordered, and
// the rest of the file is kept byte for byte. Returns null for "leave this file alone / do not create it".
import { UsageError } from '../../errors.js';
import type { DepsFormat } from '../../render/types.js';

export function mergeDeps(format: DepsFormat, current: string | null, wanted: string, onlyIfPresent = false): string | null {
  if (current === null) return onlyIfPresent ? null : wanted;
  switch (format) {
    case 'go.mod':
      return mergeGoMod(current, wanted);
    case 'go.sum':
      return mergeGoSum(current, wanted);
    case 'pyproject':
      return mergePyproject(current, wanted.split('\n').filter(Boolean));
    case 'package.json':
      return mergePackageJson(current, JSON.parse(wanted) as Record<string, string>);
  }
}

const moduleOf = (gomod: string) => /^\s*module\s+("?)([^\s"]+)\1\s*(\/\/.*)?$/m.exec(gomod)?.[2];

/** Module paths a go.mod requires, in single-line and block form. */
function goRequires(gomod: string): Map<string, string> {
  const out = new Map<string, string>();
  let inBlock = false;
  for (const raw of gomod.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inBlock) {
      if (line === ')') inBlock = false;
      else if (line) out.set(line.split(/\s+/)[0]!, raw.trim());
      continue;
    }
    if (/^require\s*\($/.test(line)) inBlock = true;
    else {
      const m = /^require\s+(\S+)\s+\S+/.exec(line);
      if (m) out.set(m[1]!, raw.trim().replace(/^require\s+/, ''));
    }
  }
  return out;
}

function mergeGoMod(current: string, wanted: string): string {
  const theirs = moduleOf(current);
  const ours = moduleOf(wanted)!;
  if (theirs && theirs !== ours) {
    throw new UsageError(
      `go.mod: its module is ${theirs}, but the generated Go code would import ${ours}/config; pass --go-module ${theirs} (answers field goModule)`,
    );
  }
  const have = goRequires(current);
  const missing = [...goRequires(wanted).entries()].filter(([path]) => !have.has(path)).map(([, line]) => line);
  if (missing.length === 0) return current;
  const sep = current.endsWith('\n') ? '' : '\n';
  // `go mod tidy` folds this block into the others and settles versions against the project's graph.
  return `${current}${sep}\n// Added by create-mosaic-secrets for the generated config (and Vault client); run go mod tidy.\nrequire (\n${missing.map((l) => `\t${l}`).join('\n')}\n)\n`;
}

function mergeGoSum(current: string, wanted: string): string {
  const have = new Set(current.split('\n').map((l) => l.trim()));
  const missing = wanted.split('\n').filter((l) => l.trim() && !have.has(l.trim()));
  if (missing.length === 0) return current;
  const sep = current === '' || current.endsWith('\n') ? '' : '\n';
  return `${current}${sep}${missing.join('\n')}\n`;
}

/** PEP 503 names: case, `-`, `_` and `.` do not matter. */
const pep503 = (s: string) => s.toLowerCase().replace(/[-_.]+/g, '-');
const requirementName = (spec: string) => pep503(/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec)?.[1] ?? spec);

/**
 * [project].dependencies (PEP 621): add the missing requirement strings. A pyproject.toml without a
 * [project] table (Poetry, or a tool-only file) is left alone; Next steps names the pip command then.
 */
function mergePyproject(current: string, wanted: string[]): string | null {
  const lines = current.split('\n');
  const header = lines.findIndex((l) => /^\s*\[project\]\s*(#.*)?$/.test(l));
  if (header === -1) return current;
  let end = lines.findIndex((l, i) => i > header && /^\s*\[/.test(l));
  if (end === -1) end = lines.length;
  const depLine = lines.findIndex((l, i) => i > header && i < end && /^\s*dependencies\s*=/.test(l));
  const quoted = (specs: string[]) => specs.map((s) => JSON.stringify(s));
  if (depLine === -1) {
    const block = ['dependencies = [', ...quoted(wanted).map((q) => `    ${q},`), ']'];
    lines.splice(header + 1, 0, ...block);
    return lines.join('\n');
  }
  // The array runs from `dependencies = [` to the first line whose `]` closes it (strings hold no `]` here).
  let close = depLine;
  while (close < end && !/\]\s*(#.*)?$/.test(lines[close]!.replace(/"[^"]*"|'[^']*'/g, '""'))) close++;
  if (close >= end) return current; // not an array we can read: leave it to the person
  const text = lines.slice(depLine, close + 1).join('\n');
  const have = new Set([...text.matchAll(/["']([^"']+)["']/g)].map((m) => requirementName(m[1]!)));
  const missing = wanted.filter((w) => !have.has(requirementName(w)));
  if (missing.length === 0) return current;
  if (close === depLine) {
    // One line: dependencies = ["a", "b"]
    lines[close] = lines[close]!.replace(/\](\s*(#.*)?)$/, (_m, rest: string) => {
      const empty = /\[\s*$/.test(lines[close]!.slice(0, lines[close]!.lastIndexOf(']')));
      return `${empty ? '' : ', '}${quoted(missing).join(', ')}]${rest}`;
    });
    return lines.join('\n');
  }
  // Multi-line: a comma after the last entry, then ours before the closing bracket.
  let last = close - 1;
  while (last > depLine && !lines[last]!.replace(/#.*$/, '').trim()) last--;
  if (last > depLine && !/[,[]\s*(#.*)?$/.test(lines[last]!)) {
    lines[last] = lines[last]!.replace(/(\s*(#.*)?)$/, (m) => `,${m}`);
  }
  const indent = /^(\s*)/.exec(lines[last > depLine ? last : close]!)?.[1] || '    ';
  lines.splice(close, 0, ...quoted(missing).map((q) => `${indent}${q},`));
  return lines.join('\n');
}

/** package.json: add to `dependencies` what no dependency field lists yet; indentation as the file has it. */
function mergePackageJson(current: string, wanted: Record<string, string>): string {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(current) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`package.json: is not valid JSON (${(e as Error).message}); fix it, or add ${Object.keys(wanted).join(', ')} to its dependencies yourself`);
  }
  const listed = (name: string) => ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some((f) => typeof pkg[f] === 'object' && pkg[f] !== null && name in (pkg[f] as object));
  const missing = Object.entries(wanted).filter(([name]) => !listed(name));
  if (missing.length === 0) return current;
  const deps = (typeof pkg.dependencies === 'object' && pkg.dependencies !== null ? pkg.dependencies : {}) as Record<string, string>;
  pkg.dependencies = { ...deps, ...Object.fromEntries(missing) };
  const indent = /^\{\s*\n([ \t]+)"/.exec(current)?.[1] ?? '  ';
  return `${JSON.stringify(pkg, null, indent)}${current.endsWith('\n') ? '\n' : ''}`;
}
