// fast-check arbitraries for hostile answers: what an operator might paste or type, valid or not.
// Most cases are built to pass the model (so the renderers get exercised), a steady fraction breaks
// exactly one or a few rules (so the refusals get exercised), and free text is drawn from YAML-1.1
// traps, template and comment syntax, quotes, backslashes, HTML entities and arbitrary Unicode.
import fc from 'fast-check';
import { BOOL_FALSE, BOOL_TRUE, INT_MAX, INT_MIN } from '../../src/model.js';

type Raw = Record<string, unknown>;

/** Fragments that break naive YAML, Markdown, Handlebars, code literals, comments or shells. */
export const PRINTABLE_TRAPS = [
  // YAML 1.1 scalars that are not strings, and YAML syntax
  'yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'NO', 'On', 'true', 'False', '~', 'null', 'Null', 'NULL',
  '0777', '0o17', '0x10', '1e3', '1_000', '12:30:00', '2001-12-14', '.inf', '-.inf', '.nan', '.NaN',
  '-', '- ', '?', '? ', ':', ': ', ' :', '#', ' #', '# ', '---', '...', '!', '!!str', '!!binary', '%YAML 1.2',
  '&anchor', '*alias', '<<', '@', '`', '|', '|-', '>', '>-', '[', ']', '{', '}', ',', '[a, b]', '{a: b}',
  "'", '"', "''", '""', '\\', '\\\\', '\\n', '\\u0000', '\\"', "\\'", '\\x41', '\\U0001F600',
  // template engines and interpolation
  '{{', '}}', '{{app}}', '{{{app}}}', '{{> p}}', '{{!-- c --}}', '{{#each x}}', '\\{{x}}', '${VAR}', '${', '$${x}',
  '%{', '%{ if true }x%{ endif }', '$(id)', '$(VAULT_SECRET_ID)', '$$(X)', 'cost $$5', '`id`', '$VAR', '$', '%s', '%v', '%', '%%',
  // HTML, entities and Markdown
  '&', '<', '>', '&amp;', '&lt;', '&gt;', '&quot;', '&#x27;', '&#x3D;', '&#39;', '&#x60;', '<b>x</b>', '<!-- x -->',
  '<script>alert(1)</script>', '**b**', '__u__', '*', '_', '~~s~~', '[l](http://x)', '![i](x)', '| a | b |',
  '\\|', '`code`', '```', '<http://x>', 'www.example.com', '$x^2$', '[^1]', '# H', '> q', '1. x', '+ x',
  // comments and string ends of the target languages
  '//', '/*', '*/', '#!', '"""', "'''", '--', ';', '&&', '||', '<<EOF', 'EOF', '; rm -rf /', '\'"$`\\',
  // our own comment tag
  'safe-default:', '# safe-default: x',
  // whitespace and Unicode that is printable
  ' ', '  ', '\u00a0', '\u3000', '\u200b', '\u200d', '\u202e', 'é', 'ß', 'İ', 'ﬃ', '日本語', 'Ω', '🔑', '👨‍👩‍👧', '\u{10ffff}',
  '\ufdd0', 'ﷺ', '\u0301', 'e\u0301',
];

/** Fragments every target must refuse (or that the model must refuse): line breaks, controls, invalid Unicode. */
export const BAD_TRAPS = [
  '\n', '\r', '\r\n', '\t', '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u2028', '\u2029', '\v', '\f',
  '\ud800', '\udfff',
];


// ---------------------------------------------------------------------------------------------
// Free text

/**
 * Printable, but not safe everywhere (Go refuses a mid-file BOM, YAML refuses U+FFFE/U+FFFF, our region
 * markers would cut a re-run short): rare in free text, so the model's decision about them gets tested.
 */
export const EDGE_FRAGMENTS = ['\ufeff', '\ufffe', '\uffff', 'mosaic-secrets:end', 'mosaic-secrets:begin', '<!-- mosaic-secrets:end -->'];

const fragment = fc.oneof(
  { weight: 400, arbitrary: fc.constantFrom(...PRINTABLE_TRAPS) },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_FRAGMENTS) },
  { weight: 200, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 200, arbitrary: fc.string({ maxLength: 8 }) },
);

/** Text of at most `max` UTF-16 units, made of hostile but printable pieces (or one long run near the limit). */
export function okText(max: number, minFragments = 0): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.array(fragment, { minLength: minFragments, maxLength: 7 }).map((p) => p.join('').slice(0, max)) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('x', 'é', '🔑', '"', '\\', '{{', '&', '|'), fc.integer({ min: max - 3, max })).map(([c, n]) => c.repeat(Math.ceil(n / c.length)).slice(0, n - (n % c.length))),
    },
  );
}

/** Text the model must refuse: a line break, control or unpaired surrogate inside, or too long. */
export function badText(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.array(fragment, { maxLength: 3 }), fc.constantFrom(...BAD_TRAPS), fc.array(fragment, { maxLength: 3 })).map(([a, b, c]) => a.join('') + b + c.join('')) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', 'é', '"'), fc.integer({ min: max + 1, max: max + 3 })).map(([c, n]) => c.repeat(n)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) },
  );
}

// ---------------------------------------------------------------------------------------------
// Valid-looking answers

const okLabel = (max: number) =>
  fc.oneof(
    { weight: 10, arbitrary: fc.stringMatching(/^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$/) },
    { weight: 1, arbitrary: fc.constantFrom('a', '0', '9lives', 'a--b', 'yes', 'null', 'x'.repeat(max)) },
  );
const badLabel = (max: number) =>
  fc.oneof(
    fc.constantFrom('', '-a', 'a-', 'A', 'Billing', 'a_b', 'a.b', 'a b', 'a\n', 'é', '{{app}}', '"a"', "a'", '~', 'a/b', '..', 'a:b', '#a', 'a&b', 'x'.repeat(max + 1), 'x'.repeat(64)),
    okText(70),
  );

const okEnv = fc.oneof(
  { weight: 10, arbitrary: fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,24}$/) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'PORT', 'DB_PASSWORD', 'API_KEY', 'API_URL', 'API__URL', '_API_URL', '_', '__', '_1', 'ENV_1', 'ENV1', 'A', 'CLASS', 'CLASS_',
      'MODEL_CONFIG', 'SCHEMA', 'STRING', 'GO_STRING', 'INT', 'STR', 'BOOL', 'NONE', 'TRUE', 'SELF', 'FIELD', 'PROTO', '__PROTO__',
      'CONSTRUCTOR', 'X'.repeat(128), 'LOG_LEVEL', 'NODE_ENV', 'VAULT_TOKEN', 'HTTP_PROXY',
    ),
  },
);
const badEnv = fc.constantFrom('db_password', 'Db_Password', '1ABC', 'A-B', 'A B', '', 'ÄÖ', 'A\n', 'X'.repeat(129), 'A.B', '$A', 'A=B', 'VAULT_ADDR', 'VAULT_ROLE_ID', 'VAULT_SECRET_ID');

const okProperty = fc.option(fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/), { nil: undefined, freq: 3 });
const badProperty = fc.constantFrom('Password', 'db-password', 'a.b', '', 'x'.repeat(129), 'a b', 'é', '../x');

const okMinLength = fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined, freq: 2 });
const badMinLength = fc.constantFrom(0, -1, 4097, 1.5, '3', null, Number.NaN);

const okSecret = fc.record({ env: okEnv, property: okProperty, description: fc.option(okText(500), { nil: undefined, freq: 3 }), minLength: okMinLength }).map(clean);

const okEnumValue = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PRINTABLE_TRAPS.filter((t) => t !== '')) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/) },
  { weight: 1, arbitrary: okText(256, 1).filter((s) => s !== '') },
);

const okTyped = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constantFrom(undefined, 'string'), default: fc.oneof(fc.constantFrom(...PRINTABLE_TRAPS, '', '3000', '-1', 'true'), okText(1024)) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('int'), default: fc.oneof(fc.integer({ min: INT_MIN, max: INT_MAX }), fc.constantFrom(0, -1, INT_MIN, INT_MAX)).map(String) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('bool'), default: fc.constantFrom(...BOOL_TRUE, ...BOOL_FALSE) }) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.uniqueArray(okEnumValue, { minLength: 1, maxLength: 6 }), fc.nat()).map(([values, pick]) => ({ type: 'enum', values, default: values[pick % values.length]! })),
  },
);

const okConfig = fc
  .record({ env: okEnv, typed: okTyped, reason: okText(500, 1), description: fc.option(okText(500), { nil: undefined, freq: 3 }) })
  .map(({ env, typed, reason, description }) => clean({ env, ...typed, reason, description }));

const okDuration = (fallback: string) => fc.option(fc.constantFrom(fallback, '1h30m', '90s', '1.5h', '15m', '720h', '100ms'), { nil: undefined, freq: 2 });
const okVaultAddr = fc.option(
  fc.constantFrom('https://vault.example.com', 'http://vault.vault.svc:8200', 'https://[::1]:8200', 'https://vault.example.com/v1?x=1&y=2', 'https://xn--bcher-kva.example', 'https://a.com/"\'<>`|', 'https://a.com/${X}', 'https://a.com/%{x}', 'https://a.com/{{app}}', 'https://a.com/&amp;*_~$[x]'),
  { nil: undefined, freq: 2 },
);

const okDirectVault = fc
  .record({
    engine: fc.constantFrom('database', 'none', 'other', undefined),
    engineNote: okText(500, 1),
    vaultAddr: okVaultAddr,
    tokenTtl: okDuration('1h'),
    tokenMaxTtl: okDuration('4h'),
    secretIdTtl: fc.option(fc.constantFrom('0', '720h', '30m'), { nil: undefined, freq: 2 }),
  })
  .map(clean);

const segment = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,10}$/);
const okVault = fc.option(
  fc.record({ mount: fc.option(fc.oneof(segment, fc.constantFrom('kv', 'secret', 'kv-v2', 'kv.v2')), { nil: undefined, freq: 4 }), prefix: fc.option(fc.oneof(fc.array(segment, { maxLength: 4 }).map((x) => x.join('/')), fc.constantFrom('', 'k3s', 'data', 'team/data/x', 'a.b/c')), { nil: undefined, freq: 4 }) }).map(clean),
  { nil: undefined, freq: 2 },
);
const okEso = fc.option(
  fc
    .record({
      apiVersion: fc.constantFrom('external-secrets.io/v1', 'external-secrets.io/v1beta1', undefined),
      storeName: fc.option(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?(\.[a-z0-9]{1,5}){0,2}$/), { nil: undefined, freq: 2 }),
      storeKind: fc.constantFrom('ClusterSecretStore', 'SecretStore', undefined),
      refreshInterval: fc.constantFrom('1h', '15m', '1h30m', '10s', '0s', undefined),
    })
    .map(clean),
  { nil: undefined, freq: 2 },
);

const okLanguages = fc.subarray(['typescript', 'python', 'go'] as const).chain((l) => fc.shuffledSubarray([...l, ...l], { minLength: l.length }));

const okKey = fc.oneof({ weight: 3, arbitrary: okSecret.map((entry) => ({ kind: 'secrets' as const, entry })) }, { weight: 2, arbitrary: okConfig.map((entry) => ({ kind: 'config' as const, entry })) });
/** 0–60 keys: mostly a handful, sometimes 40 to 60. */
const okKeys = fc.oneof(
  { weight: 5, arbitrary: fc.uniqueArray(okKey, { maxLength: 60, selector: (k) => k.entry.env, size: 'small' }) },
  { weight: 1, arbitrary: fc.uniqueArray(okKey, { minLength: 40, maxLength: 60, selector: (k) => k.entry.env, size: 'max' }) },
);

/** Drop undefined fields, as a YAML or JSON answers file would have them. */
function clean(o: Raw): Raw {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const okAnswers = fc
  .record({
    app: okLabel(52),
    namespace: okLabel(63),
    mode: fc.constantFrom('eso', 'direct-vault', undefined),
    justification: fc.option(okText(2000, 1), { nil: undefined, freq: 5 }),
    directVault: fc.option(okDirectVault, { nil: undefined, freq: 3 }),
    languages: okLanguages,
    deployDir: fc.constantFrom(undefined, 'deploy', 'k8s'),
    pythonPackage: fc.option(fc.constantFrom('src', 'src/billing', 'app', '_private/pkg', 'class'), { nil: undefined, freq: 2 }),
    goModule: fc.option(fc.constantFrom('example.com/billing-api', 'github.com/acme/x~y', 'gitlab.example.com/a/b/c', 'billing'), { nil: undefined, freq: 2 }),
    vault: okVault,
    eso: okEso,
    keys: okKeys,
    emptyLists: fc.nat(5),
  })
  .map(({ keys, emptyLists, ...r }) => {
    const out = clean(r);
    const secrets = keys.filter((k) => k.kind === 'secrets').map((k) => k.entry);
    const config = keys.filter((k) => k.kind === 'config').map((k) => k.entry);
    if (secrets.length > 0 || emptyLists % 2 === 0) out.secrets = secrets;
    if (config.length > 0 || emptyLists % 3 === 0) out.config = config;
    return out;
  });

// ---------------------------------------------------------------------------------------------
// Breakage: one to three targeted edits that each break a rule (or land on a rule's edge)

type Edit =
  | { at: (string | number)[]; value: unknown }
  | { key: 'secrets' | 'config'; pick: number; field: string; value: unknown }
  | { duplicate: 'secrets' | 'config'; pick: number; into: 'secrets' | 'config'; lower: boolean };

const edit = (at: (string | number)[], value: fc.Arbitrary<unknown>): fc.Arbitrary<Edit> => value.map((v) => ({ at, value: v }));
const keyEdit = (key: 'secrets' | 'config', field: string, value: fc.Arbitrary<unknown>): fc.Arbitrary<Edit> => fc.tuple(fc.nat(), value).map(([pick, v]) => ({ key, pick, field, value: v }));

const badDuration = fc.constantFrom('', '1d', '0', 'h', '1 h', '-1h', '1H', '"1h"', '1h\n', '${TTL}');

const edits: fc.Arbitrary<Edit> = fc.oneof(
  edit(['app'], badLabel(52)),
  edit(['namespace'], badLabel(63)),
  edit(['mode'], fc.constantFrom('vault', 'ESO', '', null)),
  edit(['justification'], fc.oneof(badText(2000), fc.constantFrom('', '   '))),
  edit(['languages'], fc.constantFrom(['rust'], 'go', ['TypeScript'], [null], {})),
  edit(['deployDir'], fc.constantFrom('manifests', '../x', '', '.')),
  edit(['pythonPackage'], fc.constantFrom('../x', 'a.b', 'src/', '/abs', 'a b', '1pkg', '', 'src\\x')),
  edit(['goModule'], fc.constantFrom('a b', '"x"', 'x`y', 'a/..', 'a/./b', '.a', 'a.', 'a//b', '', 'é.com/x', 'x\\y', '-x')),
  edit(['vault', 'mount'], fc.constantFrom('.', '..', 'a/b', '', 'a b', 'é', '${x}')),
  edit(['vault', 'prefix'], fc.constantFrom('a/../b', '..', '.', '/x', 'x/', 'a//b', 'a b', '${x}', 'x/./y')),
  edit(['eso', 'apiVersion'], fc.constantFrom('external-secrets.io/v1alpha1', 'v1', '')),
  edit(['eso', 'storeName'], fc.constantFrom('Vault', 'a_b', '', 'a..b', 'x'.repeat(254), '-a')),
  edit(['eso', 'storeKind'], fc.constantFrom('clustersecretstore', 'Store', '')),
  edit(['eso', 'refreshInterval'], badDuration),
  edit(['directVault', 'engine'], fc.constantFrom('aws', 'Database', '')),
  edit(['directVault', 'engineNote'], badText(500)),
  edit(['directVault', 'vaultAddr'], fc.constantFrom(' https://vault.example.com', 'https://vault.example.com ', 'https://va\nult.example.com', 'https://vault.example.com/\t', 'https://a.com/#x y', 'ftp://vault', 'vault.example.com', 'https://', 'javascript:alert(1)', 'https://a.com/\u2028', 'https://a.com/\u0085')),
  edit(['directVault', 'tokenTtl'], badDuration),
  edit(['directVault', 'tokenMaxTtl'], badDuration),
  edit(['directVault', 'secretIdTtl'], fc.constantFrom('1d', '', '-1', '1.5h')),
  edit(['secret'], fc.constant([])),
  edit(['app'], fc.constantFrom(42, null, ['a'])),
  edit(['secrets'], fc.constantFrom('DB_PASSWORD', {}, [null], [{ env: 'A', value: 'x' }])),
  edit(['config'], fc.constantFrom([{ env: 'PORT', default: 3000, reason: 'port' }], [{ env: 'PORT', default: 'x' }], 'PORT')),
  keyEdit('secrets', 'env', badEnv),
  keyEdit('secrets', 'property', badProperty),
  keyEdit('secrets', 'description', badText(500)),
  keyEdit('secrets', 'minLength', badMinLength),
  keyEdit('config', 'env', badEnv),
  keyEdit('config', 'default', fc.oneof(badText(1024), fc.constantFrom('0777', '1e3', '0x10', '-0', '+1', ' 1', '2147483648', '٣', '1_000', 'yes', 'on', 'tRuE', undefined, 3000, true))),
  keyEdit('config', 'type', fc.constantFrom('float', 'String', '', 'enum', 'int', 'bool')),
  keyEdit('config', 'values', fc.constantFrom(['a'], [], ['a', 'a'], [''], 'a,b', ['x\ny'])),
  keyEdit('config', 'reason', fc.oneof(badText(500), fc.constantFrom('', '   ', '\u00a0', undefined))),
  keyEdit('config', 'description', badText(500)),
  fc.record({ duplicate: fc.constantFrom('secrets' as const, 'config' as const), pick: fc.nat(), into: fc.constantFrom('secrets' as const, 'config' as const), lower: fc.boolean() }),
);

function applyEdit(a: Raw, e: Edit): void {
  if ('at' in e) {
    let o = a;
    for (const k of e.at.slice(0, -1)) {
      if (!o[k] || typeof o[k] !== 'object') o[k] = {};
      o = o[k] as Raw;
    }
    const last = e.at[e.at.length - 1]!;
    // A copy: fc.constantFrom hands out the same object every time, and a later edit mutates lists.
    if (e.value === undefined) delete o[last];
    else o[last] = structuredClone(e.value);
    return;
  }
  if ('key' in e) {
    const list = a[e.key];
    if (!Array.isArray(list) || list.length === 0) return;
    const entry = { ...(list[e.pick % list.length] as Raw) };
    if (e.value === undefined) delete entry[e.field];
    else entry[e.field] = e.value;
    list[e.pick % list.length] = entry;
    return;
  }
  const from = a[e.duplicate];
  const into = a[e.into];
  if (!Array.isArray(from) || from.length === 0 || !Array.isArray(into) || into.length === 0) return;
  // An earlier edit may have replaced the picked entry with a non-object (null, a number): nothing to copy.
  const picked: unknown = from[e.pick % from.length];
  if (typeof picked !== 'object' || picked === null) return;
  const env = String((picked as Raw).env);
  const copy = { ...(into[0] as Raw), env: e.lower ? env.toLowerCase() : env };
  into.push(copy);
}

/** Raw answers as any source (file, flags, prompts) might hand them to buildModel. */
export const answersArb: fc.Arbitrary<Raw> = fc
  .tuple(okAnswers, fc.oneof({ weight: 5, arbitrary: fc.constant([] as Edit[]) }, { weight: 4, arbitrary: fc.array(edits, { minLength: 1, maxLength: 3 }) }))
  .map(([answers, es]) => {
    const a = structuredClone(answers);
    for (const e of es) applyEdit(a, e);
    return a;
  });
