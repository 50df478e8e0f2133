// Rule 2 (Forbidden Pattern 2): a Vault client in the application source of an ESO-mode app.
// ESO apps read env vars only; a Vault client belongs to Direct-Vault apps with a documented
// justification. The mode comes from `.mosaic-secrets.yaml` or the README's Secrets architecture;
// with neither, the policy's default (ESO) applies unless the README justifies Direct-Vault.
import type { AppInfo, FileKind, FileRule, ScanFile } from '../types.js';
import { dirSegments } from '../classify.js';

const ID = 'vault-client-in-eso-app' as const;

const IMPORTS: Partial<Record<FileKind, RegExp>> = {
  python: /^[ \t]*(?:import[ \t]+(?:hvac|async_hvac)\b|from[ \t]+(?:hvac|async_hvac)(?:\.[\w.]+)?[ \t]+import\b)/gm,
  js: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(node-vault|hashi-vault-js|@hashicorp\/[^"'\n]*vault[^"'\n]*|@litehex\/node-vault|vault-api|vaultaire)\1/g,
  go: /"github\.com\/(?:hashicorp\/vault\/api|hashicorp\/vault-client-go|openbao\/openbao\/api)(?:\/[^"\n]*)?"/g,
  code: /^[ \t]*(?:import[ \t]+(?:static[ \t]+)?(?:com\.bettercloud\.vault|io\.github\.jopenlibs\.vault|org\.springframework\.vault)\b|using[ \t]+VaultSharp\b|use[ \t]+vaultrs\b|require[ \t(]+["']vault["'])/gm,
};

/**
 * Signs of a hand-rolled Vault HTTP client: a KV v2 API path (`/v1/secret/data/…`), the
 * `X-Vault-Token` header, or the AppRole login endpoint, in a string literal. One per file is enough.
 */
const VAULT_HTTP = /["'`](?:[^"'`\n]*\/v1\/[\w-]+\/data\/[^"'`\n]*|X-Vault-Token|\/?(?:v1\/)?auth\/approle\/login)["'`]/gi;

/** `vault` or `hvac` in any case (the classes, unlike the i flag, keep the regex on its fast path). */
const VAULT_OR_HVAC = /[vV][aA][uU][lL][tT]|[hH][vV][aA][cC]/;

/** Directories of tooling that may legitimately talk to Vault (provisioning, CI, dev scripts). */
const TOOLING = new Set(['scripts', 'script', 'tools', 'tooling', 'hack', 'ci', '.github', 'bin', 'deploy', 'k8s', 'infra', 'ops', 'terraform']);

/**
 * ESO is the policy's default: an app that declares ESO, and one that declares no mode and
 * documents no Direct-Vault justification anywhere in its README, must not talk to Vault itself.
 */
function esoByPolicy(app: AppInfo | null): boolean {
  if (!app) return false;
  if (app.mode) return app.mode === 'eso';
  let eso = undeclared.get(app);
  if (eso === undefined) {
    eso = !(app.readme && /direct[- ]?vault/i.test(app.readme) && /justif|why direct[- ]?vault/i.test(app.readme));
    undeclared.set(app, eso);
  }
  return eso;
}

/** Asked for every file of the app: the README is read once. */
const undeclared = new WeakMap<AppInfo, boolean>();

function isAppSource(file: ScanFile): boolean {
  if (file.context !== 'source') return false;
  for (const seg of dirSegments(file.appPath)) if (TOOLING.has(seg)) return false;
  return true;
}

export const vaultClientInEsoApp: FileRule = {
  scope: 'file',
  id: ID,
  severity: 'error',
  title: 'Vault client in an ESO-mode app',
  message: 'Application code talks to Vault directly although the app uses the ESO bridge.',
  doc: 'VAULT-SECRETS.md › Forbidden Patterns 2: ESO apps read env vars only; switch to Direct-Vault with a README justification if the app needs dynamic secrets.',
  policy: 'Forbidden Pattern 2',
  applies: (f) => esoByPolicy(f.app) && (f.kind === 'python' || f.kind === 'js' || f.kind === 'go' || f.kind === 'code') && isAppSource(f),
  check(file, emit) {
    const text = file.text;
    // Every pattern names vault or hvac; most files mention neither. One pass, no lower-cased copy.
    if (!VAULT_OR_HVAC.test(text)) return;
    const modeFrom = file.app?.modeSource === 'README' ? 'the README declares the ESO bridge' : file.app?.modeSource ? '.mosaic-secrets.yaml declares the ESO bridge' : 'no Direct-Vault justification is documented (the policy\'s default is the ESO bridge)';
    const re = IMPORTS[file.kind];
    if (re) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        const start = m.index + (m[0].length - m[0].trimStart().length);
        emit({
          rule: ID,
          start,
          end: m.index + m[0].length,
          message: `imports a Vault client but ${modeFrom}; read env vars synced by ESO instead`,
        });
      }
    }
    VAULT_HTTP.lastIndex = 0;
    const m = VAULT_HTTP.exec(text);
    if (m) {
      emit({
        rule: ID,
        start: m.index,
        end: m.index + m[0].length,
        message: `calls the Vault HTTP API but ${modeFrom}; read env vars synced by ESO instead`,
      });
    }
  },
};
