// Which app does a file belong to, and is that app ESO or Direct-Vault? An app is a directory
// with `.mosaic-secrets.yaml` (what the generator writes) or a README "Secrets architecture"
// section; the mode comes from the answers in the former, else from the section's "Mode:" line.
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { AppInfo, Mode } from './types.js';
import { findSecretsSection, modeFromSection, README_NAMES } from './readme.js';
import { findGitRoot, MANIFEST, type WalkResult } from './walk.js';
import { readRegularFile, refusalText } from '../write/safeFile.js';

/** Far above any real manifest or README; refused before reading (a link to /dev/zero never is read). */
const MAX_PROJECT_FILE_BYTES = 4 * 1024 * 1024;

type Warn = (message: string) => void;

/** A regular file's text, or null (absent; a link, device or oversized file also warns). */
function readProjectFile(abs: string, cwd: string, warn: Warn): string | null {
  const r = readRegularFile(abs, { maxBytes: MAX_PROJECT_FILE_BYTES });
  if (r.ok) return r.data.toString('utf8');
  if (r.reason !== 'missing' && r.reason !== 'unreadable') warn(`${toPosix(relative(cwd, abs)) || abs}: ${refusalText(r, MAX_PROJECT_FILE_BYTES)}`);
  return null;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function readManifest(dir: string, cwd: string, warn: Warn): { answers: Record<string, unknown> | null; mode: Mode | null } {
  const text = readProjectFile(join(dir, MANIFEST), cwd, warn);
  if (text === null) return { answers: null, mode: null };
  try {
    const doc = parseYaml(text) as unknown;
    const answers = doc && typeof doc === 'object' ? (doc as { answers?: unknown }).answers : undefined;
    if (!answers || typeof answers !== 'object' || Array.isArray(answers)) return { answers: null, mode: null };
    const a = answers as Record<string, unknown>;
    // The answers schema defaults mode to eso.
    const mode = a['mode'] === 'direct-vault' ? 'direct-vault' : a['mode'] === undefined || a['mode'] === 'eso' ? 'eso' : null;
    return { answers: a, mode };
  } catch {
    return { answers: null, mode: null };
  }
}

function loadAppAt(dir: string, cwd: string, hasManifest: boolean, audit: AppInfo['audit'], warn: Warn): AppInfo {
  let readmePath: string | null = null;
  let readme: string | null = null;
  for (const name of README_NAMES) {
    readme = readProjectFile(join(dir, name), cwd, warn);
    if (readme !== null) {
      readmePath = toPosix(relative(cwd, join(dir, name)));
      break;
    }
  }
  const section = readme ? findSecretsSection(readme) : null;
  const manifest = hasManifest ? readManifest(dir, cwd, warn) : { answers: null, mode: null };
  const readmeMode = section ? modeFromSection(section.text) : null;
  const mode = manifest.mode ?? readmeMode;
  return {
    dir: toPosix(relative(cwd, dir)),
    abs: dir,
    mode,
    modeSource: manifest.mode ? '.mosaic-secrets.yaml' : readmeMode ? 'README' : null,
    answers: manifest.answers,
    readmePath,
    readme,
    section,
    // A README section alone does not make a repository an app (docs about the policy have one):
    // without `.mosaic-secrets.yaml` the checklist waits for deploy manifests ('if-k8s').
    audit,
  };
}

/**
 * Nearest ancestor (exclusive of `dir`, up to and including the git root) holding
 * `.mosaic-secrets.yaml`. `dir` being the git root itself has none: nothing above a repository is its app.
 */
export function manifestAbove(dir: string): string | null {
  const stop = findGitRoot(dir);
  for (let d = dir; d !== stop && dirname(d) !== d; ) {
    d = dirname(d);
    if (existsSync(join(d, MANIFEST))) return d;
  }
  return null;
}

export interface Apps {
  list: AppInfo[];
  /** The deepest app whose directory holds `abs`. */
  appFor(abs: string): AppInfo | null;
}

export function discoverApps(w: WalkResult, cwd: string): Apps {
  const warn: Warn = (m) => w.warnings.push(m);
  const loadApp = (dir: string, cwd: string, hasManifest: boolean, audit: AppInfo['audit']) => loadAppAt(dir, cwd, hasManifest, audit, warn);
  const byDir = new Map<string, AppInfo>();
  for (const dir of w.manifestDirs) if (!byDir.has(dir)) byDir.set(dir, loadApp(dir, cwd, true, 'full'));
  const addAbove = (from: string) => {
    const above = manifestAbove(from);
    if (above && !byDir.has(above)) byDir.set(above, loadApp(above, cwd, true, 'none'));
    return above;
  };
  for (const root of w.rootDirs) {
    if (byDir.has(root)) continue;
    if (addAbove(join(root, 'x'))) continue;
    byDir.set(root, loadApp(root, cwd, false, 'if-k8s'));
  }
  const explicitDirs = new Set(w.files.filter((f) => f.explicit).map((f) => dirname(f.abs)));
  for (const dir of explicitDirs) {
    if (addAbove(join(dir, 'x'))) continue;
    // No manifest: a README at the repository root may still declare the mode.
    const top = findGitRoot(dir) ?? cwd;
    if (!byDir.has(top)) {
      const app = loadApp(top, cwd, false, 'none');
      if (app.mode) byDir.set(top, app);
    }
  }
  const list = [...byDir.values()].sort((a, b) => b.abs.length - a.abs.length);
  return {
    list,
    appFor(abs: string) {
      for (const app of list) if (abs === app.abs || abs.startsWith(app.abs + sep)) return app;
      return null;
    },
  };
}
