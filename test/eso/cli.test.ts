// The bundled CLI end to end, non-interactive: writes, re-runs, dry runs, conflicts and bad input.
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel } from '../../src/model.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mtimes, runCli, snapshotTree, tempDir } from '../helpers/cli.js';

const ANSWERS = new URL('../fixtures/billing-api.yaml', import.meta.url).pathname;

describe('create-mosaic-secrets <dir> --answers FILE --yes', () => {
  it('writes every ESO file, records the answers, and a second run changes nothing (content and mtimes)', async () => {
    const dir = tempDir();
    const first = await runCli([dir, '--answers', ANSWERS, '--yes']);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    const tree = snapshotTree(dir);
    expect(Object.keys(tree).sort()).toEqual(
      expect.arrayContaining(['.env.example', '.gitignore', '.mosaic-secrets.yaml', 'README.md', 'deploy/deployment.yaml', 'deploy/external-secret.yaml']),
    );
    const manifest = parse(tree['.mosaic-secrets.yaml']!);
    expect(manifest.answers.app).toBe('billing-api');
    expect(manifest.generator.name).toBe('create-mosaic-secrets');
    const before = mtimes(dir);
    await new Promise((r) => setTimeout(r, 20));
    const second = await runCli([dir, '--answers', ANSWERS, '--yes', '--json']);
    expect(second.exitCode).toBe(0);
    const plan = JSON.parse(second.stdout);
    expect(plan.files.length).toBe(Object.keys(tree).length);
    expect(plan.files.every((f: { action: string }) => f.action === 'unchanged')).toBe(true);
    expect(mtimes(dir)).toEqual(before);
    expect(snapshotTree(dir)).toEqual(tree);
    // With no answers file at all, the recorded answers drive the re-run.
    const third = await runCli([dir, '--yes', '--json']);
    expect(JSON.parse(third.stdout).files.every((f: { action: string }) => f.action === 'unchanged')).toBe(true);
  });

  it('--dry-run prints the plan and writes nothing; --json gives the same plan as JSON', async () => {
    const dir = tempDir();
    const r = await runCli([dir, '--answers', ANSWERS, '--yes', '--dry-run']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/create\s+deploy\/external-secret\.yaml/);
    expect(readdirSync(dir)).toEqual([]);
    const j = await runCli([dir, '--answers', ANSWERS, '--dry-run', '--json']);
    const plan = JSON.parse(j.stdout);
    expect(plan.dryRun).toBe(true);
    expect(plan.files.map((f: { action: string }) => f.action)).toEqual(plan.files.map(() => 'create'));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('flags alone are enough, and override the answers file', async () => {
    const dir = tempDir();
    const r = await runCli([dir, '--app', 'orders', '--namespace', 'shop', '--secret', 'API_KEY=Payment provider key', '--deploy-dir', 'k8s', '--yes']);
    expect(r.exitCode).toBe(0);
    const es = parse(readFileSync(join(dir, 'k8s/external-secret.yaml'), 'utf8'));
    expect(es.metadata.name).toBe('orders-secrets');
    expect(es.spec.data[0]).toEqual({ secretKey: 'API_KEY', remoteRef: { key: 'secret/k3s/orders', property: 'api_key' } });
    const dir2 = tempDir();
    await runCli([dir2, '--answers', ANSWERS, '--namespace', 'billing-prod', '--yes']);
    expect(parse(readFileSync(join(dir2, 'deploy/external-secret.yaml'), 'utf8')).metadata.namespace).toBe('billing-prod');
  });

  it('merges into an existing deployment.yaml and README, and appends .env to .gitignore once', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'deploy'));
    writeFileSync(
      join(dir, 'deploy/deployment.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: billing-api # ours\nspec:\n  selector: {matchLabels: {app: b}}\n  template:\n    metadata: {labels: {app: b}}\n    spec:\n      containers:\n        - name: billing-api\n          image: x # keep\n',
    );
    writeFileSync(join(dir, 'README.md'), '# Billing\n\nIntro paragraph.\n');
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
    const r = await runCli([dir, '--answers', ANSWERS, '--yes']);
    expect(r.exitCode).toBe(0);
    const dep = readFileSync(join(dir, 'deploy/deployment.yaml'), 'utf8');
    expect(dep).toContain('# ours');
    expect(dep).toContain('# keep');
    expect(dep).toContain('secretKeyRef');
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme.startsWith('# Billing\n\nIntro paragraph.\n')).toBe(true);
    expect(readme).toContain('## Secrets architecture');
    // User adds text after the section; a re-run with a new key replaces the section in place.
    writeFileSync(join(dir, 'README.md'), `${readme}\n## Later section\n`);
    const more = parse(readFileSync(ANSWERS, 'utf8'));
    more.secrets.push({ env: 'API_KEY', description: 'Stripe key' });
    const ans2 = join(dir, '..', `${dir.split('/').pop()}-answers.yaml`);
    writeFileSync(ans2, JSON.stringify(more));
    expect((await runCli([dir, '--answers', ans2, '--yes'])).exitCode).toBe(0);
    const readme2 = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme2.match(/## Secrets architecture/g)).toHaveLength(1);
    expect(readme2).toContain('`API_KEY`');
    expect(readme2.trimEnd().endsWith('## Later section')).toBe(true);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n').filter((l) => l === '.env')).toHaveLength(1);
  });

  it('keeps hand edits that do not touch what changes (structured three-way merge)', async () => {
    const dir = tempDir();
    await runCli([dir, '--answers', ANSWERS, '--yes']);
    const es = join(dir, 'deploy/external-secret.yaml');
    const edited = readFileSync(es, 'utf8')
      .replace('spec:\n', 'spec:\n  # reviewed by platform team\n')
      .replace('  data:\n', '  data:\n    - secretKey: EXTRA_TOKEN # ours, not generated\n      remoteRef: {key: secret/k3s/shared, property: extra}\n');
    writeFileSync(es, edited);
    const more = parse(readFileSync(ANSWERS, 'utf8'));
    more.secrets.push({ env: 'API_KEY' });
    const ans2 = `${dir}-answers.json`;
    writeFileSync(ans2, JSON.stringify(more));
    const r = await runCli([dir, '--answers', ans2, '--yes']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const text = readFileSync(es, 'utf8');
    expect(text).toContain('# reviewed by platform team');
    expect(text).toContain("# ours, not generated");
    const doc = parse(text);
    expect(doc.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['EXTRA_TOKEN', 'DB_PASSWORD', 'JWT_SECRET', 'API_KEY']);
  });

  it('refuses to overwrite an edit that collides with the new render (exit 1, nothing written) unless --force', async () => {
    const dir = tempDir();
    await runCli([dir, '--answers', ANSWERS, '--yes']);
    const es = join(dir, 'deploy/external-secret.yaml');
    writeFileSync(es, readFileSync(es, 'utf8').replace('property: "db_password"', 'property: "db_pass"'));
    const more = parse(readFileSync(ANSWERS, 'utf8'));
    more.secrets[0].property = 'database_password';
    const ans2 = `${dir}-answers.json`;
    writeFileSync(ans2, JSON.stringify(more));
    const before = snapshotTree(dir);
    const r = await runCli([dir, '--answers', ans2, '--yes']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/refusing to overwrite deploy\/external-secret\.yaml \(its entries DB_PASSWORD were edited since create-mosaic-secrets wrote it/);
    expect(snapshotTree(dir)).toEqual(before);
    const forced = await runCli([dir, '--answers', ans2, '--yes', '--force']);
    expect(forced.exitCode).toBe(0);
    expect(parse(readFileSync(es, 'utf8')).spec.data[0].remoteRef.property).toBe('database_password');
    // The manifest records what --force left on disk: the same record a fresh render of these answers gets.
    const fresh = tempDir();
    await runCli([fresh, '--answers', ans2, '--yes']);
    const recordOf = (d: string) => parse(readFileSync(join(d, '.mosaic-secrets.yaml'), 'utf8')).files['deploy/external-secret.yaml'];
    expect(recordOf(dir)).toEqual(recordOf(fresh));
  });

  it('a whole-file edit of .env.example is kept when the new render does not touch those lines', async () => {
    const dir = tempDir();
    await runCli([dir, '--answers', ANSWERS, '--yes']);
    const ex = join(dir, '.env.example');
    writeFileSync(ex, `${readFileSync(ex, 'utf8')}\n# team note: ask #billing for a dev password\n`);
    const more = parse(readFileSync(ANSWERS, 'utf8'));
    more.secrets.unshift({ env: 'API_KEY', description: 'Stripe key' });
    const ans2 = `${dir}-answers.json`;
    writeFileSync(ans2, JSON.stringify(more));
    const r = await runCli([dir, '--answers', ans2, '--yes']);
    expect(r.exitCode).toBe(0);
    const text = readFileSync(ex, 'utf8');
    expect(text).toContain('# team note: ask #billing');
    expect(text).toContain('API_KEY=');
  });

  it('leaves no temp files behind', async () => {
    const dir = tempDir();
    await runCli([dir, '--answers', ANSWERS, '--yes']);
    expect(Object.keys(snapshotTree(dir)).filter((p) => p.endsWith('.tmp'))).toEqual([]);
  });
});

describe('bad input: one line naming the field and the rule, exit 2, nothing written', () => {
  const cases: [string, Record<string, unknown> | string[], RegExp][] = [
    ['invalid app name', { app: 'Billing_API', namespace: 'x' }, /^create-mosaic-secrets: error: app: must be a DNS-1123 label/],
    ['app too long for derived names', { app: 'a'.repeat(53), namespace: 'x' }, /app: must be at most 52 characters/],
    ['invalid namespace', { app: 'a', namespace: 'Pay Ments' }, /namespace: must be a DNS-1123 label/],
    ['description over 500 characters (code points)', { app: 'a', namespace: 'b', secrets: [{ env: 'A_KEY', description: '🔑'.repeat(501) }] }, /secrets\[0\]\.description: must be at most 500 characters/],
    ['duplicate keys', { app: 'a', namespace: 'b', secrets: [{ env: 'A_KEY' }, { env: 'A_KEY' }] }, /secrets\[1\]\.env: duplicates secrets\[0\]\.env/],
    ['env not UPPER_SNAKE', { app: 'a', namespace: 'b', secrets: [{ env: 'dbPassword' }] }, /secrets\[0\]\.env: must be UPPER_SNAKE/],
    ['property not lower_snake', { app: 'a', namespace: 'b', secrets: [{ env: 'DB', property: 'Db-Pass' }] }, /secrets\[0\]\.property: must be lower_snake/],
    ['config colliding with a secret', { app: 'a', namespace: 'b', secrets: [{ env: 'PORT' }], config: [{ env: 'PORT', default: '1', type: 'int', reason: 'x' }] }, /config\[0\]\.env: duplicates secrets\[0\]\.env/],
    ['empty justification', { app: 'a', namespace: 'b', mode: 'direct-vault', justification: '  ' }, /justification: is required when mode is direct-vault/],
    ['unknown field', { app: 'a', namespace: 'b', secretz: [] }, /unknown field: secretz/],
    ['unknown nested field', { app: 'a', namespace: 'b', vault: { mount: 'secret', path: 'x' } }, /unknown field in vault: path/],
    ['bad mode', { app: 'a', namespace: 'b', mode: 'vault' }, /mode: must be one of eso, direct-vault/],
    ['int default that is not an int', { app: 'a', namespace: 'b', config: [{ env: 'PORT', default: '0777', type: 'int', reason: 'x' }] }, /config\[0\]\.default: must be a plain integer/],
    ['missing namespace without a terminal', { app: 'a' }, /namespace: is required \(no prompts without a terminal/],
    ['unknown flag', ['--nope'], /--nope: unknown option/],
    ['flag without value', ['--app'], /--app: needs a value/],
  ];
  for (const [name, input, message] of cases) {
    it(name, async () => {
      const dir = tempDir();
      let args: string[];
      if (Array.isArray(input)) args = [dir, ...input, '--yes'];
      else {
        const f = `${dir}-answers.yaml`;
        writeFileSync(f, JSON.stringify(input));
        args = [dir, '--answers', f, '--yes'];
      }
      const r = await runCli(args);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(dir)).toEqual([]);
      expect(existsSync(join(dir, '.mosaic-secrets.yaml'))).toBe(false);
    });
  }
});

describe('length limits count characters, not UTF-16 units', () => {
  it('500 emoji (1,000 UTF-16 units) are a 500-character description', () => {
    const m = buildModel({ app: 'a', namespace: 'b', secrets: [{ env: 'A_KEY', description: '🔑'.repeat(500) }] });
    expect([...m.secrets[0]!.description].length).toBe(500);
    expect(() => buildModel({ app: 'a', namespace: 'b', secrets: [{ env: 'A_KEY', description: 'x'.repeat(501) }] })).toThrow(/secrets\[0\]\.description: must be at most 500 characters/);
  });
});

describe('packaging', () => {
  it('--help and --version answer without a target', async () => {
    const h = await runCli(['--help']);
    expect(h.exitCode).toBe(0);
    expect(h.stdout).toMatch(/--answers <file>/);
    const v = await runCli(['--version']);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });
});
