// File-name based decisions, made once per file before reading it: skip or scan, which kind,
// which context. Everything here is a table lookup so the walk stays cheap.
import { isKustomizationFile } from '../kustomizationFiles.js';
import type { FileContext, FileKind } from './types.js';

/** Directories never worth scanning: VCS data, installed dependencies, vendored code, caches. */
export const SKIP_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  'third_party',
  'third-party',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.terraform',
  '.gradle',
  '.yarn',
  '.pnpm-store',
]);

/** Lockfiles: machine-written, huge, full of integrity hashes that look like secrets. */
const LOCKFILES: ReadonlySet<string> = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'bun.lock',
  'deno.lock',
  'composer.lock',
  'Gemfile.lock',
  'Cargo.lock',
  'Pipfile.lock',
  'poetry.lock',
  'pdm.lock',
  'uv.lock',
  // Our own run lock (pid, host, command): check --fix holds one while it scans.
  '.mosaic-secrets.lock',
  'go.sum',
  'go.work.sum',
  'flake.lock',
  'mix.lock',
  'pubspec.lock',
  'Podfile.lock',
  'packages.lock.json',
  'gradle.lockfile',
  'conan.lock',
  '.terraform.lock.hcl',
]);

/** Extensions of files that are binary or generated-unreadable; skipped without reading. */
const BINARY_EXT: ReadonlySet<string> = new Set(
  (
    'png jpg jpeg gif bmp ico icns webp avif tif tiff psd svgz heic ' +
    'pdf doc docx xls xlsx ppt pptx odt ods odp ' +
    'zip gz tgz bz2 xz zst 7z rar tar jar war ear whl egg apk ipa deb rpm dmg iso img ' +
    'exe dll so dylib a o obj lib class pyc pyo pyd wasm node bin dat db sqlite sqlite3 ' +
    'woff woff2 ttf otf eot ' +
    'mp3 mp4 m4a wav ogg flac avi mov mkv webm ' +
    'map'
  ).split(' '),
);

/** Should this file be read at all? (Binary content is also detected after reading.) */
export function skipByName(name: string): boolean {
  if (LOCKFILES.has(name)) return true;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return false;
  const ext = name.slice(dot + 1).toLowerCase();
  if (BINARY_EXT.has(ext)) return true;
  // Minified bundles: one line, no structure, no human-written secrets.
  if ((ext === 'js' || ext === 'css' || ext === 'mjs' || ext === 'cjs') && /[.-]min\.[a-z]+$/.test(name)) return true;
  return false;
}

const KIND_BY_EXT: Record<string, FileKind> = {
  yml: 'yaml',
  yaml: 'yaml',
  env: 'env',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ksh: 'shell',
  dockerfile: 'dockerfile',
  js: 'js',
  jsx: 'js',
  mjs: 'js',
  cjs: 'js',
  ts: 'js',
  tsx: 'js',
  mts: 'js',
  cts: 'js',
  vue: 'js',
  svelte: 'js',
  py: 'python',
  pyi: 'python',
  go: 'go',
  java: 'code',
  kt: 'code',
  kts: 'code',
  scala: 'code',
  groovy: 'code',
  gradle: 'code',
  rb: 'code',
  php: 'code',
  cs: 'code',
  fs: 'code',
  rs: 'code',
  swift: 'code',
  c: 'code',
  h: 'code',
  cc: 'code',
  cpp: 'code',
  hpp: 'code',
  m: 'code',
  dart: 'code',
  ex: 'code',
  exs: 'code',
  erl: 'code',
  lua: 'code',
  pl: 'code',
  r: 'code',
  ps1: 'code',
  json: 'json',
  jsonc: 'json',
  json5: 'json',
  tf: 'hcl',
  tfvars: 'hcl',
  hcl: 'hcl',
  nomad: 'hcl',
  toml: 'toml',
  ini: 'ini',
  cfg: 'ini',
  conf: 'ini',
  properties: 'ini',
  md: 'doc',
  markdown: 'doc',
  mdx: 'doc',
  rst: 'doc',
  adoc: 'doc',
  txt: 'doc',
};

/** `.env`, `.env.local`, `.env.production`, `prod.env`, `.env.example` … */
export function isEnvFileName(name: string): boolean {
  return name === '.env' || name.startsWith('.env.') || (name.endsWith('.env') && name.length > 4);
}

/** Env files that are templates by name (`.env.example`, `.env.sample` …), never real values. */
export function isEnvTemplateName(name: string): boolean {
  return /(^|[.-])(example|sample|template|dist|defaults?|schema|tpl|in)$/i.test(name) || /\.(example|sample|template|dist|tpl)\./i.test(name);
}

/** Source templates (`env.ts.hbs`, `values.yaml.tmpl`): classified by the file they render to. */
const TEMPLATE_SUFFIX = /\.(hbs|handlebars|mustache|tmpl|tpl|gotmpl|j2|jinja2?|erb|ejs|liquid|template)$/i;

export function isTemplateName(name: string): boolean {
  return TEMPLATE_SUFFIX.test(name) && name.replace(TEMPLATE_SUFFIX, '').includes('.');
}

export function kindOf(name: string): FileKind {
  if (isTemplateName(name)) name = name.replace(TEMPLATE_SUFFIX, '');
  if (isEnvFileName(name)) return 'env';
  if (name === 'Dockerfile' || name === 'Containerfile' || name.startsWith('Dockerfile.') || name.startsWith('Containerfile.')) return 'dockerfile';
  if (name === '.envrc' || name === '.profile' || name === '.bashrc' || name === '.zshrc') return 'shell';
  // Kustomize's extensionless kustomization name is YAML like its kustomization.yaml / .yml.
  if (isKustomizationFile(name)) return 'yaml';
  const dot = name.lastIndexOf('.');
  if (dot === -1) return 'text';
  return KIND_BY_EXT[name.slice(dot + 1).toLowerCase()] ?? 'text';
}

/** Path segments of places a deploy process or CI pipeline reads directly (rules 1 and 4). */
export const DEPLOY_SEGMENTS: ReadonlySet<string> = new Set([
  'deploy',
  'deploys',
  'deployment',
  'deployments',
  'k8s',
  'kubernetes',
  'kube',
  'docker',
  'helm',
  'chart',
  'charts',
  'manifests',
  'kustomize',
  'overlays',
  'infra',
  'infrastructure',
  'ops',
  'production',
  'prod',
  'staging',
  'argocd',
  'flux',
  'ci',
  '.github',
  '.gitlab',
  '.circleci',
  '.buildkite',
]);

const TEST_SEGMENTS: ReadonlySet<string> = new Set(['test', 'tests', '__tests__', 'spec', 'specs', 'testdata', 'fixtures', '__fixtures__', '__mocks__', 'mocks', 'e2e']);
const EXAMPLE_SEGMENTS: ReadonlySet<string> = new Set(['example', 'examples', 'sample', 'samples', 'demo', 'demos', 'docs', 'doc']);

/** Splits a POSIX relative path into its directory segments (not the file name). */
export function dirSegments(path: string): string[] {
  const parts = path.split('/');
  parts.pop();
  return parts;
}

/** What a file's directory says, asked once per directory (a walk hands over its files directory by directory). */
interface DirFacts {
  deploy: boolean;
  /** The first test or example segment, if any. */
  context: 'test' | 'example' | null;
}
const dirFactsCache = new Map<string, DirFacts>();

function dirFacts(path: string): DirFacts {
  const slash = path.lastIndexOf('/');
  const dir = slash === -1 ? '' : path.slice(0, slash);
  let f = dirFactsCache.get(dir);
  if (!f) {
    f = { deploy: false, context: null };
    for (const seg of dirSegments(path)) {
      if (DEPLOY_SEGMENTS.has(seg)) f.deploy = true;
      if (f.context === null) f.context = TEST_SEGMENTS.has(seg) ? 'test' : EXAMPLE_SEGMENTS.has(seg) ? 'example' : null;
    }
    if (dirFactsCache.size > 50_000) dirFactsCache.clear();
    dirFactsCache.set(dir, f);
  }
  return f;
}

export function isDeployPath(path: string, name: string): boolean {
  if (name === '.gitlab-ci.yml' || name === 'docker-compose.yml' || name === 'docker-compose.yaml' || name === 'compose.yml' || name === 'compose.yaml') return true;
  return dirFacts(path).deploy;
}

export function contextOf(path: string, name: string, kind: FileKind): FileContext {
  if (kind === 'doc') return 'doc';
  // Templates hold holes and sample values, not deployed values.
  if (isTemplateName(name)) return 'example';
  if (/(^|[._-])(test|spec)s?[._-]|[._-](test|spec)s?\.[a-z]+$|_test\.go$/i.test(name)) return 'test';
  if (kind === 'env' ? isEnvTemplateName(name) : /[.-](example|sample|template|tpl|dist)(\.|$)/i.test(name)) return 'example';
  return dirFacts(path).context ?? 'source';
}

/**
 * Bundled or minified code by content, whatever its name: most of its bytes sit on very long
 * lines (a vendored editor build, a webpack chunk). Human-written files have short lines.
 */
export function isBundle(text: string): boolean {
  if (text.length < 4096) return false;
  let long = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end - start > 1000) long += end - start;
    start = end + 1;
  }
  return long * 2 > text.length;
}

const TRANSLATION_DIRS: ReadonlySet<string> = new Set(['i18n', 'l10n', 'locale', 'locales', 'lang', 'langs', 'languages', 'translations', 'translation']);

/** Translation catalogues: `locales/fr.json`, `resources/lang/fr/auth.php`, `messages.de.yml`, `*.po`. */
const TRANSLATION_HINT = /i18n|l10n|locale|lang|translation|messages|strings|\.(po|pot|xliff|xlf|arb|resx)$/i;

export function isTranslationPath(path: string): boolean {
  if (!TRANSLATION_HINT.test(path)) return false;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/\.(po|pot|xliff|xlf|arb|resx)$/i.test(name)) return true;
  if (/^(messages|strings|translations?)[._-][a-z]{2}([_-][A-Za-z]{2})?\.(json|ya?ml|properties)$/i.test(name)) return true;
  for (const seg of dirSegments(path)) if (TRANSLATION_DIRS.has(seg.toLowerCase())) return true;
  return false;
}
