// The first run as a new user meets it, in a real pseudo-terminal: every answer is checked where it
// is typed (with the model's rule), a failure at the end keeps the answers, and the Vault question is
// asked only when a Vault CLI is there to run it.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli, tempDir } from '../helpers/cli.js';
import { KEY, PtySession } from '../helpers/pty.js';

const CLEAR = KEY.backspace.repeat(60);
/** A PATH with node but no vault or bao on it. */
const NO_VAULT_PATH = { PATH: '/usr/local/bin:/usr/bin:/bin' };

/** A directory with a fake `bao` (never run: the test declines the question). */
function fakeBaoPath(): string {
  const bin = tempDir('fake-bao-');
  writeFileSync(join(bin, 'bao'), '#!/bin/sh\nexit 1\n');
  chmodSync(join(bin, 'bao'), 0o755);
  return `${bin}:${NO_VAULT_PATH.PATH}`;
}

/** The exit code, or a failure showing the screen when the program still waits for something. */
async function exitOf(s: PtySession, ms = 20_000): Promise<number> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running; screen:\n${s.screen.slice(-1500)}`)), ms));
  return Promise.race([s.exited, timeout]);
}

const manifestOf = (dir: string) => parse(readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8'));

describe('every answer is checked where it is typed', () => {
  it('a config default that does not fit its type is re-asked at its prompt (int, bool), not 20 prompts later', async () => {
    const dir = tempDir();
    const s = new PtySession([dir, '--app', 'orders', '--namespace', 'shop', '--mode', 'eso', '--secret', 'API_KEY=key', '--lang', 'typescript', '--deploy-dir', 'deploy'], { env: NO_VAULT_PATH });
    try {
      await s.answer(/Add non-secret config/, `y${KEY.enter}`);
      await s.answer(/Config env name/, `PORT${KEY.enter}`);
      await s.answer(/Type of PORT/, `${KEY.down}${KEY.enter}`); // int
      await s.answer(/Default of PORT \(a whole number\)/, `abc${KEY.enter}`);
      await s.expect(/must be a plain integer like 3000 for type int \(got "abc"\)/);
      s.type(`${CLEAR}8080${KEY.enter}`);
      await s.answer(/Why is a default safe here/, `${CLEAR}listen port${KEY.enter}`);
      await s.answer(/Config env name/, `DEBUG${KEY.enter}`);
      await s.answer(/Type of DEBUG/, `${KEY.down}${KEY.down}${KEY.enter}`); // bool
      await s.answer(/Default of DEBUG \(true or false\)/, `yes${KEY.enter}`);
      await s.expect(/must be true or false for type bool/);
      s.type(`${CLEAR}false${KEY.enter}`);
      await s.answer(/Why is a default safe here/, KEY.enter);
      await s.answer(/Config env name/, KEY.enter);
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Change the Vault/, KEY.enter);
      expect(await exitOf(s)).toBe(0);
    } finally {
      s.kill();
    }
    expect(manifestOf(dir).answers.config).toMatchObject([
      { env: 'PORT', type: 'int', default: '8080' },
      { env: 'DEBUG', type: 'bool', default: 'false' },
    ]);
  });

  it('a lowercase secret name is taken as UPPER_SNAKE (shown and recorded so); a name that cannot be is re-asked', async () => {
    const dir = tempDir();
    const s = new PtySession([dir, '--app', 'orders', '--namespace', 'shop', '--mode', 'eso', '--lang', 'go', '--deploy-dir', 'deploy'], { env: NO_VAULT_PATH });
    try {
      await s.answer(/First required secret/, `db-password${KEY.enter}`);
      await s.expect(/must be UPPER_SNAKE/);
      s.type(`${CLEAR}db_password${KEY.enter}`);
      await s.expect(/DB_PASSWORD/);
      await s.answer(/Purpose of DB_PASSWORD/, KEY.enter); // empty: the README needs a purpose
      await s.expect(/is required: the README lists each secret with its purpose/);
      s.type(`Postgres password${KEY.enter}`);
      await s.answer(/Minimum length of DB_PASSWORD/, KEY.enter);
      await s.answer(/Another required secret/, `db_password${KEY.enter}`);
      await s.expect(/DB_PASSWORD is already listed/);
      s.type(`${CLEAR}${KEY.enter}`);
      await s.answer(/Add non-secret config/, `y${KEY.enter}`);
      await s.answer(/Config env name/, `log_level${KEY.enter}`);
      await s.answer(/Type of LOG_LEVEL/, KEY.enter); // string
      await s.answer(/Default of LOG_LEVEL/, `info${KEY.enter}`);
      await s.answer(/Why is a default safe here/, KEY.enter);
      await s.answer(/Config env name/, KEY.enter);
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Change the Vault/, KEY.enter);
      expect(await exitOf(s)).toBe(0);
      expect(s.screen).not.toMatch(/db_password.*must be UPPER_SNAKE/);
    } finally {
      s.kill();
    }
    const { answers } = manifestOf(dir);
    expect(answers.secrets).toMatchObject([{ env: 'DB_PASSWORD', property: 'db_password', description: 'Postgres password' }]);
    expect(answers.config).toMatchObject([{ env: 'LOG_LEVEL' }]);
  });

  it('an app name too long for its derived names is re-asked at the prompt', async () => {
    const dir = tempDir();
    const s = new PtySession([dir, '--namespace', 'shop', '--mode', 'eso', '--secret', 'API_KEY=key', '--lang', 'go', '--deploy-dir', 'deploy'], { env: NO_VAULT_PATH });
    try {
      await s.answer(/App name/, `${CLEAR}${'a'.repeat(53)}${KEY.enter}`);
      await s.expect(/must be at most 52 characters so that/);
      s.type(`${KEY.backspace}${KEY.enter}`);
      await s.answer(/Add non-secret config/, KEY.enter);
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Change the Vault/, KEY.enter);
      expect(await exitOf(s)).toBe(0);
    } finally {
      s.kill();
    }
    expect(manifestOf(dir).answers.app).toBe('a'.repeat(52));
  });

  it('Direct-Vault: VAULT_ADDR has no made-up default, a reserved env name is refused at its prompt, a placeholder address is warned about', async () => {
    const dir = tempDir();
    const s = new PtySession([dir, '--app', 'orders', '--namespace', 'shop', '--mode', 'direct-vault', '--justification', 'db rotation', '--lang', 'go', '--deploy-dir', 'deploy'], { env: NO_VAULT_PATH });
    try {
      await s.answer(/Which dynamic secrets engine/, KEY.enter);
      await s.answer(/Vault address as the pod reaches it/, KEY.enter);
      await s.expect(/is required \(the address the pod reaches Vault at\)/);
      s.type(`https://vault.example.com${KEY.enter}`);
      await s.expect(/looks like a placeholder/);
      await s.answer(/First required secret/, `vault_addr${KEY.enter}`);
      await s.expect(/VAULT_ADDR is reserved for the Direct-Vault bootstrap/);
      s.type(`${CLEAR}${KEY.enter}`);
      await s.answer(/Add non-secret config/, KEY.enter);
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Change the Vault/, KEY.enter);
      expect(await exitOf(s)).toBe(0);
      expect(s.screen).toMatch(/warning directVault\.vaultAddr: https:\/\/vault\.example\.com is a placeholder/);
    } finally {
      s.kill();
    }
  });

  it('pre-checks the languages the project files point at (tsconfig.json, go.mod); the user can still untick one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{"name":"orders","devDependencies":{"typescript":"^5.9.0"}}\n');
    writeFileSync(join(dir, 'go.mod'), 'module example.com/orders\n\ngo 1.24\n');
    const s = new PtySession([dir, '--app', 'orders', '--namespace', 'shop', '--mode', 'eso', '--secret', 'API_KEY=key', '--deploy-dir', 'deploy'], { env: NO_VAULT_PATH });
    try {
      await s.answer(/Add non-secret config/, KEY.enter);
      await s.expect(/Languages to generate a startup validator/);
      await s.expect(/◉ TypeScript \(zod\)/);
      await s.expect(/◉ Go \(envconfig\)/);
      expect(s.screen).toMatch(/◯ Python/);
      s.type(`${KEY.down}${KEY.down}${KEY.space}${KEY.enter}`); // untick Go
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Change the Vault/, KEY.enter);
      expect(await exitOf(s)).toBe(0);
    } finally {
      s.kill();
    }
    expect(manifestOf(dir).answers.languages).toEqual(['typescript']);
    expect(existsSync(join(dir, 'src/env.ts'))).toBe(true);
  });

  it('asks where the Python validator goes, defaulting to the package the app already has', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'src/billing'), { recursive: true });
    writeFileSync(join(dir, 'src/billing/__init__.py'), '');
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "billing"\nversion = "0.1.0"\n');
    const s = new PtySession([dir, '--app', 'billing', '--namespace', 'shop', '--mode', 'eso', '--secret', 'API_KEY=key', '--deploy-dir', 'deploy'], { env: NO_VAULT_PATH });
    try {
      await s.answer(/Add non-secret config/, KEY.enter);
      await s.answer(/Languages to generate a startup validator/, KEY.enter); // python: pre-checked (pyproject.toml)
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Directory for the Python validator config\.py \(src\/billing\)/, KEY.enter);
      await s.answer(/Change the Vault/, KEY.enter);
      expect(await exitOf(s)).toBe(0);
    } finally {
      s.kill();
    }
    expect(existsSync(join(dir, 'src/billing/config.py'))).toBe(true);
    expect(existsSync(join(dir, 'src/config.py'))).toBe(false);
  });
});

describe('a failure at the end keeps the answers', () => {
  it('offers to save them (names, never values) to a new file, and --answers FILE resumes from there', async () => {
    const dir = tempDir();
    const saved = join(dir, '..', `${dir.split('/').at(-1)}-answers.yaml`);
    // A backquote in a default is fine until Go is ticked after it: the model's cross-field rule fails at the end.
    const s = new PtySession([dir, '--app', 'orders', '--namespace', 'shop', '--mode', 'eso', '--secret', 'API_KEY=payment key', '--deploy-dir', 'deploy'], { env: NO_VAULT_PATH });
    try {
      await s.answer(/Add non-secret config/, `y${KEY.enter}`);
      await s.answer(/Config env name/, `GREETING${KEY.enter}`);
      await s.answer(/Type of GREETING/, KEY.enter);
      await s.answer(/Default of GREETING/, `say \`hi\`${KEY.enter}`);
      await s.answer(/Why is a default safe here/, KEY.enter);
      await s.answer(/Config env name/, KEY.enter);
      await s.answer(/Languages to generate a startup validator/, `${KEY.down}${KEY.down}${KEY.space}${KEY.enter}`); // go
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Change the Vault/, KEY.enter);
      await s.answer(/These answers stop at "config\[0\]\.default: must not contain a backquote.*Save them/s, KEY.enter);
      await s.answer(/Answers file/, `${CLEAR}${saved}${KEY.enter}`);
      expect(await exitOf(s)).toBe(2);
      expect(s.screen).toMatch(/Saved your answers to .*-answers\.yaml/);
      expect(s.screen).toMatch(/error: config\[0\]\.default: must not contain a backquote/);
    } finally {
      s.kill();
    }
    expect(existsSync(join(dir, '.mosaic-secrets.yaml'))).toBe(false);
    const text = readFileSync(saved, 'utf8');
    expect(text).toMatch(/^# Answers from a create-mosaic-secrets run that stopped at: config\[0\]\.default/);
    const answers = parse(text);
    expect(answers).toMatchObject({ app: 'orders', namespace: 'shop', languages: ['go'], secrets: [{ env: 'API_KEY', description: 'payment key' }] });
    // Resume: fix the one field, and the run asks nothing it was given.
    answers.config[0].default = 'say hi';
    writeFileSync(saved, JSON.stringify(answers));
    const r = await runCli([dir, '--answers', saved, '--yes']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(manifestOf(dir).answers.config[0].default).toBe('say hi');
  });

  it('never writes over an existing file: an existing name is refused and another asked for', async () => {
    const dir = tempDir();
    const taken = join(dir, '..', `${dir.split('/').at(-1)}-taken.yaml`);
    writeFileSync(taken, 'mine\n');
    const s = new PtySession([dir, '--app', 'orders', '--namespace', 'shop', '--mode', 'eso', '--secret', 'API_KEY=k', '--deploy-dir', 'deploy'], { env: NO_VAULT_PATH });
    try {
      await s.answer(/Add non-secret config/, `y${KEY.enter}`);
      await s.answer(/Config env name/, `GREETING${KEY.enter}`);
      await s.answer(/Type of GREETING/, KEY.enter);
      await s.answer(/Default of GREETING/, `a\`b${KEY.enter}`);
      await s.answer(/Why is a default safe here/, KEY.enter);
      await s.answer(/Config env name/, KEY.enter);
      await s.answer(/Languages to generate/, `${KEY.down}${KEY.down}${KEY.space}${KEY.enter}`);
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Change the Vault/, KEY.enter);
      await s.answer(/Save them/, KEY.enter);
      await s.answer(/Answers file/, `${CLEAR}${taken}${KEY.enter}`);
      await s.expect(/already exists; choose another name/);
      await s.answer(/Answers file/, KEY.ctrlC);
      expect(await exitOf(s)).toBe(130);
    } finally {
      s.kill();
    }
    expect(readFileSync(taken, 'utf8')).toBe('mine\n');
  });
});

describe('the Vault question', () => {
  const args = (dir: string) => [dir, '--app', 'orders', '--namespace', 'shop', '--mode', 'eso', '--secret', 'API_KEY=k', '--lang', 'go', '--deploy-dir', 'deploy'];

  it('is not asked without vault or bao on PATH; the run says how to write them later, with the pinned version', async () => {
    const dir = tempDir();
    const s = new PtySession(args(dir), { env: NO_VAULT_PATH });
    try {
      await s.answer(/Add non-secret config/, KEY.enter);
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Change the Vault/, KEY.enter);
      expect(await exitOf(s)).toBe(0);
    } finally {
      s.kill();
    }
    expect(s.screen).not.toMatch(/Write the secrets to Vault now/);
    expect(s.screen).toMatch(/Vault step skipped: neither `vault` nor `bao` is on PATH/);
    const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
    expect(s.screen).toContain(`install the vault or bao CLI`);
    expect(s.screen).toContain(`npx create-mosaic-secrets@${version} ${relative(process.cwd(), dir)} --vault-write`);
  });

  it('is asked when a CLI is on PATH', async () => {
    const dir = tempDir();
    const s = new PtySession(args(dir), { env: { PATH: fakeBaoPath() } });
    try {
      await s.answer(/Add non-secret config/, KEY.enter);
      await s.answer(/How does the app deploy/, KEY.enter); // plain (the default)
      await s.answer(/Change the Vault/, KEY.enter);
      await s.answer(/Write the secrets to Vault now/, KEY.enter);
      expect(await exitOf(s)).toBe(0);
    } finally {
      s.kill();
    }
  });
});
