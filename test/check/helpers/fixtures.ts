// Fixture cases live in test/check/fixtures/<group>/<case>/. Dotfiles are stored with a `dot_`
// prefix (`dot_env` → `.env`, `dot_github/` → `.github/`) so the repo's own .gitignore and tools
// never treat them as real; each case is copied to a fresh temp dir before it is checked, so no
// ignore file or manifest of this repository leaks into it. Credential-shaped strings are stored
// as `%%NAME%%` markers and assembled here, so this repository never commits anything a secret
// scanner or push protection would (rightly) stop.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

export interface ExpectedFinding {
  rule: string;
  path: string;
  line: number;
  column: number;
}

export interface Group {
  name: string;
  /** Rules the group's cases run (all when absent). */
  rules?: string[];
  cases: Record<string, ExpectedFinding[]>;
}

export function readGroup(name: string): Group {
  const data = JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as Omit<Group, 'name'>;
  return { name, ...data };
}

export function caseDirs(group: string): string[] {
  return readdirSync(join(FIXTURES, group)).filter((n) => statSync(join(FIXTURES, group, n)).isDirectory()).sort();
}

/** Fake credentials in real formats (random bodies, never issued), split so no file holds one whole. */
export const TOKENS: Record<string, string> = {
  AWS_KEY_ID: 'AKIA' + 'ZDOCIS2JHTLGMXGE',
  GITHUB_TOKEN: 'ghp_' + 'u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d',
  SLACK_TOKEN: 'xoxb-' + '2048937152-8Hk3pLmZq9aW',
  PEM_BEGIN: '-----BEGIN RSA ' + 'PRIVATE KEY-----',
  PEM_END: '-----END RSA ' + 'PRIVATE KEY-----',
};

function fill(text: string): string {
  return text.replace(/%%([A-Z_]+)%%/g, (m, name: string) => TOKENS[name] ?? m);
}

function copyRenamed(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const name = e.name.startsWith('dot_') ? `.${e.name.slice(4)}` : e.name;
    if (e.isDirectory()) copyRenamed(join(from, e.name), join(to, name));
    else writeFileSync(join(to, name), fill(readFileSync(join(from, e.name), 'utf8')));
  }
}

/** Copies fixture `<group>/<case>` into a new temp dir; returns it and a cleanup function. */
export function materialize(group: string, name: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `mosaic-check-${name}-`));
  copyRenamed(join(FIXTURES, group, name), dir);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
