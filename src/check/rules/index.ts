// The rule registry: every rule's metadata in one table (SARIF's rules array, --help, docs).
import type { FileRule, RuleMeta } from '../types.js';
import { fallbackDefault } from './fallback-default.js';
import { vaultClientInEsoApp } from './vault-client.js';
import { hardcodedSecret } from './hardcoded-secret.js';
import { committedEnvFile } from './env-file.js';
import { CHECKLIST_RULES } from './checklist.js';
import { remoteKeyProvider } from './remote-key.js';
import { esoAdmission } from './eso-admission.js';
import { secretInEnvExpansion } from './env-expansion.js';

export const FILE_RULES: readonly FileRule[] = [fallbackDefault, vaultClientInEsoApp, hardcodedSecret, committedEnvFile, remoteKeyProvider, secretInEnvExpansion, esoAdmission];

function meta(r: RuleMeta): RuleMeta {
  return { id: r.id, severity: r.severity, title: r.title, message: r.message, doc: r.doc, policy: r.policy };
}

export const RULES: readonly RuleMeta[] = [...FILE_RULES.map(meta), ...CHECKLIST_RULES];

export function ruleMeta(id: string): RuleMeta | undefined {
  return RULES.find((r) => r.id === id);
}
