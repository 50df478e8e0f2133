// Facts about the target directory that make a good default answer (read-only, best effort): the layout
// it deploys with (a Kustomize base or a Helm chart), its Python package, its Go module.
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { kustomizationsIn } from '../kustomizationFiles.js';
import { readTextFileOrNull } from '../write/safeFile.js';
import { namespaceOf } from '../write/merge/kustomizationNamespace.js';

/** pyproject.toml and go.mod are small; a link, device or huge file there is ignored, never read. */
const MAX_PROJECT_FILE_BYTES = 1 << 20;

const CHART_DIRS = ['helm', 'chart', 'deploy/helm', 'deploy/chart'];

function charts(target: string): string[] {
  const found = CHART_DIRS.filter((d) => existsSync(join(target, d, 'Chart.yaml')));
  for (const parent of ['charts', 'helm', 'deploy/charts']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(target, parent));
    } catch {
      continue;
    }
    for (const n of names.sort()) if (existsSync(join(target, parent, n, 'Chart.yaml'))) found.push(`${parent}/${n}`);
  }
  return found;
}

/** Answers the target's files imply (empty when it has neither a kustomization nor a chart). */
export function detectLayout(target: string, app?: string): Record<string, unknown> {
  const found = charts(target);
  if (found.length) {
    // Several charts: the one named like the app, else the first.
    const chartDir = found.find((d) => app !== undefined && d.split('/').pop() === app) ?? found[0]!;
    return { layout: 'helm', chartDir };
  }
  for (const deployDir of ['deploy', 'k8s']) {
    if (kustomizationsIn(join(target, deployDir, 'base')).length) {
      return { layout: 'kustomize', deployDir };
    }
  }
  return {};
}

/** A regular file at `p`; `follow: false` does not count a symlink to one (a project file we read). */
const isFile = (p: string, follow = true) => {
  try {
    return (follow ? statSync(p) : lstatSync(p)).isFile();
  } catch {
    return false;
  }
};

/** An overlay of a Kustomize layout, and the namespace its kustomization.yaml declares (if it declares one). */
export interface Overlay {
  name: string;
  namespace?: string;
}

const LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A kustomization is a few hundred bytes; one far larger than this is not read for a default. */
const MAX_KUSTOMIZATION_BYTES = 1 << 20;

/**
 * The overlays under <deployDir>/overlays/ (each a directory with a kustomization file: kustomization.yaml, .yml or Kustomization), sorted by
 * name, with the namespace each declares: kustomize moves everything it builds there, so that is where
 * an environment without a namespace answer deploys. Best effort: a link, an oversized file or a name
 * or namespace that is not a DNS label gives no default (the writer refuses links on its own).
 */
export function detectOverlays(target: string, deployDir: string): Overlay[] {
  const dir = join(target, deployDir, 'overlays');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Overlay[] = [];
  for (const name of names.sort()) {
    if (!LABEL.test(name)) continue;
    // The first name kustomize reads (a directory holding several is the writer's to refuse).
    const file = kustomizationsIn(join(dir, name)).map((f) => join(dir, name, f)).find((p) => isFile(p, false));
    if (!file) continue;
    let namespace: string | undefined;
    try {
      namespace = namespaceOf(readTextFileOrNull(file, file, MAX_KUSTOMIZATION_BYTES) ?? '')?.value;
    } catch {
      namespace = undefined;
    }
    out.push({ name, ...(namespace !== undefined && LABEL.test(namespace) ? { namespace } : {}) });
  }
  return out;
}

const PY_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NOT_APP = new Set(['tests', 'test', 'docs', 'scripts', 'migrations', 'venv', 'build', 'dist']);

/** Packages (directories with an __init__.py) directly under `dir`, as paths relative to the target. */
function packagesIn(target: string, dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(target, dir));
  } catch {
    return [];
  }
  return names
    .filter((n) => PY_IDENT.test(n) && !NOT_APP.has(n) && isFile(join(target, dir, n, '__init__.py')))
    .map((n) => (dir ? `${dir}/${n}` : n))
    .sort();
}

/**
 * The app's Python package, where config.py belongs: the one named in pyproject.toml's [project] name
 * when it exists (src layout or flat), else the only package under src/ or at the top. undefined: none found.
 */
export function detectPythonPackage(target: string): string | undefined {
  let name: string | undefined;
  try {
    const toml = readTextFileOrNull(join(target, 'pyproject.toml'), 'pyproject.toml', MAX_PROJECT_FILE_BYTES) ?? '';
    name = /^\s*name\s*=\s*["']([^"']+)["']/m.exec(toml.split(/^\s*\[project\]\s*$/m)[1] ?? '')?.[1]?.replace(/[-.]/g, '_');
  } catch {
    name = undefined;
  }
  const found = [...packagesIn(target, 'src'), ...packagesIn(target, '')];
  const named = found.find((p) => p.split('/').at(-1) === name);
  if (named) return named;
  return found.length === 1 ? found[0] : undefined;
}

/** The module path of the target's go.mod, so generated imports match it (undefined: no go.mod). */
export function detectGoModule(target: string): string | undefined {
  try {
    return /^\s*module\s+("?)([^\s"]+)\1/m.exec(readTextFileOrNull(join(target, 'go.mod'), 'go.mod', MAX_PROJECT_FILE_BYTES) ?? '')?.[2];
  } catch {
    return undefined;
  }
}

/**
 * The validator languages the target's own project files point at, in the prompt's order: a
 * tsconfig.json (or a package.json depending on typescript), a Python project file, a go.mod.
 * Only a default for the checkbox: the user still picks.
 */
export function detectLanguages(target: string): ('typescript' | 'python' | 'go')[] {
  const out: ('typescript' | 'python' | 'go')[] = [];
  let pkg: string | null = null;
  try {
    pkg = readTextFileOrNull(join(target, 'package.json'), 'package.json', MAX_PROJECT_FILE_BYTES);
  } catch {
    pkg = null; // a link or device there: no hint from it
  }
  if (isFile(join(target, 'tsconfig.json'), false) || (pkg !== null && /"typescript"\s*:/.test(pkg))) out.push('typescript');
  if (['pyproject.toml', 'requirements.txt', 'setup.py', 'Pipfile'].some((f) => isFile(join(target, f), false))) out.push('python');
  if (isFile(join(target, 'go.mod'), false)) out.push('go');
  return out;
}
