// `check --fix`: the safe rewrites, their idempotence, the refusals on hostile input, and SARIF
// `fixes[]` against the SARIF 2.1.0 schema.
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { applyFixes, planFixes } from '../../src/check/fix/index.js';
import { runCli, snapshotTree, tempDir } from '../helpers/cli.js';
import { git } from './fixture.js';

function repo(files: Record<string, string>, commit = true): string {
  const dir = tempDir('mosaic-fix-');
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  git(dir, 'init', '-q');
  if (commit) {
    git(dir, 'add', '-A');
    git(dir, 'add', '-f', '--', ...Object.keys(files).filter((p) => /(^|\/)\.env$/.test(p)));
    git(dir, 'commit', '-q', '-m', 'init');
  }
  return dir;
}

// An app's recorded answers: what the fixers know (which names are secrets, why a default is safe).
const MANIFEST = `generator: create-mosaic-secrets
version: 0.1.0
answers:
  app: shop
  namespace: shop
  secrets:
    - env: DB_PASSWORD
    - env: REDIS_URL
  config:
    - env: PORT
      default: "8080"
      reason: a listen port, not a secret; default from src/config.ts:5
files: {}
`;

const COMPOSE = `services:
  api:
    build: .
    environment:
      DB_PASSWORD: \${DB_PASSWORD:-changeme}
      REDIS_URL: "\${REDIS_URL:-redis://localhost:6379}"
      PORT: \${PORT:-8080}
      LOG_DIR: \${LOG_DIR:-/var/log} # where logs go
      API_TOKEN: \${API_TOKEN-}
`;

const HELM = {
  'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
  'charts/shop/values.yaml': 'db:\n  password: ""\n',
  'charts/shop/templates/secret.yaml':
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop\nstringData:\n  password: {{ .Values.db.password | default "changeme" | quote }}\n  token: {{ default "dev" .Values.apiToken | quote }}\n',
};

describe('check --fix', () => {
  it('rewrites each finding kind with its one safe rewrite, prints the diff, and a second run changes nothing', async () => {
    const dir = repo({ '.mosaic-secrets.yaml': MANIFEST, 'docker-compose.yml': COMPOSE, 'deploy/.env': 'DB_PASSWORD=hunter2-local\n', '.gitignore': 'node_modules/', ...HELM });
    const r = await runCli(['check', '--fix', '--no-checklist'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('--- a/docker-compose.yml');
    expect(r.stdout).not.toContain('hunter2-local');
    const compose = readFileSync(join(dir, 'docker-compose.yml'), 'utf8');
    expect(compose).toContain('DB_PASSWORD: ${DB_PASSWORD:?DB_PASSWORD is required}');
    expect(compose).toContain('REDIS_URL: "${REDIS_URL:?REDIS_URL is required}"');
    expect(compose).toContain('PORT: ${PORT:-8080}  # safe-default: a listen port, not a secret; default from src/config.ts:5');
    expect(compose).toContain('API_TOKEN: ${API_TOKEN:?API_TOKEN is required}');
    // LOG_DIR: not a secret, and the answers give no reason: left for the user, said so.
    expect(compose).toContain('LOG_DIR: ${LOG_DIR:-/var/log} # where logs go');
    expect(r.stdout).toMatch(/not fixed: docker-compose\.yml:8 fallback-default: LOG_DIR is not a secret, but no reason/);
    const helm = readFileSync(join(dir, 'charts/shop/templates/secret.yaml'), 'utf8');
    expect(helm).toContain('password: {{ required "db.password is required" .Values.db.password | quote }}');
    expect(helm).toContain('token: {{ required "apiToken is required" .Values.apiToken | quote }}');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n/deploy/.env\n');
    expect(git(dir, 'ls-files', 'deploy/.env')).toBe('');
    expect(readFileSync(join(dir, 'deploy/.env'), 'utf8')).toBe('DB_PASSWORD=hunter2-local\n'); // kept for local use

    const after = await check([], { cwd: dir, checklist: false });
    expect(after.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual(['docker-compose.yml:8 fallback-default']);

    const tree = snapshotTree(dir);
    const mtimes = Object.keys(tree).filter((p) => !p.startsWith('.git/')).map((p) => statSync(join(dir, p)).mtimeMs);
    const again = await runCli(['check', '--fix', '--no-checklist'], { cwd: dir });
    expect(again.stdout).toMatch(/--fix: 0 fixes applied/);
    expect(snapshotTree(dir)).toEqual(tree);
    expect(Object.keys(tree).filter((p) => !p.startsWith('.git/')).map((p) => statSync(join(dir, p)).mtimeMs)).toEqual(mtimes);
  });

  it('--dry-run shows the diff and writes nothing', async () => {
    const dir = repo({ '.mosaic-secrets.yaml': MANIFEST, 'docker-compose.yml': COMPOSE, 'deploy/.env': 'X=1\n' });
    const before = snapshotTree(dir);
    const r = await runCli(['check', '--fix', '--dry-run', '--no-checklist'], { cwd: dir });
    expect(r.stdout).toContain('+      DB_PASSWORD: ${DB_PASSWORD:?DB_PASSWORD is required}');
    expect(r.stdout).toContain('would run: git rm --cached -- deploy/.env');
    expect(r.stdout).toMatch(/nothing written/);
    expect(snapshotTree(dir)).toEqual(before);
    expect(git(dir, 'ls-files', 'deploy/.env').trim()).toBe('deploy/.env');
  });

  it('never rewrites a file changed since the scan, a symbolic link, or an expansion it cannot prove', async () => {
    const dir = repo({
      '.mosaic-secrets.yaml': MANIFEST,
      'docker-compose.yml': COMPOSE,
      'real/compose.yml': 'services:\n  w:\n    build: .\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:-x}\n',
      // Nested: the inner default is part of the outer word; CRLF endings; a tab-indented env file.
      'deploy/nested.yml': 'services:\n  w:\n    build: .\n    environment:\n      A_TOKEN: ${A_TOKEN:-${B_TOKEN:-x}}\r\n',
    });
    symlinkSync(join(dir, 'real/compose.yml'), join(dir, 'linked-compose.yml'));
    const scanned = await check(['docker-compose.yml', 'linked-compose.yml', 'deploy/nested.yml'], { cwd: dir, checklist: false });
    expect(scanned.findings.some((f) => f.path === 'linked-compose.yml')).toBe(true);
    // The user edits the compose file after the scan: its findings no longer match the text.
    writeFileSync(join(dir, 'docker-compose.yml'), COMPOSE.replace('changeme', 'changed-by-user'));
    const plan = planFixes(scanned.findings, dir);
    expect(plan.patches.map((p) => p.path)).toEqual(['deploy/nested.yml']);
    // Every finding of the edited file is left alone, not just the edited line's.
    expect(plan.skipped.filter((s) => s.finding.path === 'docker-compose.yml').map((s) => s.why)).toEqual(Array(5).fill('changed since the scan'));
    expect(plan.skipped.filter((s) => s.finding.path === 'linked-compose.yml').map((s) => s.why)).toEqual(['not a regular file that can be read']);
    // The outer secret gets the required form (which drops the inner default); CRLF is kept.
    expect(plan.patches[0]!.after).toContain('A_TOKEN: ${A_TOKEN:?A_TOKEN is required}\r\n');
    // A file the user saves between the plan and the write: the writer refuses, nothing is written.
    writeFileSync(join(dir, 'deploy/nested.yml'), 'services: {}\n');
    await expect(applyFixes(plan, dir, { stdout: { write: () => true }, color: false }, false)).rejects.toThrow(/changed on disk/);
    expect(readFileSync(join(dir, 'deploy/nested.yml'), 'utf8')).toBe('services: {}\n');
  });

  it('SARIF carries the fixes (fixes[] with artifactChanges) and validates against the 2.1.0 schema', async () => {
    const dir = repo({ '.mosaic-secrets.yaml': MANIFEST, 'docker-compose.yml': COMPOSE, 'deploy/.env': 'X=1\n', ...HELM });
    const r = await runCli(['check', '--format', 'sarif', '--no-checklist'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Record<string, number>; insertedContent: { text: string } }[] }[] }[] }[] }[] };
    const withFixes = log.runs[0]!.results.filter((x) => x.fixes);
    expect(withFixes.length).toBe(7); // 4 compose rewrites (LOG_DIR has none), 2 Helm, 1 .gitignore
    const db = withFixes.find((x) => x.fixes![0]!.artifactChanges[0]!.artifactLocation.uri === 'docker-compose.yml')!.fixes![0]!;
    expect(db.artifactChanges[0]!.artifactLocation.uri).toBe('docker-compose.yml');
    expect(db.artifactChanges[0]!.replacements[0]).toEqual({ deletedRegion: { startLine: 5, startColumn: 20, endLine: 5, endColumn: 44 }, insertedContent: { text: '${DB_PASSWORD:?DB_PASSWORD is required}' } });
    const schema = JSON.parse(readFileSync(new URL('../check/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const { $schema: _draft, id, ...rest } = schema;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile({ $id: id as string, ...rest });
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    // The report changed nothing on disk.
    expect(readFileSync(join(dir, 'docker-compose.yml'), 'utf8')).toBe(COMPOSE);
  });
});
