// What the generator writes must check clean, and the checks must still bite on the same tree:
// each test renders test/fixtures/billing-api.yaml (typescript, python and go) in ESO or
// Direct-Vault mode with the current renderers, edits it, and checks it.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from '../../src/check/index.js';
import { generate } from '../../src/generate.js';
import { buildModel } from '../../src/model.js';

const answers = parse(readFileSync(new URL('../fixtures/billing-api.yaml', import.meta.url), 'utf8'));
const sink = { write: () => true } as unknown as NodeJS.WritableStream;

async function withGenerated(mode: 'eso' | 'direct-vault', edit: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), `mosaic-check-${mode}-`));
  try {
    const model = buildModel({ ...answers, languages: ['typescript', 'python', 'go'], mode, ...(mode === 'direct-vault' ? { justification: 'DB creds rotate every 15 minutes' } : {}) });
    await generate(model, { target: dir, dryRun: false, json: false, force: false }, { stdout: sink, stderr: sink, interactive: false, color: false });
    edit(dir);
    return await check(['.'], { cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 1-based line of the first line containing `needle` in a generated file. */
function lineOf(dir: string, path: string, needle: string): number {
  return readFileSync(join(dir, path), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
}

const summary = (r: Awaited<ReturnType<typeof check>>) => r.findings.map((f) => `${f.rule} ${f.path}:${f.line}`);

describe('generated ESO project', () => {
  it('checks clean and reads every file it wrote', async () => {
    const r = await withGenerated('eso', () => {});
    expect(summary(r)).toEqual([]);
    // README, .mosaic-secrets.yaml, .env.example, .gitignore, 2 manifests, 4 validator files, go.mod
    // (go.sum is a lockfile: skipped).
    expect(r.filesScanned).toBe(11);
  });

  it('flags a Vault client added to app code, using the mode recorded in .mosaic-secrets.yaml', async () => {
    const r = await withGenerated('eso', (d) => writeFileSync(join(d, 'src', 'vault.py'), 'import hvac\n'));
    expect(summary(r)).toEqual(['vault-client-in-eso-app src/vault.py:1']);
  });

  it('flags a required secret given an untagged fallback in the Deployment', async () => {
    let line = 0;
    const r = await withGenerated('eso', (d) => {
      const p = join(d, 'deploy', 'deployment.yaml');
      writeFileSync(p, readFileSync(p, 'utf8').replace('value: "info" # safe-default: verbosity is not a secret', 'value: "${LOG_LEVEL:-info}"'));
      line = lineOf(d, 'deploy/deployment.yaml', '${LOG_LEVEL:-info}');
    });
    expect(line).toBeGreaterThan(0);
    expect(summary(r)).toEqual([`fallback-default deploy/deployment.yaml:${line}`]);
  });

  it('flags a secret key the Deployment stops reading, and a README that loses the section', async () => {
    let line = 0;
    const r = await withGenerated('eso', (d) => {
      line = lineOf(d, 'deploy/external-secret.yaml', 'secretKey: "JWT_SECRET"');
      const p = join(d, 'deploy', 'deployment.yaml');
      const text = readFileSync(p, 'utf8');
      const start = text.indexOf('            - name: "JWT_SECRET"');
      const end = text.indexOf('            - name: "PORT"');
      writeFileSync(p, text.slice(0, start) + text.slice(end));
      writeFileSync(join(d, 'README.md'), '# billing-api\n');
    });
    expect(summary(r)).toEqual(['checklist-readme-section README.md:1', `checklist-secret-key-ref deploy/external-secret.yaml:${line}`]);
  });

  it('flags a committed .env once .gitignore stops covering it', async () => {
    const r = await withGenerated('eso', (d) => {
      writeFileSync(join(d, '.gitignore'), 'node_modules/\n');
      writeFileSync(join(d, '.env'), 'PORT=3000\n');
    });
    expect(summary(r)).toEqual(['committed-env-file .env:1']);
  });

  it('keeps a gitignored .env out of the scan entirely', async () => {
    const r = await withGenerated('eso', (d) => {
      expect(readFileSync(join(d, '.gitignore'), 'utf8')).toMatch(/^\.env$/m);
      writeFileSync(join(d, '.env'), 'DB_PASSWORD=supersecret123\n');
    });
    expect(summary(r)).toEqual([]);
    expect(r.filesScanned).toBe(11);
  });
});

describe('generated Direct-Vault project', () => {
  it('checks clean: its Vault clients are allowed and the opt-in is complete', async () => {
    const r = await withGenerated('direct-vault', () => {});
    expect(summary(r)).toEqual([]);
    expect(r.filesScanned).toBe(17);
  });

  it('flags the Vault clients once the recorded mode says ESO', async () => {
    const r = await withGenerated('direct-vault', (d) => {
      const p = join(d, '.mosaic-secrets.yaml');
      writeFileSync(p, readFileSync(p, 'utf8').replace('mode: direct-vault', 'mode: eso'));
    });
    expect(new Set(r.findings.filter((f) => f.rule === 'vault-client-in-eso-app').map((f) => f.path))).toEqual(
      new Set(['src/vault-client.ts', 'src/vault_client.py', 'vaultclient/vaultclient.go']),
    );
  });

  it('flags a missing policy and bootstrap ExternalSecret', async () => {
    const r = await withGenerated('direct-vault', (d) => {
      rmSync(join(d, 'vault', 'policy-billing-api.hcl'));
      rmSync(join(d, 'vault', 'provision-approle.sh'));
      rmSync(join(d, 'deploy', 'external-secret-bootstrap.yaml'));
    });
    const dv = r.findings.filter((f) => f.rule === 'checklist-direct-vault');
    expect(dv).toHaveLength(1);
    expect(dv[0]!.message).toMatch(/Vault policy/);
    expect(dv[0]!.message).toMatch(/bootstrap ExternalSecret/);
    expect(dv[0]!.message).not.toMatch(/justification/);
  });

  it('reports a hardcoded secret-id appended to the provisioning script', async () => {
    const r = await withGenerated('direct-vault', (d) => appendFileSync(join(d, 'vault', 'provision-approle.sh'), 'SECRET_ID=4f6c1e0a-93d2-4b7e-8a51-2c9d7e3f6b10\n'));
    expect(summary(r)).toEqual([expect.stringMatching(/^hardcoded-secret vault\/provision-approle\.sh:\d+$/)]);
  });
});
