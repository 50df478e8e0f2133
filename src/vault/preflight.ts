// Preflight: everything that can be checked before a single value is asked for or sent.
// Order matters: binary (in bin.ts) → address → server reachable/unsealed → token → mount is KV v2
// → token capabilities → what already lives at the path (key NAMES only; values are dropped).
import type { Model } from '../model.js';
import { pathArgs } from './args.js';
import type { Env, VaultFlavor } from './bin.js';
import type { CliResult, VaultCli } from './cli.js';

export interface AddressInfo {
  addr: string;
  source: 'BAO_ADDR' | 'VAULT_ADDR' | 'default';
  /** Set when bao ignores a different VAULT_ADDR because BAO_ADDR wins. */
  shadowed?: string;
  namespace?: string;
}

/** The address the CLI is about to use, with the variable it comes from (BAO_ADDR beats VAULT_ADDR for bao). */
export function resolveAddress(flavor: VaultFlavor, env: Env): AddressInfo {
  const bao = flavor === 'bao' ? env.BAO_ADDR : undefined;
  const vault = env.VAULT_ADDR;
  const namespace = (flavor === 'bao' ? env.BAO_NAMESPACE : undefined) || env.VAULT_NAMESPACE || undefined;
  const ns = namespace ? { namespace } : {};
  if (bao) return { addr: bao, source: 'BAO_ADDR', ...(vault && vault !== bao ? { shadowed: vault } : {}), ...ns };
  if (vault) return { addr: vault, source: 'VAULT_ADDR', ...ns };
  return { addr: 'https://127.0.0.1:8200', source: 'default', ...ns };
}

/** Where the CLI will take its token from; named in hints, never printed. */
export function tokenSource(flavor: VaultFlavor, env: Env): string {
  if (flavor === 'bao' && env.BAO_TOKEN) return 'BAO_TOKEN';
  if (env.VAULT_TOKEN) return 'VAULT_TOKEN';
  return 'the token helper (~/.vault-token after `login`)';
}

export function describeAddress(binName: string, a: AddressInfo): string {
  const from = a.source === 'default' ? 'default; set VAULT_ADDR to change it' : `from ${a.source}`;
  let line = `${binName}: using ${a.addr} (${from})`;
  if (a.namespace) line += `, namespace ${a.namespace}`;
  if (a.shadowed) line += `; VAULT_ADDR=${a.shadowed} is ignored because BAO_ADDR is set`;
  return line;
}

export type Existing =
  | { state: 'none' }
  | { state: 'live'; keys: string[]; version: number }
  /** The latest version is deleted or destroyed: history exists, no live data. */
  | { state: 'deleted'; version: number }
  /** The token may not read the path, so we cannot tell; writes then rely on check-and-set alone. */
  | { state: 'unknown' };

export interface PreflightResult {
  address: AddressInfo;
  /**
   * Capabilities of the token on `<mount>/data/<prefix>/<app>`; null when the token may not ask
   * (created without the default policy): the write itself then decides.
   */
  capabilities: string[] | null;
  existing: Existing;
}

const dataPath = (m: Model) => pathArgs(m).data;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function denied(res: CliResult): boolean {
  return /Code: 403|permission denied/i.test(res.stderr);
}

export async function checkServer(cli: VaultCli, address: AddressInfo): Promise<void> {
  const where = `${address.addr} (${address.source})`;
  const res = await cli.run(['status', '-format=json'], { step: 'server' });
  const status = parseJson(res.stdout);
  if (res.exitCode === 2 && isObj(status) && status.sealed === true) {
    throw cli.fail(res, 'server', `Vault at ${where} is sealed`, 'Ask an operator to unseal it (`vault operator unseal`), then run again.');
  }
  if (res.exitCode === 2 && isObj(status) && status.initialized === false) {
    throw cli.fail(res, 'server', `Vault at ${where} is not initialized`, 'Initialize and unseal it first, or point VAULT_ADDR at the right server.');
  }
  if (res.exitCode !== 0 || !isObj(status)) {
    const envs = cli.bin.flavor === 'bao' ? 'BAO_ADDR (or VAULT_ADDR)' : 'VAULT_ADDR';
    throw cli.fail(res, 'server', `Cannot reach Vault at ${where}`, `Check ${envs}, your VPN/port-forward, and http vs https.`);
  }
}

/**
 * `ok`, or `denied` when lookup-self answered 403. That is not proof of a bad token: a valid token
 * created without the default policy may not look itself up. The mount check decides (below).
 */
export type TokenState = 'ok' | 'denied';

export async function checkToken(cli: VaultCli, env: Env): Promise<TokenState> {
  const res = await cli.run(['token', 'lookup', '-format=json'], { step: 'token' });
  if (res.exitCode === 0) return 'ok';
  if (denied(res)) return 'denied';
  throw cli.fail(res, 'token', 'Could not look up the Vault token', loginHint(cli, env));
}

function loginHint(cli: VaultCli, env: Env): string {
  const vars = cli.bin.flavor === 'bao' ? 'BAO_TOKEN or VAULT_TOKEN' : 'VAULT_TOKEN';
  return `Run \`${cli.bin.name} login\` or set ${vars} (now: ${tokenSource(cli.bin.flavor, env)}).`;
}

/**
 * The mount must exist and be KV version 2; say which problem it is. Any token with a capability
 * on the path may read its mount, so after a denied lookup-self a 403 here means "not logged in".
 */
export async function checkMount(cli: VaultCli, model: Model, env: Env, token: TokenState = 'ok'): Promise<void> {
  const { mount, path } = model.vault;
  const res = await cli.run(['read', '-format=json', pathArgs(model).uiMounts], { step: 'mount' });
  const body = parseJson(res.stdout);
  if (res.exitCode === 0 && isObj(body) && isObj(body.data)) {
    const data = body.data;
    const matched = String(data.path ?? '');
    if (matched !== `${mount}/`) {
      throw cli.fail(res, 'mount', `Mount ${mount}/ does not exist (${path} belongs to mount ${matched || '?'})`, enableHint(cli, mount));
    }
    const type = String(data.type ?? '');
    if (type !== 'kv' && type !== 'generic') {
      throw cli.fail(res, 'mount', `Mount ${mount}/ is a ${type || 'non-KV'} secrets engine, not KV`, 'Set vault.mount to your KV v2 mount.');
    }
    const version = isObj(data.options) ? String(data.options.version ?? '1') : '1';
    if (version !== '2') {
      throw cli.fail(
        res,
        'mount',
        `Mount ${mount}/ is KV version 1; this tool writes KV version 2 (check-and-set and versions protect existing secrets)`,
        `Use a KV v2 mount (vault.mount), or ask an admin to upgrade: \`${cli.bin.name} kv enable-versioning ${mount}/\`.`,
      );
    }
    return;
  }
  if (!denied(res)) throw cli.fail(res, 'mount', `Could not inspect mount ${mount}/`, 'Check the address and the token, then run again.');
  if (token === 'denied') {
    throw cli.fail(res, 'token', `Not logged in: the token from ${tokenSource(cli.bin.flavor, env)} is missing, expired or invalid, or has no access to ${path}`, loginHint(cli, env));
  }
  // 403 means either "no such mount" or "no access here"; the mount table tells them apart if readable.
  const list = await cli.run(['secrets', 'list', '-format=json'], { step: 'mount' });
  const mounts = parseJson(list.stdout);
  if (list.exitCode === 0 && isObj(mounts)) {
    if (!(`${mount}/` in mounts)) throw cli.fail(res, 'mount', `Mount ${mount}/ does not exist`, enableHint(cli, mount));
    throw cli.fail(res, 'mount', `The token has no access to ${path}`, 'Ask for a policy granting create/update/read on ' + dataPath(model) + '.');
  }
  throw cli.fail(
    res,
    'mount',
    `Mount ${mount}/ does not exist, or the token has no access to ${path}`,
    `Check vault.mount; an admin can list mounts with \`${cli.bin.name} secrets list\`.`,
  );
}

function enableHint(cli: VaultCli, mount: string): string {
  return `Set vault.mount to an existing KV v2 mount, or ask an admin: \`${cli.bin.name} secrets enable -path=${mount} kv-v2\`.`;
}

export async function capabilities(cli: VaultCli, model: Model): Promise<string[] | null> {
  const res = await cli.run(['token', 'capabilities', '-format=json', dataPath(model)], { step: 'capabilities' });
  const caps = parseJson(res.stdout);
  if (res.exitCode === 0 && Array.isArray(caps)) return caps.map(String);
  // No sys/capabilities-self (a token without the default policy): unknown, the write decides.
  if (denied(res)) return null;
  throw cli.fail(res, 'capabilities', `Could not check the token's capabilities on ${dataPath(model)}`, 'Run again; if it keeps failing, provision by hand (--print-vault-commands).');
}

export const can = (caps: string[], cap: string) => !caps.includes('deny') && (caps.includes('root') || caps.includes(cap));

/** What is at the path now. Values are parsed in memory and dropped here; only names leave. */
export async function readExisting(cli: VaultCli, model: Model, caps: string[] | null): Promise<Existing> {
  if (caps !== null && !can(caps, 'read')) return { state: 'unknown' };
  const { path } = model.vault;
  const a = pathArgs(model);
  const res = await cli.run(['kv', 'get', '-format=json', a.mount, a.path], { step: 'read' });
  if (res.exitCode === 2 && /No value found/i.test(res.stderr)) return { state: 'none' };
  // Capabilities unknown and no read: same as a token known not to read.
  if (caps === null && denied(res)) return { state: 'unknown' };
  const body = parseJson(res.stdout);
  if (res.exitCode !== 0 || !isObj(body) || !isObj(body.data)) throw cli.fail(res, 'read', `Could not read ${path} to check for existing keys`, 'Run again; if it keeps failing, provision by hand (--print-vault-commands).');
  const meta = isObj(body.data.metadata) ? body.data.metadata : {};
  const version = Number(meta.version ?? 0);
  if (!isObj(body.data.data)) return { state: 'deleted', version };
  return { state: 'live', keys: Object.keys(body.data.data).sort(), version };
}

/** Run every check in order; throws a VaultError naming the first problem. */
export async function preflight(cli: VaultCli, model: Model, env: Env, address: AddressInfo): Promise<PreflightResult> {
  await checkServer(cli, address);
  const token = await checkToken(cli, env);
  await checkMount(cli, model, env, token);
  const caps = await capabilities(cli, model);
  const existing = await readExisting(cli, model, caps);
  return { address, capabilities: caps, existing };
}
