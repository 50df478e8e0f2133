// The one table of test vectors that drives the TypeScript, Python and Go validators alike:
// key sets (answers) and env sets → accept with typed values, or reject naming exactly these keys.
//
// Secret values below are fixtures, each distinctive enough that finding it in a validator's output
// proves a leak. None is real.
import type { Answers } from '../../src/model.js';

export interface KeySet {
  /** Directory name in the temp projects, and the Go sub-module path. */
  name: string;
  answers: Answers;
}

/** What a rejected key broke: `required` (unset/empty), `short` (below minLength), `invalid` (config rule). */
export type Broken = 'required' | 'short' | 'invalid';

export type Expect =
  /** Accepted. `config` lists config values that differ from the defaults (typed as the app sees them). */
  | { ok: true; config?: Record<string, string | number | boolean> }
  /** Rejected: every key listed (and no other) is reported, with the rule it broke. */
  | { ok: false; problems: Record<string, Broken> };

export interface Vector {
  keySet: string;
  name: string;
  env: Record<string, string>;
  expect: Expect;
}

const GO_MODULE_ROOT = 'example.com/mosaictest';
const languages: Answers['languages'] = ['typescript', 'python', 'go'];

// ---------------------------------------------------------------------------------------------
// Key sets

const reference: KeySet = {
  name: 'reference',
  answers: {
    app: 'billing-api',
    namespace: 'billing',
    languages,
    goModule: `${GO_MODULE_ROOT}/reference`,
    secrets: [
      { env: 'DB_PASSWORD', description: 'Postgres password for the billing schema' },
      { env: 'API_KEY', description: 'Payment provider key */ """ `x` {{y}} ${z}' },
      { env: 'JWT_SECRET', minLength: 32, description: 'HMAC key that signs session tokens' },
    ],
    config: [
      { env: 'PORT', default: '3000', type: 'int', reason: 'non-secret, app works at any port' },
      { env: 'LOG_LEVEL', default: 'info', type: 'enum', values: ['debug', 'info', 'warn', 'error'], reason: 'non-secret verbosity' },
      { env: 'FEATURE_X', default: 'false', type: 'bool', reason: 'off unless asked for' },
      { env: 'GREETING', default: 'hello "wörld" \\ {x} %s', reason: 'cosmetic text', description: 'Shown on the landing page' },
    ],
  },
};

/** Python keywords and BaseSettings attributes, odd starts, Go initialism collisions, a Go method name. */
const awkward: KeySet = {
  name: 'awkward',
  answers: {
    app: 'awkward-keys',
    namespace: 'awkward',
    languages,
    pythonPackage: 'src/awkward_pkg',
    goModule: `${GO_MODULE_ROOT}/awkward`,
    secrets: [
      { env: 'CLASS' },
      { env: 'IMPORT', minLength: 3 },
      { env: '_PRIVATE' },
      { env: 'PRIVATE' },
      { env: 'X_1' },
      { env: 'API_URL' },
      { env: 'APIURL' },
      { env: 'API__URL' },
      { env: 'STRING' },
      { env: 'MODEL_CONFIG' },
    ],
    config: [
      { env: 'TYPE', default: 'plain', type: 'enum', values: ['a"b', '{x}', 'ü', 'plain', '$HOME'], reason: 'non-secret mode' },
      { env: 'STR', default: '-5', type: 'int', reason: 'non-secret offset' },
      { env: 'JSON', default: 'True', type: 'bool', reason: 'non-secret switch' },
      { env: '_1', default: '', reason: 'empty is fine' },
    ],
  },
};

const FIFTY_SECRETS = 30;
const fiftyConfigType = (i: number) => (['int', 'bool', 'enum', 'string'] as const)[i % 4]!;
const fifty: KeySet = {
  name: 'fifty',
  answers: {
    app: 'fifty-keys',
    namespace: 'fifty',
    languages,
    goModule: `${GO_MODULE_ROOT}/fifty`,
    secrets: Array.from({ length: FIFTY_SECRETS }, (_, i) => ({ env: `SECRET_${String(i).padStart(2, '0')}`, minLength: 1 + (i % 5) * 4 })),
    config: Array.from({ length: 50 - FIFTY_SECRETS }, (_, i) => {
      const type = fiftyConfigType(i);
      const env = `SETTING_${String(i).padStart(2, '0')}`;
      if (type === 'int') return { env, type, default: String(i * 100 - 700), reason: 'non-secret number' };
      if (type === 'bool') return { env, type, default: i % 8 === 1 ? 'true' : 'F', reason: 'non-secret flag' };
      if (type === 'enum') return { env, type, default: 'b', values: ['a', 'b', 'c'], reason: 'non-secret choice' };
      return { env, type, default: `text ${i}`, reason: 'non-secret text' };
    }),
  },
};

const directVault: KeySet = {
  name: 'directvault',
  answers: {
    app: 'ledger-sync',
    namespace: 'ledger',
    mode: 'direct-vault',
    justification: 'database credentials rotate every 15 minutes',
    languages,
    pythonPackage: 'app',
    goModule: `${GO_MODULE_ROOT}/directvault`,
    secrets: [{ env: 'DB_PASSWORD', minLength: 12 }],
    config: [{ env: 'PORT', default: '8080', type: 'int', reason: 'non-secret' }],
  },
};

/** No keys at all: every template must still compile, vet and run. */
const empty: KeySet = {
  name: 'empty',
  answers: { app: 'no-keys', namespace: 'none', languages, goModule: `${GO_MODULE_ROOT}/empty` },
};

export const KEY_SETS: KeySet[] = [reference, awkward, fifty, directVault, empty];

// ---------------------------------------------------------------------------------------------
// Vectors

const astral = (n: number) => '𝔘'.repeat(n); // one code point, two UTF-16 units, four UTF-8 bytes

const refSecrets = {
  DB_PASSWORD: 'pg-Kx7#vQ2!mZ',
  API_KEY: 'pk_live_Hf83nDq0aLw',
  JWT_SECRET: 'jwt-0123456789-abcdefghijklmnopqrstuv',
};

const v = (keySet: KeySet, name: string, env: Record<string, string>, expect: Expect): Vector => ({ keySet: keySet.name, name, env, expect });

const referenceVectors: Vector[] = [
  v(reference, 'accepts the secrets alone, config at its defaults', { ...refSecrets }, { ok: true }),
  v(reference, 'accepts config overrides, an empty string config as given', { ...refSecrets, PORT: '8080', LOG_LEVEL: 'debug', FEATURE_X: 'T', GREETING: '' }, { ok: true, config: { PORT: 8080, LOG_LEVEL: 'debug', FEATURE_X: true, GREETING: '' } }),
  v(reference, 'accepts the 32-bit int limits and ParseBool spellings (max)', { ...refSecrets, PORT: '2147483647', FEATURE_X: 'True' }, { ok: true, config: { PORT: 2147483647, FEATURE_X: true } }),
  v(reference, 'accepts the 32-bit int limits and ParseBool spellings (min)', { ...refSecrets, PORT: '-2147483648', FEATURE_X: '0' }, { ok: true, config: { PORT: -2147483648, FEATURE_X: false } }),
  v(reference, 'reads -0 as 0', { ...refSecrets, PORT: '-0', FEATURE_X: 'FALSE' }, { ok: true, config: { PORT: 0, FEATURE_X: false } }),
  v(reference, 'counts code points: 32 astral characters are long enough', { ...refSecrets, JWT_SECRET: astral(32) }, { ok: true }),
  v(reference, 'ignores unrelated variables', { ...refSecrets, UNRELATED: 'x', db_password: 'lower-case-twin' }, { ok: true }),
  v(reference, 'rejects an empty environment, naming every secret', {}, { ok: false, problems: { DB_PASSWORD: 'required', API_KEY: 'required', JWT_SECRET: 'required' } }),
  v(reference, 'rejects an empty secret as missing', { ...refSecrets, API_KEY: '' }, { ok: false, problems: { API_KEY: 'required' } }),
  v(reference, 'rejects 31 code points even when they are 62 UTF-16 units', { ...refSecrets, JWT_SECRET: astral(31) }, { ok: false, problems: { JWT_SECRET: 'short' } }),
  v(reference, 'rejects a 31-character secret', { ...refSecrets, JWT_SECRET: 'jwt-too-short-0123456789abcdefg' }, { ok: false, problems: { JWT_SECRET: 'short' } }),
  v(reference, 'is case-sensitive: db_password is not DB_PASSWORD', { API_KEY: refSecrets.API_KEY, JWT_SECRET: refSecrets.JWT_SECRET, db_password: 'lower-case-only-pw' }, { ok: false, problems: { DB_PASSWORD: 'required' } }),
  ...['0x10', '010', '1_000', ' 80', '80 ', '+80', '2147483648', '-2147483649', '1e3', '', '٣', '99999999999999999999999', '3.0'].map((port) =>
    v(reference, `rejects int ${JSON.stringify(port)}`, { ...refSecrets, PORT: port }, { ok: false, problems: { PORT: 'invalid' } }),
  ),
  ...['yes', 'on', 'tRUE', '', '2', ' true'].map((flag) =>
    v(reference, `rejects bool ${JSON.stringify(flag)}`, { ...refSecrets, FEATURE_X: flag }, { ok: false, problems: { FEATURE_X: 'invalid' } }),
  ),
  ...['INFO', ' info', ''].map((level) =>
    v(reference, `rejects enum ${JSON.stringify(level)}`, { ...refSecrets, LOG_LEVEL: level }, { ok: false, problems: { LOG_LEVEL: 'invalid' } }),
  ),
  v(reference, 'reports every problem at once, in declaration order', { JWT_SECRET: 'short-jwt-Qw9', PORT: 'eighty', LOG_LEVEL: 'loud', FEATURE_X: 'maybe' }, {
    ok: false,
    problems: { DB_PASSWORD: 'required', API_KEY: 'required', JWT_SECRET: 'short', PORT: 'invalid', LOG_LEVEL: 'invalid', FEATURE_X: 'invalid' },
  }),
];

const awkSecrets = {
  CLASS: 'class-secret-Aa1',
  IMPORT: 'import-secret-Bb2',
  _PRIVATE: 'underscore-private-Cc3',
  PRIVATE: 'plain-private-Dd4',
  X_1: 'x-one-secret-Ee5',
  API_URL: 'https://api.example.test/Ff6',
  APIURL: 'https://apiurl.example.test/Gg7',
  API__URL: 'https://api2.example.test/Hh8',
  STRING: 'string-secret-Ii9',
  MODEL_CONFIG: 'model-config-secret-Jj0',
};

const awkwardVectors: Vector[] = [
  v(awkward, 'accepts every awkward name, config at its defaults', { ...awkSecrets }, { ok: true }),
  v(awkward, 'accepts enum members with quotes, braces, non-ASCII and $', { ...awkSecrets, TYPE: 'a"b', STR: '42', JSON: 'f', _1: 'one' }, { ok: true, config: { TYPE: 'a"b', STR: 42, JSON: false, _1: 'one' } }),
  v(awkward, 'accepts enum member {x}', { ...awkSecrets, TYPE: '{x}' }, { ok: true, config: { TYPE: '{x}' } }),
  v(awkward, 'accepts enum member ü', { ...awkSecrets, TYPE: 'ü' }, { ok: true, config: { TYPE: 'ü' } }),
  v(awkward, 'keeps colliding names apart', { ...awkSecrets, _PRIVATE: '', API__URL: '' }, { ok: false, problems: { _PRIVATE: 'required', API__URL: 'required' } }),
  v(awkward, 'names keyword and odd keys when missing or short', { API_URL: awkSecrets.API_URL, APIURL: awkSecrets.APIURL, IMPORT: 'ǂq', TYPE: 'u', STR: '-05', JSON: 'no' }, {
    ok: false,
    problems: { CLASS: 'required', IMPORT: 'short', _PRIVATE: 'required', PRIVATE: 'required', X_1: 'required', API__URL: 'required', STRING: 'required', MODEL_CONFIG: 'required', TYPE: 'invalid', STR: 'invalid', JSON: 'invalid' },
  }),
  v(awkward, 'rejects an enum value that is only close to a member', { ...awkSecrets, TYPE: '{x} ' }, { ok: false, problems: { TYPE: 'invalid' } }),
];

const fiftyEnv = (): Record<string, string> =>
  Object.fromEntries(Array.from({ length: FIFTY_SECRETS }, (_, i) => [`SECRET_${String(i).padStart(2, '0')}`, `fifty-secret-${i}-Zq8wXv3Lp0`]));

const fiftyVectors: Vector[] = [
  v(fifty, 'accepts 30 secrets with 20 config defaults', fiftyEnv(), { ok: true }),
  v(fifty, 'rejects an empty environment, naming all 30 secrets', {}, {
    ok: false,
    problems: Object.fromEntries(Array.from({ length: FIFTY_SECRETS }, (_, i) => [`SECRET_${String(i).padStart(2, '0')}`, 'required' as const])),
  }),
  v(fifty, 'names short secrets and invalid config among 50 keys', { ...fiftyEnv(), SECRET_04: 'Ωshort-sec-04', SECRET_29: 'Ωshort-29', SETTING_00: '1.5', SETTING_01: 'yes', SETTING_02: 'd', SETTING_19: 'anything' }, {
    ok: false,
    problems: { SECRET_04: 'short', SECRET_29: 'short', SETTING_00: 'invalid', SETTING_01: 'invalid', SETTING_02: 'invalid' },
  }),
];

const dvSecrets = { DB_PASSWORD: 'ledger-db-pw-Rr5tY', VAULT_ADDR: 'https://vault.ledger.test:8200', VAULT_ROLE_ID: 'role-id-0f9e8d7c', VAULT_SECRET_ID: 'secret-id-6b5a4c3d' };
const directVaultVectors: Vector[] = [
  v(directVault, 'accepts the app secret and the AppRole bootstrap', { ...dvSecrets }, { ok: true }),
  v(directVault, 'requires VAULT_ADDR, VAULT_ROLE_ID and VAULT_SECRET_ID', { DB_PASSWORD: dvSecrets.DB_PASSWORD, VAULT_SECRET_ID: '' }, {
    ok: false,
    problems: { VAULT_ADDR: 'required', VAULT_ROLE_ID: 'required', VAULT_SECRET_ID: 'required' },
  }),
  v(directVault, 'checks the app secret minLength alongside', { ...dvSecrets, DB_PASSWORD: 'ledger-pw01', PORT: '8o8o' }, { ok: false, problems: { DB_PASSWORD: 'short', PORT: 'invalid' } }),
];

const emptyVectors: Vector[] = [v(empty, 'accepts any environment', { UNRELATED: 'x' }, { ok: true })];

export const VECTORS: Vector[] = [...referenceVectors, ...awkwardVectors, ...fiftyVectors, ...directVaultVectors, ...emptyVectors];
