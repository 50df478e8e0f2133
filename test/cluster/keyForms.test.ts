// The fast path of test/cluster: for every scenario and every store shape, does each rendered
// remoteRef resolve to the value the CLI's Vault step wrote, on a real OpenBao, when read the way the
// store's ESO provider builds the path? The rules below are ported from the providers' sources:
//
// - Vault provider (ESO v0.16.2 pkg/provider/vault, client_get.go buildPath): with a store `path`,
//   strip `<path>/` (and a following `data/`) from the key, then read `<path>/data/<rest>`; without
//   one, insert `data` after the key's first segment unless the key already contains `/data/`.
// - OpenBao provider (ESO 2.x providers/v1/openbao, `KVv2(<path>).Get(key)`): read
//   `<path>/data/<key>`, the store path defaulting to `kv`.
//
// No controller runs here; cluster.test.ts runs the real ESO controller for the Vault provider. The
// OpenBao provider is only here: no ESO release that has it is served by the Go module proxy.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { BAO_BIN, startOpenBao, type OpenBao } from '../helpers/openbao.js';
import { kvRead, readPath } from './esoPath.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

let bao: OpenBao;
const work = mkdtempSync(join(tmpdir(), 'mosaic-key-forms-'));

beforeAll(async () => {
  bao = await startOpenBao();
  for (const m of new Set(SCENARIOS.flatMap((s) => s.mounts ?? []))) await bao.bao(['secrets', 'enable', `-path=${m}`, 'kv-v2']);
});

afterAll(async () => {
  await bao?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface Entry {
  secretKey: string;
  remoteRef: { key: string; property: string };
}

/** Render a scenario with the given provider; the first render also writes Vault (and provisions Direct-Vault). */
async function render(s: Scenario, provider: 'vault' | 'openbao', writeVault: boolean): Promise<{ name: string; data: Entry[] }[]> {
  const dir = join(work, `${String(s.answers.app)}-${provider}`);
  const answersFile = `${dir}.answers.json`;
  writeFileSync(answersFile, JSON.stringify({ ...s.answers, eso: { ...(s.answers.eso as object), provider } }));
  const args = [dir, '--yes', '--answers', answersFile];
  if (writeVault) {
    const values = `${dir}.values.json`;
    writeFileSync(values, JSON.stringify(s.values), { mode: 0o600 });
    args.push('--vault-write', '--values', values, '--vault-bin', BAO_BIN);
  } else args.push('--no-vault-write');
  const gen = await runCli(args, { env: { ...bao.env, NO_COLOR: '1' }, extendEnv: false });
  expect(gen.exitCode, gen.stderr).toBe(0);
  if (writeVault && s.answers.mode === 'direct-vault') {
    const prov = await execa('bash', [join(dir, 'vault', 'provision-approle.sh')], { env: { ...bao.env, VAULT_BIN: BAO_BIN }, extendEnv: false, reject: false });
    expect(prov.exitCode, prov.stderr).toBe(0);
  }
  // Every secretKeyRef of the Deployment names a key one of the ExternalSecrets puts in its Secret.
  const targets = new Map<string, Set<string>>();
  const esFiles = ['external-secret.yaml', ...(s.answers.mode === 'direct-vault' ? ['external-secret-bootstrap.yaml'] : [])];
  for (const f of esFiles) {
    const es = parseAllDocuments(readFileSync(join(dir, 'deploy', f), 'utf8'))[0]!.toJS() as { spec: { target: { name: string }; data: Entry[] } };
    targets.set(es.spec.target.name, new Set(es.spec.data.map((d) => d.secretKey)));
  }
  const deployment = parseAllDocuments(readFileSync(join(dir, 'deploy', 'deployment.yaml'), 'utf8'))[0]!.toJS() as {
    spec: { template: { spec: { containers: { env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[] }[] } } };
  };
  for (const c of deployment.spec.template.spec.containers) {
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref && !targets.get(ref.name)?.has(ref.key)) throw new Error(`deployment.yaml env ${e.name}: secretKeyRef ${ref.name}/${ref.key} names no key the ExternalSecrets sync (the kubelet would refuse the pod)`);
    }
  }
  const files = ['external-secret.yaml', ...(s.answers.mode === 'direct-vault' ? ['external-secret-bootstrap.yaml'] : [])];
  return files.map((f) => {
    const es = parseAllDocuments(readFileSync(join(dir, 'deploy', f), 'utf8'))[0]!.toJS() as { metadata: { name: string }; spec: { data: Entry[] } };
    return { name: es.metadata.name, data: es.spec.data };
  });
}

/** What a store of this shape would put into each ExternalSecret's Secret; throws like ESO on a miss. */
async function sync(store: { provider: 'vault' | 'openbao'; path?: string }, externalSecrets: { name: string; data: Entry[] }[]) {
  const out: Record<string, Record<string, string | undefined>> = {};
  for (const es of externalSecrets) {
    const secret: Record<string, string | undefined> = {};
    for (const d of es.data) {
      const path = readPath(store, d.remoteRef.key);
      const data = await kvRead(bao, path);
      if (!data) throw new Error(`${es.name} ${d.secretKey}: ${store.provider} store (path ${store.path ?? 'unset'}) reads ${path}: secret not found`);
      // ESO fails the whole sync on a missing property, naming it.
      if (!(d.remoteRef.property in data)) throw new Error(`${es.name} ${d.secretKey}: ${path} has no property ${JSON.stringify(d.remoteRef.property)} (ESO: cannot find secret data for key)`);
      secret[d.secretKey] = data[d.remoteRef.property];
    }
    out[es.name] = secret;
  }
  return out;
}

describe.concurrent('remoteRef.key resolves through each ESO provider on a real OpenBao', () => {
  it.each(SCENARIOS)('$name', async (s) => {
    const mount = String((s.answers.vault as { mount?: string } | undefined)?.mount ?? 'secret');
    const app = String(s.answers.app);
    const viaVault = await render(s, 'vault', true);
    const viaOpenBao = await render(s, 'openbao', false);
    const expected = await sync({ provider: 'vault', path: mount }, viaVault); // checked against the values below
    expect(expected[`${app}-secrets`]).toEqual(s.values);
    if (s.answers.mode === 'direct-vault') {
      const boot = await kvRead(bao, `${mount}/data/${String((s.answers.vault as { prefix?: string } | undefined)?.prefix ?? 'k3s')}/${app}-bootstrap`);
      expect(expected[`${app}-vault-auth`]).toEqual({ VAULT_ROLE_ID: boot?.role_id, VAULT_SECRET_ID: boot?.secret_id });
      expect(boot?.role_id).toBeTruthy();
    }
    // The Vault provider's form works with and without the store path; the OpenBao form with the
    // store path set to the mount, as the README section asks.
    expect(await sync({ provider: 'vault' }, viaVault)).toEqual(expected);
    expect(await sync({ provider: 'openbao', path: mount }, viaOpenBao)).toEqual(expected);
    // Crossed over, each form syncs nothing: the defect eso.provider fixes (before it, every app got
    // the Vault form, so a store of type openbao failed on every key).
    await expect(sync({ provider: 'openbao', path: mount }, viaVault)).rejects.toThrow(`reads ${mount}/data/${mount}/`);
    await expect(sync({ provider: 'vault' }, viaOpenBao)).rejects.toThrow('secret not found');
  }, 180_000);

  it('the ported path rules match the table in shared/notes/eso-vault-facts.md', () => {
    expect(readPath({ provider: 'vault', path: 'secret' }, 'k3s/app')).toBe('secret/data/k3s/app');
    expect(readPath({ provider: 'vault', path: 'secret' }, 'secret/k3s/app')).toBe('secret/data/k3s/app');
    expect(readPath({ provider: 'vault' }, 'secret/k3s/app')).toBe('secret/data/k3s/app');
    expect(readPath({ provider: 'vault' }, 'k3s/app')).toBe('k3s/data/app');
    expect(readPath({ provider: 'vault' }, 'secret/team/data/app')).toBe('secret/team/data/app');
    expect(readPath({ provider: 'openbao', path: 'secret' }, 'secret/k3s/app')).toBe('secret/data/secret/k3s/app');
  });
});
