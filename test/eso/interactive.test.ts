// The interactive flow in a real pseudo-terminal: typing, arrows, a wrong answer, Ctrl-C.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from '../helpers/cli.js';
import { KEY, PtySession } from '../helpers/pty.js';

describe('interactive prompts', () => {
  it('asks, re-asks a wrong answer with the rule, takes arrows, and writes the files', async () => {
    const dir = tempDir('Billing_API-');
    const s = new PtySession([dir]);
    try {
      await s.expect(/App name/);
      await s.answer(/\(billing-api[^)]*\)/, `Bad Name${KEY.enter}`);
      await s.expect(/must be a DNS-1123 label/);
      s.type(KEY.backspace.repeat(20) + `billing-api${KEY.enter}`);
      await s.answer(/Kubernetes namespace/, `payments${KEY.enter}`);
      await s.answer(/How does the app get its secrets\?/, KEY.enter); // ESO is the default
      await s.answer(/First required secret/, `db-password${KEY.enter}`);
      await s.expect(/must be UPPER_SNAKE/);
      s.type(KEY.backspace.repeat(20) + `db_password${KEY.enter}`); // taken as DB_PASSWORD
      await s.answer(/Purpose of DB_PASSWORD/, `Postgres password${KEY.enter}`);
      await s.answer(/Minimum length of DB_PASSWORD/, KEY.enter);
      await s.answer(/Another required secret/, KEY.enter);
      await s.answer(/Add non-secret config values/, KEY.enter);
      // checkbox: move to python and tick it
      await s.answer(/Languages to generate a startup validator/, `${KEY.down}${KEY.space}${KEY.enter}`);
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Directory for the Python validator config\.py \(src\)/, KEY.enter);
      await s.answer(/Manifests directory/, `${KEY.down}${KEY.enter}`); // k8s
      await s.answer(/Change the Vault mount\/prefix/, KEY.enter);
      await s.expect(/create\s+k8s\/external-secret\.yaml/);
      expect(await s.exited).toBe(0);
    } finally {
      s.kill();
    }
    const manifest = parse(readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8'));
    expect(manifest.answers).toMatchObject({
      app: 'billing-api',
      namespace: 'payments',
      mode: 'eso',
      deployDir: 'k8s',
      languages: ['python'],
      secrets: [{ env: 'DB_PASSWORD', property: 'db_password', description: 'Postgres password', minLength: 1 }],
    });
  });

  it('free-text prompts apply the answers file’s rules (length, repeats), so a long session is never lost at the end', async () => {
    const dir = tempDir();
    const s = new PtySession([dir, '--app', 'orders', '--namespace', 'shop', '--mode', 'eso', '--secret', 'API_KEY', '--lang', 'go', '--deploy-dir', 'deploy']);
    try {
      await s.answer(/Add non-secret config/, `y${KEY.enter}`);
      await s.answer(/Config env name/, `LOG_LEVEL${KEY.enter}`);
      await s.answer(/Type of LOG_LEVEL/, `${KEY.down}${KEY.down}${KEY.down}${KEY.enter}`); // enum
      await s.answer(/Allowed values/, `a,b,a${KEY.enter}`);
      await s.expect(/must not repeat a value/);
      s.type(KEY.backspace.repeat(10) + `debug,info${KEY.enter}`);
      await s.answer(/Default of LOG_LEVEL/, `info${KEY.enter}`);
      await s.answer(/Why is a default safe here/, `${KEY.backspace.repeat(12)}${'x'.repeat(501)}${KEY.enter}`);
      await s.expect(/must be at most 500 characters/);
      s.type(KEY.backspace.repeat(501) + `log verbosity only${KEY.enter}`);
      await s.answer(/Config env name/, KEY.enter);
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Change the Vault/, KEY.enter);
      expect(await s.exited).toBe(0);
    } finally {
      s.kill();
    }
    const manifest = parse(readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8'));
    expect(manifest.answers.config).toMatchObject([{ env: 'LOG_LEVEL', type: 'enum', values: ['debug', 'info'], default: 'info', reason: 'log verbosity only' }]);
  });

  it('Ctrl-C at a prompt exits 130 with nothing written', async () => {
    const dir = tempDir();
    const s = new PtySession([dir]);
    try {
      await s.answer(/App name/, `orders${KEY.enter}`);
      await s.answer(/Kubernetes namespace/, KEY.ctrlC);
      expect(await s.exited).toBe(130);
      expect(s.screen).toMatch(/cancelled; nothing written/);
    } finally {
      s.kill();
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('Ctrl-C at the Vault question exits 130 and says the files were written but nothing went to Vault', async () => {
    const dir = tempDir();
    // The question is asked only with a Vault CLI on PATH: a stand-in that is never run.
    const bin = tempDir('fake-bao-');
    writeFileSync(join(bin, 'bao'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const s = new PtySession([dir, '--app', 'orders', '--namespace', 'shop', '--mode', 'eso', '--secret', 'API_KEY', '--lang', 'go', '--deploy-dir', 'deploy'], { env: { PATH: `${bin}:${process.env.PATH}` } });
    try {
      await s.answer(/Add non-secret config/, KEY.enter);
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Change the Vault/, KEY.enter);
      await s.answer(/Write the secrets to Vault now/, KEY.ctrlC);
      expect(await s.exited).toBe(130);
      expect(s.screen).toMatch(/Vault step cancelled: the files above were written; nothing was sent to Vault/);
    } finally {
      s.kill();
    }
    expect(readdirSync(dir)).toContain('.mosaic-secrets.yaml');
  });

  it('works in a narrow terminal (40 columns)', async () => {
    const dir = tempDir();
    const s = new PtySession([dir, '--namespace', 'shop', '--mode', 'eso', '--lang', 'go', '--deploy-dir', 'deploy'], { columns: 40 });
    try {
      await s.answer(/App name/, `${KEY.backspace.repeat(40)}narrow-app${KEY.enter}`);
      await s.answer(/First required secret/, `API_KEY${KEY.enter}`);
      await s.answer(/Purpose of API_KEY/, `Key for the payment provider, a long purpose text that wraps${KEY.enter}`);
      await s.answer(/Minimum length/, KEY.enter);
      await s.answer(/Another required secret/, KEY.enter);
      await s.answer(/Add non-secret config/, KEY.enter);
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Change the Vault/, KEY.enter);
      expect(await s.exited).toBe(0);
    } finally {
      s.kill();
    }
    const es = parse(readFileSync(join(dir, 'deploy/external-secret.yaml'), 'utf8'));
    expect(es.spec.data[0].secretKey).toBe('API_KEY');
  });
});
