// eso.provider: the store's ESO provider decides the remoteRef.key form (vault: with the mount;
// openbao: relative to the mount). Rendered keys, the answers round-trip, the flag, and `check`
// flagging a key in the other provider's form. test/cluster proves the forms against a real ESO.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { check } from '../../src/check/index.js';
import { generate } from '../../src/generate.js';
import { answersOf, buildModel } from '../../src/model.js';
import { renderAll } from '../../src/render/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

const answers = parse(readFileSync(new URL('../fixtures/billing-api.yaml', import.meta.url), 'utf8'));
const dv = { mode: 'direct-vault', justification: 'DB creds rotate every 15 minutes' };
const sink = { write: () => true } as unknown as NodeJS.WritableStream;

function remoteKeys(raw: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of renderAll(buildModel(raw)).filter((f) => f.path.includes('external-secret'))) {
    const doc = parseAllDocuments(f.content)[0]!.toJS() as { spec: { data: { remoteRef: { key: string } }[] } };
    out[f.path] = doc.spec.data.map((d) => d.remoteRef.key);
  }
  return out;
}

describe('eso.provider', () => {
  it('vault (default): remoteRef.key carries the mount, for the app and the AppRole bootstrap', () => {
    expect(remoteKeys({ ...answers, ...dv, vault: { mount: 'kv', prefix: 'team/k3s' } })).toEqual({
      'deploy/external-secret.yaml': ['kv/team/k3s/billing-api', 'kv/team/k3s/billing-api'],
      'deploy/external-secret-bootstrap.yaml': ['kv/team/k3s/billing-api-bootstrap', 'kv/team/k3s/billing-api-bootstrap'],
    });
  });

  it('openbao: remoteRef.key is relative to the mount; the README says so and names the store path to set', () => {
    const raw = { ...answers, ...dv, vault: { mount: 'kv', prefix: 'team/k3s' }, eso: { provider: 'openbao' } };
    expect(remoteKeys(raw)).toEqual({
      'deploy/external-secret.yaml': ['team/k3s/billing-api', 'team/k3s/billing-api'],
      'deploy/external-secret-bootstrap.yaml': ['team/k3s/billing-api-bootstrap', 'team/k3s/billing-api-bootstrap'],
    });
    const readme = renderAll(buildModel(raw)).find((f) => f.path === 'README.md')!.content;
    expect(readme).toContain('**Store provider:** `openbao`');
    expect(readme).toContain('`spec.provider.openbao.path: kv`');
    // The ExternalSecret's header still names the full Vault path a person looks up.
    expect(renderAll(buildModel(raw)).find((f) => f.path === 'deploy/external-secret.yaml')!.content).toContain('Vault (kv/team/k3s/billing-api)');
  });

  it('is recorded in the answers only when it is not the default, and round-trips', () => {
    expect(answersOf(buildModel(answers)).eso).not.toHaveProperty('provider');
    const ob = answersOf(buildModel({ ...answers, eso: { provider: 'openbao' } }));
    expect(ob.eso).toMatchObject({ provider: 'openbao' });
    expect(buildModel(ob).remoteKey).toBe('k3s/billing-api');
  });

  it('refuses an unknown provider naming the field', () => {
    expect(() => buildModel({ ...answers, eso: { provider: 'hashicorp' } })).toThrow('eso.provider: must be one of vault, openbao');
  });

  it('--eso-provider openbao renders the relative key; a wrong value exits 2 naming the field', async () => {
    const dir = tempDir('mosaic-provider-');
    try {
      const ok = await runCli([dir, '--yes', '--app', 'orders', '--namespace', 'shop', '--secret', 'API_KEY', '--eso-provider', 'openbao']);
      expect(ok.exitCode, ok.stderr).toBe(0);
      expect(readFileSync(join(dir, 'deploy', 'external-secret.yaml'), 'utf8')).toMatch(/key: "k3s\/orders"\n/);
      expect(parse(readFileSync(join(dir, '.mosaic-secrets.yaml'), 'utf8')).answers.eso.provider).toBe('openbao');
      const bad = await runCli([tempDir('mosaic-provider-'), '--yes', '--app', 'orders', '--namespace', 'shop', '--eso-provider', 'bao']);
      expect(bad.exitCode).toBe(2);
      expect(bad.stderr).toContain('eso.provider: must be one of vault, openbao');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function checked(raw: Record<string, unknown>, edit: (text: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-provider-check-'));
  try {
    await generate(buildModel(raw), { target: dir, dryRun: false, json: false, force: false }, { stdout: sink, stderr: sink, interactive: false, color: false });
    const p = join(dir, 'deploy', 'external-secret.yaml');
    writeFileSync(p, edit(readFileSync(p, 'utf8')));
    return (await check(['.'], { cwd: dir })).findings.map((f) => `${f.rule} ${f.path}:${f.line} ${f.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('check: eso-remote-key-provider', () => {
  it('a generated openbao app checks clean; the Vault-provider key form in it is flagged', async () => {
    const raw = { ...answers, eso: { provider: 'openbao' } };
    expect(await checked(raw, (t) => t)).toEqual([]);
    const found = await checked(raw, (t) => t.replaceAll('key: "k3s/billing-api"', 'key: "secret/k3s/billing-api"'));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^eso-remote-key-provider deploy\/external-secret\.yaml:\d+ billing-api-secrets DB_PASSWORD: remoteRef\.key secret\/k3s\/billing-api carries the mount.*secret\/data\/secret\/k3s\/billing-api\); write k3s\/billing-api$/);
  });

  it('a generated vault app checks clean; a key without the mount is flagged', async () => {
    expect(await checked(answers, (t) => t)).toEqual([]);
    const found = await checked(answers, (t) => t.replace('key: "secret/k3s/billing-api"', 'key: "k3s/billing-api"'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/eso-remote-key-provider .*DB_PASSWORD: remoteRef\.key k3s\/billing-api lacks the mount secret.*write secret\/k3s\/billing-api$/);
  });
});
