// Case 7 (and 5): what reaches a terminal or a generated comment. Escape sequences in file names and
// contents must not reach check's text output raw; bidi controls (Trojan Source) and `..` module
// segments are refused in answers, exit 2 naming the field; an app name that would own another
// app's bootstrap path is refused.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { buildModel } from '../../src/model.js';
import { printable } from '../../src/ui/printable.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeTree, run } from './helpers/io.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('check text output never carries raw control or bidi characters', () => {
  it('escapes them in file names, messages and source lines, caret still under the match', async () => {
    const name = 'src/\x1b]0;pwned\x07\u202eyp.py';
    const t = makeTree({ [name]: 'password = "\x1b[2Jhunter2hunter2"  # \u2066 hidden \u2069 \x9b31m\n' });
    cleanups.push(t.cleanup);
    const r = await run(['--no-checklist'], t.root);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(RAW);
    expect(r.stdout).toContain('src/\\x1b]0;pwned\\x07\\u202eyp.py:1:1: error hardcoded-secret');
    const [, source, caret] = r.stdout.split('\n');
    expect(source).toContain('\\u2066 hidden \\u2069 \\x9b31m');
    // The caret line starts under the match (column 1 of the source text after the gutter).
    expect(caret!.indexOf('^')).toBe(source!.indexOf('password'));
  });

  it('escapes them in warnings (a file name quoted on stderr) and in the github annotations', async () => {
    const t = makeTree({ 'ok.py': 'x = 1\n' });
    cleanups.push(t.cleanup);
    const { symlinkSync } = await import('node:fs');
    symlinkSync('/dev/zero', join(t.root, '.gitignore'));
    mkdirSync(join(t.root, '.git'));
    const r = await run([], t.root);
    expect(r.stderr).toMatch(/\.gitignore: is a symbolic link; not followed/);
    writeFileSync(join(t.root, 'e\x1b[31m.py'), 'password = "hunter2hunter2"\n');
    const g = await run(['-f', 'github', '--no-checklist'], t.root);
    expect(g.stdout + g.stderr).not.toMatch(RAW);
  });

  it('printable() shows every C0, C1, DEL and bidi control as an escape and leaves text alone', () => {
    expect(printable('a\x1b[31mb\x7f\x85\u202e\u2066c\u00e9\u4e2d')).toBe('a\\x1b[31mb\\x7f\\x85\\u202e\\u2066c\u00e9\u4e2d');
    for (let cp = 0; cp < 0x20; cp++) expect(printable(String.fromCharCode(cp))).toMatch(/^\\x[0-9a-f]{2}$/);
  });
});

describe('answers refuse what would land raw in generated comments or paths', () => {
  const base = { app: 'billing', namespace: 'payments' };
  const refused = (answers: Record<string, unknown>): string => {
    try {
      buildModel(answers);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it.each([
    [{ secrets: [{ env: 'DB_PASSWORD', description: 'admin \u202e};return;//' }] }, /^secrets\[0\]\.description: must not contain bidirectional control characters/],
    [{ config: [{ env: 'LOG', default: 'x', reason: 'safe \u2066' }] }, /^config\[0\]\.reason: must not contain bidirectional/],
    [{ mode: 'direct-vault', justification: 'needs \u2067dynamic creds', directVault: {} }, /^justification: must not contain bidirectional/],
    [{ goModule: 'example.com/../evil', languages: ['go'] }, /^goModule: must not contain '\.' or '\.\.' path segments/],
    [{ goModule: 'example.com/./x', languages: ['go'] }, /^goModule: must not contain/],
  ])('refuses %j', (extra, message) => {
    expect(refused({ ...base, ...extra })).toMatch(message);
  });

  it('refuses an app name whose data path is another app\u2019s bootstrap path (billing-bootstrap)', () => {
    expect(refused({ app: 'billing-bootstrap', namespace: 'payments' })).toMatch(/^app: must not end in -bootstrap/);
    expect(buildModel({ app: 'billing', namespace: 'payments', mode: 'direct-vault', justification: 'needs dynamic database credentials', directVault: {} }).directVault!.bootstrapPath).toBe('secret/k3s/billing-bootstrap');
  });

  it('the CLI exits 2 naming the field and writes nothing', async () => {
    const dir = tempDir('mosaic-bidi-');
    const r = await runCli([dir, '--app', 'billing', '--namespace', 'payments', '--secret', 'DB_PASSWORD=admin \u202e};return;//', '--yes']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/description: must not contain bidirectional control characters/);
    expect(r.stderr).not.toMatch(RAW);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir)).toEqual([]);
  });
});
