// The Vault CLI's environment. It is the operator's own, with two changes:
//  - the address and namespace are set to exactly what we resolved and printed (so an empty
//    BAO_ADDR, or a binary whose flavour we guessed wrong, cannot send the CLI somewhere else);
//  - the app's secret variables are removed (a --from-env value must not sit in the CLI's
//    /proc/<pid>/environ), except variables the CLI itself needs; --from-env refuses those.
import type { Model } from '../model.js';
import type { Env } from './bin.js';
import type { AddressInfo } from './preflight.js';

/** Variables the CLI (a Go program) reads for itself: home dir, proxies, CA bundles, locale. */
const PROCESS_VARS = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'LANGUAGE', 'LC_ALL', 'TZ',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'REQUEST_METHOD', 'SSL_CERT_FILE', 'SSL_CERT_DIR',
  'GODEBUG', 'GOMAXPROCS', 'XDG_CONFIG_HOME', 'SYSTEMROOT', 'APPDATA', 'USERPROFILE',
]);

/** What the Vault and OpenBao CLIs read after their VAULT_ / BAO_ prefix. */
const CLI_SUFFIXES = new Set([
  'ADDR', 'TOKEN', 'NAMESPACE', 'CACERT', 'CACERT_BYTES', 'CAPATH', 'CLIENT_CERT', 'CLIENT_KEY', 'CLIENT_TIMEOUT',
  'SKIP_VERIFY', 'TLS_SERVER_NAME', 'AGENT_ADDR', 'PROXY_ADDR', 'HTTP_PROXY', 'MAX_RETRIES', 'RATE_LIMIT',
  'SRV_LOOKUP', 'MFA', 'WRAP_TTL', 'FORMAT', 'CONFIG_PATH', 'CLI_NO_COLOR', 'LOG_LEVEL', 'LOG_FORMAT',
  'DISABLE_REDIRECTS', 'HEADERS', 'LICENSE', 'LICENSE_PATH',
]);

/** True for a variable the Vault CLI needs from the operator's environment. */
export function cliNeeds(name: string): boolean {
  if (PROCESS_VARS.has(name) || PROCESS_VARS.has(name.toUpperCase())) return true;
  const m = /^(?:VAULT|BAO)_(.+)$/.exec(name);
  return m !== null && CLI_SUFFIXES.has(m[1]!);
}

/** The CLI's environment: the operator's, address pinned, this app's secret variables removed. */
export function childEnv(env: Env, model: Model, address: AddressInfo): Env {
  const out: Env = { ...env };
  for (const k of model.secrets) if (!cliNeeds(k.env)) delete out[k.env];
  out.VAULT_ADDR = address.addr;
  out.BAO_ADDR = address.addr;
  for (const name of ['VAULT_NAMESPACE', 'BAO_NAMESPACE']) {
    if (address.namespace) out[name] = address.namespace;
    else delete out[name];
  }
  return out;
}
