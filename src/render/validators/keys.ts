// The one list of keys every startup validator checks, and the rule texts they print.
// TypeScript, Python and Go read the same list and print the same lines, so a shared table of test
// vectors can hold them to identical behaviour.
import { BOOL_FALSE, BOOL_TRUE, INT_MAX, INT_MIN, type ConfigKey, type Model } from '../../model.js';

/** A value that must be present, non-empty and at least `minLength` Unicode code points long. */
export interface RequiredKey {
  kind: 'required';
  env: string;
  description: string;
  minLength: number;
  /** Hidden from repr/String() output (Python SecretStr, Go's redacting String()). VAULT_ADDR is not. */
  sensitive: boolean;
  /** Rule printed when the value is shorter than minLength. */
  tooShort: string;
  /** Where the key comes from in the answers (`secrets[2].env`), or null for the Direct-Vault bootstrap keys. */
  field: string | null;
}

/** A non-secret value with a default that is safe to run on. */
export interface ConfigValidatorKey {
  kind: 'config';
  env: string;
  description: string;
  type: ConfigKey['type'];
  values: string[];
  /** The default as the validator's typed value. */
  fallback: string | number | boolean;
  /** The default as written in the answers (envconfig's `default:` tag reads this). */
  defaultText: string;
  reason: string;
  /** Rule printed when a set value is invalid; null for type string (anything goes). */
  invalid: string | null;
  field: string;
}

export type ValidatorKey = RequiredKey | ConfigValidatorKey;

/** First line of every failure report; each problem follows as `  KEY: rule`. */
export const REPORT_HEADER = 'missing or invalid environment variables (values are not shown):';
/** Unset or empty: a k8s secretKeyRef to an empty key yields "", which is no secret at all. */
export const REQUIRED_RULE = 'is required (unset or empty)';
export const INT_RULE = `must be a whole number from ${INT_MIN} to ${INT_MAX}, written plainly (like 3000)`;
export const BOOL_RULE = `must be one of ${[...BOOL_TRUE, ...BOOL_FALSE].join(', ')}`;
export const tooShortRule = (minLength: number): string =>
  `must be at least ${minLength} character${minLength === 1 ? '' : 's'} (Unicode code points)`;
export const enumRule = (values: string[]): string => `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;

/** Exactly what a validator prints on stderr for these problems (TS, Python and Go alike). */
export function failureReport(app: string, problems: { env: string; rule: string }[]): string {
  return [`${app}: ${REPORT_HEADER}`, ...problems.map((p) => `  ${p.env}: ${p.rule}`)].join('\n');
}

function typedDefault(c: ConfigKey): string | number | boolean {
  if (c.type === 'int') return Number(c.default);
  if (c.type === 'bool') return (BOOL_TRUE as readonly string[]).includes(c.default);
  return c.default;
}

function invalidRule(c: ConfigKey): string | null {
  if (c.type === 'int') return INT_RULE;
  if (c.type === 'bool') return BOOL_RULE;
  if (c.type === 'enum') return enumRule(c.values);
  return null;
}

/**
 * Every key the validators check, in report order: secrets, then (Direct-Vault only) the AppRole
 * bootstrap keys, then config. The only place that decides the Direct-Vault additions.
 */
export function validatorKeys(m: Model): ValidatorKey[] {
  const required: RequiredKey[] = m.secrets.map((s, i) => ({
    kind: 'required',
    env: s.env,
    description: s.description.trim(),
    minLength: s.minLength,
    sensitive: true,
    tooShort: tooShortRule(s.minLength),
    field: `secrets[${i}].env`,
  }));
  if (m.directVault) {
    const from = m.directVault.bootstrapPath;
    const bootstrap = (env: string, description: string, sensitive: boolean): RequiredKey => ({
      kind: 'required',
      env,
      description,
      minLength: 1,
      sensitive,
      tooShort: tooShortRule(1),
      field: null,
    });
    required.push(
      bootstrap('VAULT_ADDR', 'Vault address for the AppRole login (Direct-Vault)', false),
      bootstrap('VAULT_ROLE_ID', `AppRole role-id, synced by ESO from ${from}`, true),
      bootstrap('VAULT_SECRET_ID', `AppRole secret-id, synced by ESO from ${from}`, true),
    );
  }
  const config: ConfigValidatorKey[] = m.config.map((c, i) => ({
    kind: 'config',
    env: c.env,
    description: c.description.trim(),
    type: c.type,
    values: c.values,
    fallback: typedDefault(c),
    defaultText: c.default,
    reason: c.reason.trim(),
    invalid: invalidRule(c),
    field: `config[${i}].env`,
  }));
  return [...required, ...config];
}

