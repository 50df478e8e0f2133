import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECK_HELP, check } from '../../src/check/index.js';
import { makeTree, run } from './helpers/io.js';

const cleanups: Array<() => void> = [];
function tree(files: Record<string, string>): string {
  const t = makeTree(files);
  cleanups.push(t.cleanup);
  return t.root;
}
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const SECRET = 'hunter2hunter2';
const LEAKY = { 'src/db.py': `password = "${SECRET}"\n`, 'docker-compose.yml': 'services:\n  app:\n    environment:\n      - PORT=${PORT:-3000}\n' };

describe('checkCommand exit codes', () => {
  it('exits 0 with a success line on a clean tree', async () => {
    const r = await run([], tree({ 'src/app.ts': 'export const x = 1;\n' }));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/no findings \(1 file scanned\)/);
  });

  it('exits 1 with findings, listing them with file:line:col', async () => {
    const r = await run(['.'], tree(LEAKY));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('docker-compose.yml:4:14: error fallback-default');
    expect(r.stdout).toContain('src/db.py:1:1: error hardcoded-secret');
    expect(r.stdout).toMatch(/2 findings \(2 errors; 2 files scanned\)/);
  });

  it.each([
    [['--bogus'], /unknown option --bogus/],
    [['--format', 'xml'], /--format: must be one of text, json, sarif, github/],
    [['--format'], /--format: needs a value/],
    [['--rule', 'nope'], /--rule: unknown rule "nope"/],
    [['--fail-on', 'info'], /--fail-on: must be error or warning/],
    [['--max-file-size=abc'], /--max-file-size: must be a positive whole number/],
    [['--max-findings=0'], /--max-findings: must be a positive whole number/],
    [['missing-dir'], /missing-dir: no such file or directory/],
    [['--baseline', 'nope.json'], /nope\.json: cannot read the baseline file/],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const r = await run(argv, tree(LEAKY));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('prints help listing every rule and exits 0', async () => {
    const r = await run(['--help'], tree({}));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(CHECK_HELP);
    for (const id of ['fallback-default', 'vault-client-in-eso-app', 'hardcoded-secret', 'committed-env-file', 'checklist-readme-section']) expect(r.stdout).toContain(id);
  });

  it('parses argv the same way on every call (mri must not keep state between calls)', async () => {
    const root = tree(LEAKY);
    for (let i = 0; i < 40; i++) expect((await run(['-f', 'json', '--rule', 'fallback-default', '--no-checklist'], root)).code).toBe(1);
  });

  it('--fail-on error lets warnings pass', async () => {
    const files = {
      'deploy/external-secret.yaml': 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: a\nspec:\n  data: []\n',
    };
    const root = tree(files);
    const all = await run(['--no-checklist', '--rule', 'checklist-eso-api-version'], root);
    expect(all.code).toBe(0); // --no-checklist wins over --rule
    const warn = await run(['--rule', 'checklist-eso-api-version'], root);
    expect(warn.code).toBe(1);
    expect(warn.stdout).toContain('warning checklist-eso-api-version');
    expect((await run(['--rule', 'checklist-eso-api-version', '--fail-on', 'error'], root)).code).toBe(0);
  });
});

describe('checkCommand options', () => {
  it('--rule and --disable choose the rules (repeatable and comma-separated)', async () => {
    const root = tree(LEAKY);
    const only = JSON.parse((await run(['--format', 'json', '--rule', 'hardcoded-secret'], root)).stdout);
    expect(only.findings.map((f: { rule: string }) => f.rule)).toEqual(['hardcoded-secret']);
    const none = await run(['--disable', 'hardcoded-secret,fallback-default'], root);
    expect(none.code).toBe(0);
    const both = JSON.parse((await run(['-f', 'json', '--rule', 'hardcoded-secret', '--rule', 'fallback-default'], root)).stdout);
    expect(both.findings).toHaveLength(2);
  });

  it('--exclude skips matching paths', async () => {
    const r = await run(['--exclude', 'src/'], tree(LEAKY));
    expect(r.stdout).not.toContain('src/db.py');
    expect(r.stdout).toContain('docker-compose.yml');
  });

  it('--output writes the report to a file and keeps stdout empty', async () => {
    const root = tree(LEAKY);
    const r = await run(['--format', 'sarif', '--output', 'reports/check.sarif'], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(join(root, 'reports', 'check.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(2);
  });

  it('colours text only for a terminal, and never with NO_COLOR', async () => {
    const root = tree(LEAKY);
    // eslint-disable-next-line no-control-regex
    const ansi = /\u001b\[/;
    expect((await run([], root, { tty: true })).stdout).toMatch(ansi);
    expect((await run([], root, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ansi);
    expect((await run(['--no-color'], root, { tty: true })).stdout).not.toMatch(ansi);
    expect((await run([], root)).stdout).not.toMatch(ansi);
  });

  it('never prints a secret value, in any format', async () => {
    const root = tree({ ...LEAKY, 'config/app.yaml': `db:\n  password: ${SECRET}\n  token: "${SECRET}x"\n`, 'deploy/compose.yml': `services:\n  a:\n    environment:\n      - DB_PASSWORD=\${DB_PASSWORD:-${SECRET}}\n` });
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = await run(['--format', format], root);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain(SECRET);
    }
  });
});

describe('baseline', () => {
  it('accepts recorded findings across line moves and reports new copies and new values', async () => {
    const root = tree(LEAKY);
    const upd = await run(['--update-baseline'], root);
    expect(upd.code).toBe(0);
    expect(upd.stdout).toMatch(/wrote 2 findings to .*\.mosaic-secrets-baseline\.json/);
    const baseline = readFileSync(join(root, '.mosaic-secrets-baseline.json'), 'utf8');
    expect(baseline).not.toContain(SECRET);
    expect(JSON.parse(baseline).findings).toHaveLength(2);

    // The default baseline file is picked up; moving lines keeps the findings accepted.
    writeFileSync(join(root, 'src/db.py'), `import os\n\n\n    \npassword = "${SECRET}"\n`);
    const moved = await run([], root);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/2 in baseline/);

    // A second copy of the same accepted secret is new; so is a changed value.
    writeFileSync(join(root, 'src/db.py'), `password = "${SECRET}"\nother_password = "${SECRET}"\npassword = "${SECRET}!"\n`);
    const r = JSON.parse((await run(['-f', 'json'], root)).stdout);
    expect(r.findings.map((f: { line: number }) => f.line)).toEqual([2, 3]);
    expect(r.summary.baselined).toBe(2);

    // --no-baseline reports everything.
    const all = JSON.parse((await run(['-f', 'json', '--no-baseline'], root)).stdout);
    expect(all.findings).toHaveLength(4);
  });

  it('is keyed on the path: the same secret in another file is new', async () => {
    const root = tree(LEAKY);
    await run(['--update-baseline', '--baseline', 'ci/accepted.json'], root);
    expect(existsSync(join(root, 'ci/accepted.json'))).toBe(true);
    writeFileSync(join(root, 'src/other.py'), `password = "${SECRET}"\n`);
    const r = await check(['.'], { cwd: root, baseline: 'ci/accepted.json' });
    expect(r.findings.map((f) => f.path)).toEqual(['src/other.py']);
    expect(r.baselined).toBe(2);
  });

  it('rejects a malformed baseline with exit 2', async () => {
    const root = tree({ ...LEAKY, '.mosaic-secrets-baseline.json': '{"findings": [{"rule": 1}]}' });
    const r = await run([], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/findings\[0\] needs string fields rule, path and hash/);
  });
});

describe('suppression', () => {
  it('honours mosaic-secrets:allow with a reason on the line or the comment line above', async () => {
    const root = tree({
      'a.py': `password = "${SECRET}"  # mosaic-secrets:allow hardcoded-secret throwaway CI database\n`,
      'b.py': `# mosaic-secrets:allow hardcoded-secret,fallback-default seeded test account\npassword = "${SECRET}"\n`,
      'c.py': `# mosaic-secrets:allow fallback-default wrong rule named\npassword = "${SECRET}"\n`,
      'd.py': `password = "${SECRET}"  # mosaic-secrets:allow hardcoded-secret\n`,
    });
    const r = await check(['.'], { cwd: root });
    expect(r.findings.map((f) => f.path)).toEqual(['c.py', 'd.py']);
    expect(r.findings[1]!.message).toMatch(/gives no reason/);
    expect(r.suppressed).toBe(2);
  });
});
