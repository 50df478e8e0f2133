// Rule 5: the bootstrap checklist (BOOTSTRAP-secrets.md) audited per app. Facts are gathered
// while the files stream past (`collect`), then judged once per app (`evaluate`).
import type { AppInfo, Hit, RuleMeta, ScanFile } from '../types.js';
import { declaresManifest, readManifests, type ExternalSecretInfo, type Manifests, type WorkloadInfo } from '../k8s.js';
import { isSecretName } from './names.js';

export const CHECKLIST_RULES: readonly RuleMeta[] = [
  {
    id: 'checklist-external-secret',
    severity: 'error',
    title: 'No ExternalSecret manifest',
    message: 'The app deploys workloads that read secrets but commits no ExternalSecret.',
    doc: 'BOOTSTRAP-secrets.md: commit external-secret.yaml beside the workloads (deploy/, k8s/, the chart or the Kustomize base) so ESO syncs the Vault path into a k8s Secret.',
    policy: 'Checklist: external-secret.yaml committed',
  },
  {
    id: 'checklist-eso-api-version',
    severity: 'warning',
    title: 'ExternalSecret apiVersion not served',
    message: 'The ExternalSecret uses an apiVersion current ESO releases no longer serve.',
    doc: 'ESO 0.17+ serves only external-secrets.io/v1; v1beta1 works on ESO <= 0.16 only. Switch to external-secrets.io/v1.',
    policy: 'Checklist: external-secret.yaml committed',
  },
  {
    id: 'checklist-secret-key-ref',
    severity: 'error',
    title: 'Deployment env misses a secretKeyRef',
    message: 'A key of the ExternalSecret is not read by the Deployment through secretKeyRef.',
    doc: 'BOOTSTRAP-secrets.md: Deployment env references the synced Secret via valueFrom.secretKeyRef (not raw values or .env files).',
    policy: 'Checklist: Deployment references the synced Secret via secretKeyRef',
  },
  {
    id: 'checklist-readme-section',
    severity: 'error',
    title: 'README lacks the Secrets architecture section',
    message: 'The README does not document the Vault path, the keys and the mode under "Secrets architecture".',
    doc: 'BOOTSTRAP-secrets.md: list the Vault path(s), every key with its purpose and ESO vs Direct-Vault under a README "Secrets architecture" section.',
    policy: 'Checklist: README "Secrets architecture" section',
  },
  {
    id: 'checklist-startup-validator',
    severity: 'error',
    title: 'No startup env validation',
    message: 'No schema-based env validation (zod / pydantic / envconfig) was found in the app.',
    doc: 'BOOTSTRAP-secrets.md: validate required env vars at startup with a schema and exit non-zero when one is missing.',
    policy: 'Checklist: schema-based startup validation',
  },
  {
    id: 'checklist-direct-vault',
    severity: 'error',
    title: 'Direct-Vault opt-in incomplete',
    message: 'A Direct-Vault app lacks its README justification, its Vault policy or its bootstrap ExternalSecret.',
    doc: 'BOOTSTRAP-secrets.md: Direct-Vault needs a README justification, an AppRole policy and the AppRole credentials synced by a separate ExternalSecret.',
    policy: 'Checklist: Direct-Vault opt-in',
  },
];

type Language = 'typescript' | 'python' | 'go';

export interface FileRef {
  path: string;
  /** null when the file does not exist (the hit points at line 1). */
  text: string | null;
}

export interface AppFacts {
  manifests: Array<{ file: FileRef; m: Manifests }>;
  validators: Set<Language>;
  codeLangs: Set<Language>;
  policy: boolean;
}

export type ChecklistEmit = (file: FileRef, hit: Hit) => void;

export function newFacts(): AppFacts {
  return { manifests: [], validators: new Set(), codeLangs: new Set(), policy: false };
}

/** A workload that takes secrets: env from a Secret, or a literal for a secret-named variable. */
function readsSecrets(w: WorkloadInfo): boolean {
  return w.refs.size > 0 || w.envFrom.size > 0 || w.rawEnv.some((e) => isSecretName(e.name));
}

const VALIDATOR: Record<Language, (t: string) => boolean> = {
  typescript: (t) =>
    (t.includes('process.env') || t.includes('import.meta.env')) &&
    /(?:from\s*|require\(\s*)["'](?:zod|zod\/v4|valibot|envalid|@t3-oss\/env[\w-]*|joi|yup|arktype|@sinclair\/typebox|superstruct|env-schema|znv)["']/.test(t),
  python: (t) => (t.includes('BaseSettings') && t.includes('pydantic')) || (t.includes('environs') && /^[ \t]*(from environs import|import environs)\b/m.test(t)),
  go: (t) => (t.includes('envconfig.') || t.includes('env.Parse(') || t.includes('cleanenv.Read')) && /\benvconfig\.(Must)?Process\(|\benv\.Parse\(|\bcleanenv\.Read(Env|Config)\(/.test(t),
};

/** Called for every scanned file of an app being audited. */
export function collect(file: ScanFile, app: AppInfo, facts: AppFacts): void {
  const lang: Language | null = file.kind === 'js' ? 'typescript' : file.kind === 'python' ? 'python' : file.kind === 'go' ? 'go' : null;
  if (lang && file.context === 'source') {
    facts.codeLangs.add(lang);
    if (!facts.validators.has(lang) && file.text.includes('env') && VALIDATOR[lang](file.text)) facts.validators.add(lang);
  }
  // The regexes pass over the whole text: a literal they need is looked for first.
  if (file.kind === 'hcl' && file.text.includes('capabilities') && /\bpath\s+"[^"]+"\s*\{[^}]*capabilities/.test(file.text)) facts.policy = true;
  if ((file.kind === 'shell' || file.kind === 'doc' || file.kind === 'text' || file.kind === 'yaml') && file.text.includes('policy') && /\b(vault|bao)\s+policy\s+write\b/.test(file.text)) facts.policy = true;
  // Workloads and ExternalSecrets are found by content wherever they sit: deploy/, k8s/,
  // kubernetes/, manifests/, a chart's templates/, Kustomize bases and overlays. Test fixtures and
  // examples are not what the app deploys.
  if (file.kind === 'yaml' && file.context === 'source' && declaresManifest(file.text)) {
    const m = readManifests(file.text);
    if (m.externalSecrets.length || m.workloads.length) facts.manifests.push({ file: { path: file.path, text: file.text }, m });
  }
}

function isBootstrap(es: ExternalSecretInfo): boolean {
  const keys = new Set(es.keys.map((k) => k.secretKey));
  return (keys.has('VAULT_ROLE_ID') && keys.has('VAULT_SECRET_ID')) || es.keys.some((k) => k.remoteKey?.endsWith('-bootstrap') ?? false);
}

function offsetOfLine(text: string, line: number): number {
  let off = 0;
  for (let n = 1; n < line; n++) {
    const i = text.indexOf('\n', off);
    if (i === -1) return off;
    off = i + 1;
  }
  return off;
}

function mentions(section: string, word: string): boolean {
  const esc = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${esc}($|[^A-Za-z0-9_])`).test(section);
}

export function evaluate(app: AppInfo, facts: AppFacts, emit: ChecklistEmit): void {
  const esList = facts.manifests.flatMap(({ file, m }) => m.externalSecrets.map((es) => ({ file, es })));
  const workloads = facts.manifests.flatMap(({ file, m }) => m.workloads.map((w) => ({ file, w })));
  if (app.audit === 'none') return;
  // A repository without `.mosaic-secrets.yaml` is audited once it deploys something that needs
  // secrets: an ExternalSecret, or a workload whose env reads a Secret or sets a secret by name.
  const needsSecrets = workloads.filter(({ w }) => readsSecrets(w));
  if (app.audit === 'if-k8s' && esList.length === 0 && needsSecrets.length === 0) return;

  const manifestRef: FileRef | null = app.answers ? { path: join(app.dir, '.mosaic-secrets.yaml'), text: null } : null;
  const readmeRef: FileRef = { path: app.readmePath ?? join(app.dir, 'README.md'), text: app.readme };
  const firstWorkload = needsSecrets[0]?.file ?? workloads[0]?.file;
  const appAnchor = manifestRef ?? (app.readme !== null ? readmeRef : firstWorkload ?? readmeRef);
  const whole = (rule: Hit['rule'], message: string, key: string): Hit => ({ rule, start: 0, end: 0, wholeFile: true, message, key });

  // ExternalSecret present and on a served apiVersion. An app whose .mosaic-secrets.yaml declares no
  // secret keys has none to sync (and ESO would refuse an ExternalSecret without data).
  const declaresNoSecrets = app.answers !== null && Array.isArray(app.answers.secrets) && app.answers.secrets.length === 0 && app.answers.mode !== 'direct-vault';
  if (esList.length === 0 && !declaresNoSecrets) {
    const why = needsSecrets.length ? `${needsSecrets[0]!.w.kind} ${needsSecrets[0]!.w.name || '(unnamed)'} reads secrets but no` : 'no';
    emit(firstWorkload ?? appAnchor, whole('checklist-external-secret', `${why} ExternalSecret manifest is committed; commit external-secret.yaml beside the workloads so ESO syncs the Vault path into the Secret`, 'no-external-secret'));
  }
  for (const { file, es } of esList) {
    if (es.apiVersion !== 'external-secrets.io/v1') {
      const served = es.apiVersion === 'external-secrets.io/v1beta1' ? 'is served only by ESO <= 0.16 (0.17+ rejects it)' : 'is not served by current ESO releases';
      emit(file, {
        rule: 'checklist-eso-api-version',
        start: es.apiVersionRange[0],
        end: es.apiVersionRange[1],
        message: `ExternalSecret ${es.name}: ${es.apiVersion} ${served}; use external-secrets.io/v1`,
        key: `${es.name}:${es.apiVersion}`,
      });
    }
  }

  // Every ExternalSecret key reaches a workload through secretKeyRef (or envFrom of the whole Secret).
  const refs = new Set<string>();
  const envFrom = new Set<string>();
  for (const { w } of workloads) {
    w.refs.forEach((r) => refs.add(r));
    w.envFrom.forEach((s) => envFrom.add(s));
  }
  const esKeys = new Set<string>();
  for (const { file, es } of esList) {
    if (workloads.length === 0) {
      emit(file, {
        rule: 'checklist-secret-key-ref',
        start: es.offset,
        end: es.offset,
        message: `no workload reads Secret ${es.target}; add env entries with valueFrom.secretKeyRef`,
        key: `no-workload:${es.target}`,
      });
      continue;
    }
    for (const k of es.keys) {
      esKeys.add(k.secretKey);
      // A chart template's secretKeyRef names its Secret through an action (read as `*`).
      if ([`${es.target}/${k.secretKey}`, `*/${k.secretKey}`, `${es.target}/*`, '*/*'].some((r) => refs.has(r)) || envFrom.has(es.target) || envFrom.has('*')) continue;
      emit(file, {
        rule: 'checklist-secret-key-ref',
        start: k.offset,
        end: k.offset + k.secretKey.length,
        message: `${k.secretKey} of Secret ${es.target} is not referenced by any Deployment env valueFrom.secretKeyRef`,
        key: `${es.target}/${k.secretKey}`,
      });
    }
  }
  for (const { file, w } of workloads) {
    for (const raw of w.rawEnv) {
      if (!esKeys.has(raw.name)) continue;
      emit(file, {
        rule: 'checklist-secret-key-ref',
        start: raw.offset,
        end: raw.offset + raw.name.length + 6,
        message: `${w.kind} ${w.name} sets ${raw.name} with a raw value; it is a synced secret key, use valueFrom.secretKeyRef`,
        key: `raw:${w.name}/${raw.name}`,
      });
    }
  }

  // README "Secrets architecture" names the Vault path(s), the keys and the mode.
  const mainEs = esList.filter(({ es }) => !isBootstrap(es));
  if (app.readme === null) {
    emit(readmeRef, whole('checklist-readme-section', 'no README; add one with a "Secrets architecture" section (Vault path, keys, ESO or Direct-Vault)', 'no-readme'));
  } else if (!app.section) {
    emit(readmeRef, whole('checklist-readme-section', 'README has no "Secrets architecture" section naming the Vault path, the keys and ESO or Direct-Vault', 'no-section'));
  } else {
    const text = app.section.text;
    const paths = new Set<string>();
    for (const { es } of mainEs) for (const k of es.keys) if (k.remoteKey) paths.add(k.remoteKey);
    const v = app.answers?.['vault'] as { mount?: unknown; prefix?: unknown } | undefined;
    const appName = app.answers?.['app'];
    if (typeof appName === 'string' && paths.size === 0) {
      const mount = typeof v?.mount === 'string' ? v.mount : 'secret';
      const prefix = typeof v?.prefix === 'string' ? v.prefix : 'k3s';
      paths.add([mount, prefix, appName].filter(Boolean).join('/'));
    }
    const keys = new Set<string>();
    for (const { es } of mainEs) for (const k of es.keys) keys.add(k.secretKey);
    const answerSecrets = app.answers?.['secrets'];
    if (Array.isArray(answerSecrets)) for (const s of answerSecrets) if (typeof s?.env === 'string') keys.add(s.env);
    const missingPaths = [...paths].filter((p) => !text.includes(p));
    const propertyOf = new Map<string, string>();
    for (const { es } of mainEs) for (const k of es.keys) if (k.property) propertyOf.set(k.secretKey, k.property);
    const missingKeys = [...keys].filter((k) => !mentions(text, k) && !(propertyOf.has(k) && mentions(text, propertyOf.get(k)!)));
    const noMode = !/\bESO\b|\bDirect[- ]?Vault\b/i.test(text);
    const parts: string[] = [];
    if (missingPaths.length) parts.push(`Vault path ${missingPaths.join(', ')}`);
    if (missingKeys.length) parts.push(`key${missingKeys.length > 1 ? 's' : ''} ${missingKeys.join(', ')}`);
    if (noMode) parts.push('the mode (ESO bridge or Direct-Vault)');
    if (parts.length) {
      const offset = offsetOfLine(app.readme, app.section.line);
      emit(readmeRef, {
        rule: 'checklist-readme-section',
        start: offset,
        end: offset,
        message: `"Secrets architecture" section does not name ${parts.join('; ')}`,
        key: `missing:${[...missingPaths, ...missingKeys, noMode ? 'mode' : ''].join(',')}`,
      });
    }
  }

  // Startup validation for every language the app is written in.
  const declared = app.answers?.['languages'];
  const declaredLangs = Array.isArray(declared) ? declared.filter((l): l is Language => l === 'typescript' || l === 'python' || l === 'go') : [];
  // Declared languages each need a validator; otherwise one validator anywhere in the code will do.
  const langs = new Set<Language>(declaredLangs.length ? declaredLangs : facts.validators.size ? [] : [...facts.codeLangs]);
  const missingValidators = [...langs].filter((l) => !facts.validators.has(l));
  if (missingValidators.length) {
    const how: Record<Language, string> = { typescript: 'zod', python: 'pydantic-settings', go: 'envconfig' };
    emit(appAnchor, whole(
      'checklist-startup-validator',
      `no startup env validation found for ${missingValidators.map((l) => `${l} (${how[l]})`).join(', ')}; validate required env vars at startup and exit non-zero`,
      `validator:${missingValidators.join(',')}`,
    ));
  }

  // Direct-Vault: justification, policy, bootstrap ExternalSecret.
  if (app.mode === 'direct-vault') {
    const missing: string[] = [];
    if (!app.section || !/justif|why direct[- ]?vault/i.test(app.section.text)) missing.push('a justification in the README "Secrets architecture" section');
    if (!facts.policy) missing.push('a Vault policy (.hcl with path/capabilities, or a `vault policy write` step)');
    if (!esList.some(({ es }) => isBootstrap(es))) missing.push('a bootstrap ExternalSecret syncing VAULT_ROLE_ID and VAULT_SECRET_ID');
    if (missing.length) {
      emit(appAnchor, whole('checklist-direct-vault', `Direct-Vault opt-in lacks ${missing.join('; ')}`, `dv:${missing.length}:${missing.map((m) => m.slice(0, 12)).join(',')}`));
    }
  }
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}
