// Env names (UPPER_SNAKE) → identifiers in generated code: exported Go struct fields and Python
// attribute names. TypeScript needs none: an UPPER_SNAKE name is already a valid property name.
//
// Two env names can map to one identifier (`_PRIVATE` and `PRIVATE` are both Python `private`,
// `API_URL` and `API__URL` are both Go `APIURL`). We resolve that rather than refuse it: the env
// names stay exactly what the user chose (they are the contract with Vault and the Deployment), only
// the code-side name gets a numeric suffix. Resolution is deterministic and independent of the order
// keys are listed in: the env name that sorts first keeps the plain identifier, the others get the
// lowest free suffix 2, 3, ... `identifierCollisions` describes any renaming in one line, for a warning.
import type { Model } from '../model.js';
import { validatorKeys } from './validators/keys.js';

/** Go initialisms written all-caps (golint's list plus DB, JWT, AWS and friends common in env names). */
export const GO_INITIALISMS: ReadonlySet<string> = new Set([
  'ACL', 'API', 'ASCII', 'AWS', 'CA', 'CPU', 'CSRF', 'CSS', 'CSV', 'DB', 'DNS', 'EOF', 'GCP', 'GID', 'GRPC',
  'GUID', 'HMAC', 'HTML', 'HTTP', 'HTTPS', 'ID', 'IP', 'JSON', 'JWT', 'KMS', 'LDAP', 'LHS', 'MFA', 'OIDC',
  'OTP', 'QPS', 'RAM', 'RHS', 'RPC', 'SAML', 'SDK', 'SLA', 'SMTP', 'SQL', 'SSH', 'SSL', 'SSO', 'TCP', 'TLS',
  'TOTP', 'TTL', 'UDP', 'UI', 'UID', 'URI', 'URL', 'UTF8', 'UUID', 'VM', 'XML', 'XMPP', 'XSRF', 'XSS',
]);

/** Methods the generated Go Config declares; a field may not share their names. */
export const GO_RESERVED: ReadonlySet<string> = new Set(['String', 'GoString']);

/** Python keywords (lowercase ones; `True`/`False`/`None` cannot come from a lowercased env name). */
const PY_KEYWORDS = [
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass',
  'raise', 'return', 'try', 'while', 'with', 'yield',
];
/**
 * Public attributes of pydantic-settings' BaseSettings (2.x, union over releases): a field with one
 * of these names would shadow the model's own machinery. test/validators checks this list still
 * covers `dir(BaseSettings)` of the installed pydantic-settings.
 */
export const PY_BASESETTINGS_ATTRS = [
  'construct', 'copy', 'dict', 'fields', 'from_orm', 'json', 'model_computed_fields', 'model_config',
  'model_construct', 'model_copy', 'model_dump', 'model_dump_json', 'model_extra', 'model_fields',
  'model_fields_set', 'model_json_schema', 'model_parametrized_name', 'model_post_init', 'model_rebuild',
  'model_validate', 'model_validate_json', 'model_validate_strings', 'parse_file', 'parse_obj', 'parse_raw',
  'schema', 'schema_json', 'settings_cached', 'settings_clear_cache', 'settings_customise_sources',
  'update_forward_refs', 'validate',
];
/** Builtins the generated class body uses in annotations; a field of that name would shadow them there. */
const PY_CLASS_BODY_NAMES = ['bool', 'int', 'str'];
export const PY_RESERVED: ReadonlySet<string> = new Set([...PY_KEYWORDS, ...PY_BASESETTINGS_ATTRS, ...PY_CLASS_BODY_NAMES]);

/** `DB_PASSWORD` → `DBPassword`, `X_1` → `X1`, `_PRIVATE` → `Private`, `_1` → `Env1`. */
export function goBaseName(env: string): string {
  const name = env
    .split('_')
    .filter((part) => part !== '')
    .map((part) => (GO_INITIALISMS.has(part) ? part : part[0] + part.slice(1).toLowerCase()))
    .join('');
  // Exported means starting with an upper-case letter; `_`, `__` and `_1` give none.
  const exported = /^[A-Z]/.test(name) ? name : `Env${name}`;
  return GO_RESERVED.has(exported) ? `Env${exported}` : exported;
}

/** `DB_PASSWORD` → `db_password`, `CLASS` → `class_`, `_PRIVATE` → `private`, `_1` → `env_1`. */
export function pythonBaseName(env: string): string {
  // pydantic treats a leading underscore as a private attribute, not a field.
  let name = env.toLowerCase().replace(/^_+/, '');
  if (name === '') name = 'env';
  else if (/^[0-9]/.test(name)) name = `env_${name}`;
  return PY_RESERVED.has(name) ? `${name}_` : name;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Give every env name a distinct identifier. The first env name (code-unit order) with a given base
 * keeps it; later ones take `suffix(base, n)` for the lowest n >= 2 not already used by anyone.
 */
export function assignNames(envs: readonly string[], base: (env: string) => string, suffix: (base: string, n: number) => string): Map<string, string> {
  const sorted = [...new Set(envs)].sort(byCodeUnit);
  const bases = new Map(sorted.map((env) => [env, base(env)]));
  const owner = new Map<string, string>();
  for (const env of sorted) {
    const b = bases.get(env)!;
    if (!owner.has(b)) owner.set(b, env);
  }
  const taken = new Set(owner.keys());
  const names = new Map<string, string>();
  for (const env of sorted) {
    const b = bases.get(env)!;
    if (owner.get(b) === env) {
      names.set(env, b);
      continue;
    }
    let n = 2;
    while (taken.has(suffix(b, n))) n++;
    const name = suffix(b, n);
    taken.add(name);
    names.set(env, name);
  }
  return new Map(envs.map((env) => [env, names.get(env)!]));
}

const goSuffix = (base: string, n: number): string => `${base}${n}`;
const pySuffix = (base: string, n: number): string => (base.endsWith('_') ? `${base}${n}` : `${base}_${n}`);

/** Env name → exported Go field name, for every key the validators check. */
export function goFieldNames(m: Model): Map<string, string> {
  return assignNames(validatorKeys(m).map((k) => k.env), goBaseName, goSuffix);
}

/** Env name → Python attribute name, for every key the validators check. */
export function pythonFieldNames(m: Model): Map<string, string> {
  return assignNames(validatorKeys(m).map((k) => k.env), pythonBaseName, pySuffix);
}

/**
 * One line ("field: rule") describing every identifier renamed to resolve a collision in the
 * languages the model generates, or null when none was. We resolve collisions, so this is meant
 * for `model.warnings`, not for refusing the answers.
 */
export function identifierCollisions(m: Model): string | null {
  const keys = validatorKeys(m);
  const notes: string[] = [];
  let firstField: string | null = null;
  const check = (language: string, names: Map<string, string>, base: (env: string) => string) => {
    for (const k of keys) {
      const name = names.get(k.env)!;
      const b = base(k.env);
      if (name === b) continue;
      const other = keys.find((o) => o.env !== k.env && names.get(o.env) === b);
      notes.push(`${k.env} is ${language} ${name} because ${other?.env ?? 'another key'} is ${b}`);
      firstField ??= k.field ?? other?.field ?? null;
    }
  };
  if (m.languages.includes('go')) check('Go field', goFieldNames(m), goBaseName);
  if (m.languages.includes('python')) check('Python field', pythonFieldNames(m), pythonBaseName);
  if (notes.length === 0) return null;
  return `${firstField ?? 'secrets'}: env names map to the same identifier, renamed in generated code: ${notes.join('; ')}`;
}
