// Facts about an existing app that become answers: its name, namespace, languages, layout and
// whether it already talks to Vault itself. Each fact carries where it came from.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LANGUAGES, MAX_APP_LENGTH, type Language } from '../model.js';
import { DYNAMIC_USES, VAULT_CLIENTS } from './detectors.js';
import type { Evidence } from './classify.js';
import { blankComments, type SourceFile } from './engine.js';
import type { AppFiles } from './files.js';
import { isKustomizationPath } from '../kustomizationFiles.js';
import { deployLayoutOf, type DeployLayout } from './layout.js';

export interface Fact<T> {
  value: T;
  from: string;
}

export interface ProjectFacts {
  app: Fact<string>;
  namespace: Fact<string> | null;
  languages: Fact<Language[]>;
  deployDir: Fact<'deploy' | 'k8s'>;
  layout: string[];
  /** The layout the generator wires into (the app's chart, its Kustomize base, or plain manifests). */
  deploy: DeployLayout;
  pythonPackage: Fact<string> | null;
  goModule: Fact<string> | null;
  ci: Fact<'github' | 'woodpecker' | 'gitlab' | 'none'>;
  vaultClients: (Evidence & { client: string })[];
  /** Vault uses ESO cannot replace; the first is the proposed justification. */
  dynamicUses: (Evidence & { engine: 'database' | 'other'; client: string })[];
}

/** create-vite's toValidPackageName, for DNS-1123 labels: `@shop/Orders_API` → `orders-api`. */
export function toAppName(raw: string): string {
  const name = raw
    .trim()
    .replace(/^@[^/]+\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name.slice(0, MAX_APP_LENGTH).replace(/-+$/, '') || 'app';
}

/** A chart's `name:` (Chart.yaml) as an app name, or null. */
function chartNameOf(files: AppFiles, chartDir: string): string | null {
  const chart = files.read(join(chartDir, 'Chart.yaml'));
  const name = chart && /^name:\s*["']?([^"'\s]+)/m.exec(chart)?.[1];
  return name ? toAppName(name) : null;
}

function appName(dir: string, files: AppFiles): Fact<string> {
  const pkg = files.read('package.json');
  if (pkg) {
    try {
      const name = (JSON.parse(pkg) as { name?: unknown }).name;
      if (typeof name === 'string' && name) return { value: toAppName(name), from: 'package.json name' };
    } catch {
      // not JSON: try the next source
    }
  }
  const py = files.read('pyproject.toml');
  const pyName = py && /^\[(?:project|tool\.poetry)\][^[]*?^name\s*=\s*["']([^"']+)["']/ms.exec(py)?.[1];
  if (pyName) return { value: toAppName(pyName), from: 'pyproject.toml name' };
  const mod = goModuleOf(files);
  if (mod) return { value: toAppName(mod.split('/').pop()!), from: 'go.mod module' };
  for (const c of files.charts) {
    const name = chartNameOf(files, c);
    if (name) return { value: name, from: `${join(c, 'Chart.yaml')} name` };
  }
  return { value: toAppName(basename(dir)), from: 'directory name' };
}

function goModuleOf(files: AppFiles): string | null {
  const mod = files.read('go.mod');
  return (mod && /^module\s+(\S+)/m.exec(mod)?.[1]) || null;
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** The namespace a manifest declares: `metadata.namespace`, kustomize `namespace:`, a chart's values `namespace:`. */
function namespaceOf(dir: string, files: AppFiles): Fact<string> | null {
  const candidates: SourceFile[] = files.files.filter((f) => f.type === 'k8s');
  for (const f of candidates) {
    const m = /^[ \t]+namespace:[ \t]*["']?([a-z0-9]([-a-z0-9]*[a-z0-9])?)["']?[ \t]*$/m.exec(f.text);
    if (m) return { value: m[1]!, from: `${f.path}:${lineOf(f.text, m.index + m[0].indexOf('namespace'))}` };
  }
  const tops = [...files.paths.filter(isKustomizationPath), ...files.charts.map((c) => join(c, 'values.yaml'))];
  for (const p of tops) {
    const text = files.read(p);
    const m = text && /^namespace:[ \t]*["']?([a-z0-9]([-a-z0-9]*[a-z0-9])?)["']?[ \t]*$/m.exec(text);
    if (m) return { value: m[1]!, from: `${p}:${lineOf(text, m.index)}` };
  }
  return null;
}

function languagesOf(dir: string, files: AppFiles): Fact<Language[]> {
  const found: Language[] = [];
  const from: string[] = [];
  const has = (p: string) => files.paths.includes(p) || existsSync(join(dir, p));
  const code = (t: string) => files.files.some((f) => f.type === t);
  if (has('tsconfig.json') || files.paths.some((p) => /\.(ts|tsx|mts|cts)$/.test(p) && !p.endsWith('.d.ts'))) {
    found.push('typescript');
    from.push(has('tsconfig.json') ? 'tsconfig.json' : '.ts files');
  }
  if (has('pyproject.toml') || has('requirements.txt') || has('setup.py') || code('python')) {
    found.push('python');
    from.push(['pyproject.toml', 'requirements.txt', 'setup.py'].find(has) ?? '.py files');
  }
  if (has('go.mod')) {
    found.push('go');
    from.push('go.mod');
  }
  return { value: LANGUAGES.filter((l) => found.includes(l)), from: from.join(', ') || 'no code found' };
}

/** Where config.py goes: beside the BaseSettings class, else the first top-level package. */
function pythonPackageOf(files: AppFiles): Fact<string> | null {
  const settings = files.files.find((f) => f.type === 'python' && /\bBaseSettings\b/.test(f.text));
  const valid = (d: string) => /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/.test(d);
  if (settings && dirname(settings.path) !== '.' && valid(dirname(settings.path))) return { value: dirname(settings.path), from: `${settings.path} (BaseSettings)` };
  const pkg = files.paths.find((p) => /^[A-Za-z_][A-Za-z0-9_]*\/__init__\.py$/.test(p) && !/^(tests?)\//.test(p));
  if (pkg) return { value: dirname(pkg), from: pkg };
  return null;
}

function layoutOf(files: AppFiles): string[] {
  const out: string[] = [];
  const compose = files.files.filter((f) => f.type === 'compose').map((f) => f.path);
  if (compose.length) out.push(`compose (${compose.join(', ')})`);
  const k8s = [...new Set(files.files.filter((f) => f.type === 'k8s').map((f) => dirname(f.path)))];
  if (k8s.length) out.push(`k8s manifests (${k8s.map((d) => `${d}/`).join(', ')})`);
  if (files.charts.length) out.push(`helm chart (${files.charts.map((c) => c || '.').join(', ')})`);
  const kustomize = files.paths.filter(isKustomizationPath);
  if (kustomize.length) out.push(`kustomize (${kustomize.map((p) => dirname(p)).join(', ')})`);
  return out;
}

function deployDirOf(files: AppFiles): Fact<'deploy' | 'k8s'> {
  const inDir = (d: string) => files.paths.some((p) => p.startsWith(`${d}/`));
  if (inDir('k8s') && !inDir('deploy')) return { value: 'k8s', from: 'k8s/ holds the manifests' };
  return { value: 'deploy', from: inDir('deploy') ? 'deploy/ exists' : 'default' };
}

function vaultUse(files: AppFiles): Pick<ProjectFacts, 'vaultClients' | 'dynamicUses'> {
  const vaultClients: ProjectFacts['vaultClients'] = [];
  const dynamicUses: ProjectFacts['dynamicUses'] = [];
  for (const f of files.files) {
    const client = VAULT_CLIENTS.find((c) => c.files.includes(f.type) && c.pattern.test(f.text));
    if (!client) continue;
    const m = client.pattern.exec(f.text)!;
    vaultClients.push({ file: f.path, line: lineOf(f.text, m.index + (m[0].length - m[0].trimStart().length)), what: `${client.client} client`, client: client.client });
  }
  // Dynamic engine calls anywhere in the files of a language that has a client.
  for (const f of files.files) {
    const client = vaultClients.find((c) => files.files.find((g) => g.path === c.file)?.type === f.type);
    if (!client) continue;
    const text = blankComments(f.text, f.type);
    for (const u of DYNAMIC_USES) {
      const m = u.pattern.exec(text);
      if (m) dynamicUses.push({ file: f.path, line: lineOf(text, m.index), what: u.what, engine: u.engine, client: client.client });
    }
  }
  return { vaultClients, dynamicUses };
}

/** The CI the repo already runs: its pipeline files first, else where the git remote lives. */
function ciOf(dir: string, files: AppFiles): ProjectFacts['ci'] {
  const has = (p: string) => files.paths.some((x) => x === p || x.startsWith(`${p}/`)) || existsSync(join(dir, p));
  if (has('.github/workflows')) return { value: 'github', from: '.github/workflows/' };
  if (has('.woodpecker.yml') || has('.woodpecker.yaml') || has('.woodpecker')) return { value: 'woodpecker', from: '.woodpecker' };
  if (has('.gitlab-ci.yml')) return { value: 'gitlab', from: '.gitlab-ci.yml' };
  const config = files.read('.git/config') ?? '';
  if (/url\s*=\s*\S*github\.com[:/]/.test(config)) return { value: 'github', from: 'git remote on github.com' };
  if (/url\s*=\s*\S*gitlab\./.test(config)) return { value: 'gitlab', from: 'git remote on GitLab' };
  return { value: 'none', from: 'no CI configuration found' };
}

export function projectFacts(dir: string, files: AppFiles): ProjectFacts {
  const mod = goModuleOf(files);
  const app = appName(dir, files);
  return {
    ci: ciOf(dir, files),
    app,
    deploy: deployLayoutOf(files, app.value, (c) => chartNameOf(files, c)),
    namespace: namespaceOf(dir, files),
    languages: languagesOf(dir, files),
    deployDir: deployDirOf(files),
    layout: layoutOf(files),
    pythonPackage: pythonPackageOf(files),
    goModule: mod ? { value: mod, from: 'go.mod' } : null,
    ...vaultUse(files),
  };
}
