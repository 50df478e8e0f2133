// The word-level heuristics behind rule 3, as tables: which names hold secrets, which values are
// references or placeholders, which strings are credentials by their format alone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isSecretName, splitWords } from '../../src/check/rules/names.js';
import { isSecretValue, isWeakLiteral, looksLikeCredential, looksRandom } from '../../src/check/rules/values.js';
import { DETECTORS, findTokens } from '../../src/check/rules/detectors.js';
import { isBundle, isTranslationPath } from '../../src/check/classify.js';
import { RULES } from '../../src/check/rules/index.js';
import { RULE_IDS } from '../../src/check/types.js';
import { TOKENS } from './helpers/fixtures.js';

describe('isSecretName', () => {
  it.each(['password', 'DB_PASSWORD', 'dbPassword', 'APIKey', 'api_key', 'api-key', 'apiKey', 'JWT_SECRET', 'client_secret', 'GITHUB_TOKEN', 'access_token', 'secret_id', 'VAULT_SECRET_ID', 'PGPASSWORD', 'private_key', 'signingKey', 'spring.datasource.password', 'this.token', 'credentials', 'db_pass', 'passphrase', 'INIT_CLIENT_API_TOKENS', 'ADMIN_PASSWORDS', 'api_keys', 'GHTOKENS', 'secret_key'])(
    '%s names a secret',
    (name) => expect(isSecretName(name)).toBe(true),
  );
  it.each(['passwordMinLength', 'token_url', 'tokenEndpoint', 'secretName', 'secretKeyRef', 'secretStoreRef', 'existingSecret', 'max_tokens', 'is_secret', 'hasPassword', 'password_field', 'aws_access_key_id', 'secret_id_accessor', 'tokenizer', 'passthrough', 'bypass', 'key', 'client_id', 'VAULT_ROLE_ID', 'token_type', 'PASSWORD_PROMPT', 'credentials_file', 'passwordKey', 'tokenKey', 'adminPasswordKey', 'secretRefs.existingSecret', 'password_confirmation'])(
    '%s does not',
    (name) => expect(isSecretName(name)).toBe(false),
  );
  it('splits snake, kebab, dotted and camel case', () => {
    expect(splitWords('DBPassword')).toEqual(['db', 'password']);
    expect(splitWords('apiKey-v2.value')).toEqual(['api', 'key', 'v2', 'value']);
  });
});

describe('isSecretValue', () => {
  it.each(['supersecret123', 'hunter2', 'changeme', 'Tr0ub4dor&3', 'p4ssw0rd-prod'])('%s is a literal secret in source', (v) => expect(isSecretValue(v, true)).toBe(true));
  it.each([
    '${DB_PASSWORD}',
    '$DB_PASSWORD',
    '$(cat /run/secrets/db)',
    '{{ .Values.password }}',
    '<redacted>',
    '********',
    'xxxxxxxx',
    'your-api-key-here',
    'REPLACE_ME',
    'DB_PASSWORD',
    '/run/secrets/db_password',
    'vault:secret/data/app#password',
    'arn:aws:secretsmanager:eu-west-1:123:secret:db',
    'z.string().min(1)',
    'os.getenv("X")',
    'sha256:0c3d2f1e',
    'billing-api-vault-auth',
    'app-secrets',
    'true',
    'abc',
  ])('%s is a reference or placeholder', (v) => expect(isSecretValue(v, true)).toBe(false));
  it('wants a random-looking value where examples are expected', () => {
    expect(isSecretValue('changeme', false)).toBe(false);
    expect(isSecretValue('supersecret123', false)).toBe(false);
    expect(looksRandom('16fdaeeb975729fae923d5a4fd12aabf')).toBe(true);
    expect(isSecretValue('LZDe1f8rESQedUStPKR0CsTy4Qwb8Dwk', false)).toBe(true);
  });
});

describe('value shape', () => {
  it.each(['Sup3r-S3cret-Adm1n!', 'minio123', 'hunter22', 'qWeRtYuIoPaSdFgHjKlZ', '9f86d081884c7d659a2feaa0c55ad015'])('%s looks like a credential', (v) => expect(looksLikeCredential(v)).toBe(true));
  it.each(['ReadOnly', 'write', 'userpass', 'kubernetes-service-account', 'Mot de passe', 'required|string|min:8', 'same:password', 'unable to get token: %w', '%s:%s@%s', 'v1.22.0', 'admin-password', 'X-Auth-Token', 'ReadOnlyWriteMode'])('%s does not', (v) =>
    expect(looksLikeCredential(v)).toBe(false),
  );
  it('knows weak literals, the key name as its own value included', () => {
    expect(isWeakLiteral('password')).toBe(true);
    expect(isWeakLiteral('postgres')).toBe(true);
    expect(isWeakLiteral('Secret', 'SECRET')).toBe(true);
    expect(isWeakLiteral('token', 'auth.token')).toBe(false);
    expect(isSecretValue('secret', true, 'SECRET')).toBe(true);
    expect(isSecretValue('secret', false, 'SECRET')).toBe(false);
  });
  it('reads $$ escapes as references', () => expect(isSecretValue('$${POSTGRES_PASSWORD}', true)).toBe(false));
});

describe('content and path classes', () => {
  it('spots bundles by their long lines, whatever their name', () => {
    const long = 'var a=function(e){return e.password="x"};'.repeat(60);
    expect(isBundle(['/*! header */', ...Array(12).fill(long)].join('\n'))).toBe(true);
    expect(isBundle(Array(400).fill('const password = process.env.PASSWORD;').join('\n'))).toBe(false);
  });
  it('spots translation catalogues', () => {
    for (const p of ['internal/i18n/locales/fr.json', 'resources/lang/fr/auth.php', 'config/locales/de.yml', 'po/fr.po', 'messages_de.properties']) expect(isTranslationPath(p)).toBe(true);
    for (const p of ['config/app.yaml', 'src/language.ts']) expect(isTranslationPath(p)).toBe(false);
  });
});

describe('detector table', () => {
  it('gives every row a unique id, keywords and a pattern that compiles', () => {
    expect(new Set(DETECTORS.map((d) => d.id)).size).toBe(DETECTORS.length);
    for (const d of DETECTORS) {
      expect(d.keywords.length).toBeGreaterThan(0);
      expect(() => new RegExp(d.pattern)).not.toThrow();
    }
  });
});

describe('findTokens', () => {
  const labels = (t: string) => findTokens(t).map((m) => m.format.label);
  it('finds credential formats anywhere, whatever they are assigned to', () => {
    expect(labels(`x ${TOKENS.AWS_KEY_ID} y`)).toEqual(['AWS access key id']);
    expect(labels(`"${TOKENS.GITHUB_TOKEN}"`)).toEqual(['GitHub token']);
    expect(labels(`token: ${TOKENS.SLACK_TOKEN}`)).toEqual(['Slack token']);
    expect(labels(`"${TOKENS.PEM_BEGIN}\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"`)).toEqual(['private key']);
  });
  it('skips documentation examples, x-filled templates and tokens glued to longer words', () => {
    expect(labels('AKIAIOSFODNN7EXAMPLE')).toEqual([]);
    expect(labels('ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')).toEqual([]);
    expect(labels(`X${TOKENS.AWS_KEY_ID}`)).toEqual([]);
    expect(labels('-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----')).toEqual([]);
  });
});

describe('rule table', () => {
  it('describes every rule id once, with a severity, a one-line message and a doc line', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual([...RULE_IDS].sort());
    for (const r of RULES) {
      expect(['error', 'warning']).toContain(r.severity);
      for (const text of [r.title, r.message, r.doc, r.policy]) {
        expect(text.length).toBeGreaterThan(5);
        expect(text).not.toContain('\n');
      }
    }
  });

  it('ships pre-commit hooks that run the check command', () => {
    const hooks = parse(readFileSync(new URL('../../.pre-commit-hooks.yaml', import.meta.url), 'utf8')) as Array<{ id: string; entry: string; language: string }>;
    expect(hooks.map((h) => h.id)).toEqual(['mosaic-secrets', 'mosaic-secrets-audit']);
    for (const h of hooks) {
      expect(h.entry).toMatch(/^create-mosaic-secrets check\b/);
      expect(h.language).toBe('node');
    }
  });
});
