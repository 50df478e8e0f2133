// Which files of an existing app adopt reads, and as what: the same .gitignore-aware walk as
// `check`, then one decision per file (code language, compose, k8s manifest, Helm template,
// .env.example, real .env). Tests, examples and vendored code are not the app's configuration.
import { dirname } from 'node:path';
import { contextOf, isEnvFileName, isEnvTemplateName, kindOf } from '../check/classify.js';
import { readRepoText, type Warn } from '../check/fix/read.js';
import { walk } from '../check/walk.js';
import type { FileType } from './detectors.js';
import type { SourceFile } from './engine.js';

const COMPOSE = /^(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$/;
const MAX_BYTES = 1_000_000;

export interface AppFiles {
  files: SourceFile[];
  /** Every POSIX path the walk saw (for layout and language facts). */
  paths: string[];
  /** Helm chart directories (holding Chart.yaml). */
  charts: string[];
  /** Files not read (a link, a device, too large, outside the repo), one line each. */
  warnings: string[];
  /** Reads one more file of the app through the same bounded reader, warnings to the same list. */
  read(path: string): string | null;
}

/** Is `path` inside a Helm chart's templates/ (a Chart.yaml above it)? */
function chartOf(path: string, charts: readonly string[]): string | null {
  for (const c of charts) if (path.startsWith(c ? `${c}/templates/` : 'templates/')) return c;
  return null;
}

export function fileType(path: string, name: string, text: string, charts: readonly string[]): FileType | null {
  if (isEnvFileName(name)) return isEnvTemplateName(name) ? 'env-example' : 'env-file';
  const kind = kindOf(name);
  const context = contextOf(path, name, kind);
  if (kind === 'js' || kind === 'python' || kind === 'go') return context === 'source' ? kind : null;
  if (kind !== 'yaml' && !name.endsWith('.tpl')) return null;
  if (COMPOSE.test(name)) return 'compose';
  if (chartOf(path, charts) !== null) return 'helm';
  if (context !== 'source') return null;
  if (/^\s*kind:\s*\w+/m.test(text) && /\bcontainers:/.test(text)) return 'k8s';
  return null;
}

export function appFiles(dir: string): AppFiles {
  const { files: entries } = walk([dir], { cwd: dir, trackedEnv: true });
  const paths = entries.map((e) => e.path);
  const charts = paths.filter((p) => p === 'Chart.yaml' || p.endsWith('/Chart.yaml')).map((p) => (p === 'Chart.yaml' ? '' : dirname(p)));
  const files: SourceFile[] = [];
  const warnings: string[] = [];
  const warn: Warn = (m) => {
    if (!warnings.includes(m)) warnings.push(m);
  };
  const read = (path: string) => readRepoText(dir, path, warn, MAX_BYTES);
  for (const e of entries) {
    const kind = kindOf(e.name);
    if (kind !== 'js' && kind !== 'python' && kind !== 'go' && kind !== 'yaml' && kind !== 'env' && !e.name.endsWith('.tpl')) continue;
    const text = read(e.path);
    if (text === null || text.includes('\0')) continue;
    const type = fileType(e.path, e.name, text, charts);
    if (type) files.push({ path: e.path, type, text });
  }
  // A real .env that .gitignore covers is still the app's (local dev reads it): names only.
  for (const name of ['.env', 'deploy/.env']) {
    if (paths.includes(name)) continue;
    const text = read(name);
    if (text !== null) files.push({ path: name, type: 'env-file', text });
  }
  return { files, paths, charts, warnings, read };
}
