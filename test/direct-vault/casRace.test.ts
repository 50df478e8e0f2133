// provision-approle.sh writes the bootstrap credentials check-and-set (-cas): a writer that gets in
// between the script's read of the stored version and its write makes the script fail, keeps what
// that writer stored, and leaves no extra valid secret-id behind. The race is made deterministic by a
// VAULT_BIN wrapper that performs the other write right after the script reads the metadata.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model.js';
import { renderDirectVault } from '../../src/render/directVault/index.js';
import { BAO_BIN, useOpenBao } from '../helpers/openbao.js';

const APP = 'ledger';
const BOOTSTRAP = `k3s/${APP}-bootstrap`;
/** Not a credential: a marker the other writer stores, so the test can see whose write survived. */
const OTHER = { role_id: 'written-meanwhile', secret_id: 'by-another-run' };

describe('provision-approle.sh loses a check-and-set race safely', () => {
  const vault = useOpenBao();
  let dir = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mosaic-cas-'));
    const model = buildModel({ app: APP, namespace: 'fin', mode: 'direct-vault', justification: 'dynamic database users', languages: [] });
    for (const f of renderDirectVault(model)) {
      const p = join(dir, f.path);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.content);
      if (f.executable) chmodSync(p, 0o755);
    }
    // The wrapper: the real CLI, plus — once, when armed — a concurrent write of the bootstrap path
    // right after the script has read its metadata (the version its -cas write will name).
    const wrapper = join(dir, 'bao-racing');
    writeFileSync(
      wrapper,
      `#!/bin/sh
'${BAO_BIN}' "$@"; rc=$?
case " $* " in
*" metadata get "*"${BOOTSTRAP} "*)
  if [ -f "$RACE_ARMED" ]; then
    rm -f "$RACE_ARMED"
    printf '%s' '${JSON.stringify(OTHER)}' | '${BAO_BIN}' kv put -mount=secret ${BOOTSTRAP} - >/dev/null
  fi ;;
esac
exit $rc
`,
      { mode: 0o755 },
    );
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function provision(armed: boolean, ...flags: string[]) {
    const armFile = join(dir, 'armed');
    if (armed) writeFileSync(armFile, '');
    const r = await execa(join(dir, 'vault/provision-approle.sh'), flags, {
      env: { ...vault().env, VAULT_BIN: join(dir, 'bao-racing'), RACE_ARMED: armFile },
      extendEnv: false,
      reject: false,
    });
    return { exitCode: r.exitCode, output: `${r.stdout}\n${r.stderr}` };
  }
  async function stored(): Promise<{ data: Record<string, string>; version: number } | undefined> {
    const r = await vault().bao(['kv', 'get', '-format=json', '-mount=secret', BOOTSTRAP], { reject: false });
    if (r.exitCode !== 0) return undefined;
    const j = JSON.parse(r.stdout);
    return { data: j.data.data, version: j.data.metadata.version };
  }
  /** Accessors of every secret-id issued for the role and still valid. */
  async function accessors(): Promise<string[]> {
    const r = await vault().bao(['list', '-format=json', `auth/approle/role/${APP}/secret-id`], { reject: false });
    return r.exitCode === 0 ? (JSON.parse(r.stdout) as string[]).sort() : [];
  }

  it('first provisioning: another write to the empty path wins, the script fails and names the cause', async () => {
    const run = await provision(true);
    expect(run.exitCode).toBe(1);
    expect(run.output).toContain('check-and-set');
    expect(run.output).toContain('changed since version 0');
    const after = await stored();
    expect(after?.data).toEqual(OTHER);
    expect(after?.version).toBe(1);
    // The secret-id it issued but could not store was destroyed again: nothing valid is left dangling.
    expect(await accessors()).toEqual([]);
  });

  it('rotation: the other write wins over --rotate-secret-id; a plain re-run then repairs the path', async () => {
    // Repair first (the stored marker is not a valid secret-id, so a new one is issued and stored).
    const repair = await provision(false);
    expect(repair.exitCode, repair.output).toBe(0);
    const good = await stored();
    expect(good?.version).toBe(2);
    const valid = await accessors();
    expect(valid).toHaveLength(1);

    const run = await provision(true, '--rotate-secret-id');
    expect(run.exitCode).toBe(1);
    expect(run.output).toContain('changed since version 2');
    expect((await stored())?.data).toEqual(OTHER);
    // Only the secret-id that was stored before the race is valid; the rotation's new one is gone.
    expect(await accessors()).toEqual(valid);
  });
});
