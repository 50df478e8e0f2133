// Env names → Go and Python identifiers: initialisms, keywords, odd starts, and deterministic,
// order-independent collision resolution.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel, type Answers } from '../../src/model.js';
import {
  goBaseName,
  goFieldNames,
  identifierCollisions,
  PY_RESERVED,
  pythonBaseName,
  pythonFieldNames,
} from '../../src/render/identifiers.js';
import { KEY_SETS } from './vectors.js';

const GO_EXPORTED = /^[A-Z][A-Za-z0-9]*$/;
const PY_FIELD = /^[a-z][a-z0-9_]*$/;

const model = (answers: Partial<Answers>) => buildModel({ app: 'demo', namespace: 'demo', languages: ['go', 'python'], ...answers });
const secrets = (...envs: string[]) => ({ secrets: envs.map((env) => ({ env })) });

describe('goBaseName', () => {
  it.each([
    ['DB_PASSWORD', 'DBPassword'],
    ['API_KEY', 'APIKey'],
    ['JWT_SECRET', 'JWTSecret'],
    ['DATABASE_URL', 'DatabaseURL'],
    ['USER_ID', 'UserID'],
    ['HTTP_TLS_CERT', 'HTTPTLSCert'],
    ['API_URL', 'APIURL'],
    ['APIURL', 'Apiurl'],
    ['S3_BUCKET', 'S3Bucket'],
    ['X_1', 'X1'],
    ['_PRIVATE', 'Private'],
    ['_1', 'Env1'],
    ['_', 'Env'],
    ['STRING', 'EnvString'],
    ['GO_STRING', 'EnvGoString'],
  ])('%s → %s', (env, name) => {
    expect(goBaseName(env)).toBe(name);
  });
});

describe('pythonBaseName', () => {
  it.each([
    ['DB_PASSWORD', 'db_password'],
    ['CLASS', 'class_'],
    ['IMPORT', 'import_'],
    ['TYPE', 'type'],
    ['_PRIVATE', 'private'],
    ['__DUNDER__', 'dunder__'],
    ['X_1', 'x_1'],
    ['_1', 'env_1'],
    ['_', 'env'],
    ['MODEL_CONFIG', 'model_config_'],
    ['MODEL_NAME', 'model_name'],
    ['JSON', 'json_'],
    ['STR', 'str_'],
  ])('%s → %s', (env, name) => {
    expect(pythonBaseName(env)).toBe(name);
  });
});

describe('collisions', () => {
  it('API_URL and APIURL stay apart; API__URL takes a suffix in Go', () => {
    const m = model(secrets('API__URL', 'APIURL', 'API_URL'));
    expect(Object.fromEntries(goFieldNames(m))).toEqual({ API__URL: 'APIURL2', APIURL: 'Apiurl', API_URL: 'APIURL' });
    expect(Object.fromEntries(pythonFieldNames(m))).toEqual({ API__URL: 'api__url', APIURL: 'apiurl', API_URL: 'api_url' });
  });

  it('_PRIVATE yields to PRIVATE in both languages, whatever the order', () => {
    for (const envs of [['_PRIVATE', 'PRIVATE'], ['PRIVATE', '_PRIVATE']]) {
      const m = model(secrets(...envs));
      expect(goFieldNames(m).get('_PRIVATE')).toBe('Private2');
      expect(pythonFieldNames(m).get('_PRIVATE')).toBe('private_2');
      expect(pythonFieldNames(m).get('PRIVATE')).toBe('private');
    }
  });

  it('a suffix skips names already owned by another key', () => {
    const m = model(secrets('CLASS', 'CLASS_', 'CLASS_2'));
    // CLASS → class_ (keyword), CLASS_ → class_ too, and class_2 belongs to CLASS_2.
    expect(Object.fromEntries(pythonFieldNames(m))).toEqual({ CLASS: 'class_', CLASS_: 'class_3', CLASS_2: 'class_2' });
  });

  it('every name is a valid, distinct, unreserved identifier and does not depend on key order', () => {
    const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(envName, { minLength: 1, maxLength: 25 }).chain((envs) => fc.tuple(fc.constant(envs), fc.shuffledSubarray(envs, { minLength: envs.length }))),
        ([envs, shuffled]) => {
          const m = model(secrets(...envs));
          const again = model(secrets(...shuffled));
          for (const [names, namesAgain, valid] of [
            [goFieldNames(m), goFieldNames(again), (s: string) => GO_EXPORTED.test(s) && s !== 'String' && s !== 'GoString'],
            [pythonFieldNames(m), pythonFieldNames(again), (s: string) => PY_FIELD.test(s) && !PY_RESERVED.has(s)],
          ] as const) {
            expect(new Set(names.values()).size).toBe(envs.length);
            for (const name of names.values()) expect(valid(name), name).toBe(true);
            expect(Object.fromEntries(namesAgain)).toEqual(Object.fromEntries(names));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('identifierCollisions', () => {
  it('is null when no identifier had to be renamed', () => {
    expect(identifierCollisions(buildModel(KEY_SETS.find((s) => s.name === 'reference')!.answers))).toBeNull();
    expect(identifierCollisions(model(secrets('API_URL', 'APIURL')))).toBeNull();
  });

  it('names the renamed keys in one "field: rule" line', () => {
    const message = identifierCollisions(model(secrets('PRIVATE', 'API_URL', '_PRIVATE', 'API__URL')))!;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^secrets\[2\]\.env: /);
    expect(message).toContain('_PRIVATE is Go field Private2 because PRIVATE is Private');
    expect(message).toContain('API__URL is Go field APIURL2 because API_URL is APIURL');
    expect(message).toContain('_PRIVATE is Python field private_2 because PRIVATE is private');
  });

  it('only counts the languages being generated', () => {
    expect(identifierCollisions(model({ ...secrets('API_URL', 'API__URL'), languages: ['python'] }))).toBeNull();
    expect(identifierCollisions(model({ ...secrets('API_URL', 'API__URL'), languages: ['go'] }))).toMatch(/APIURL2/);
  });
});
