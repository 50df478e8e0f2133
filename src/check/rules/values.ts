// Is a literal value a real secret, or a reference / placeholder that only looks like one?
import { entropy } from '../lines.js';

const REFERENCE: RegExp[] = [
  /^\$\{?[A-Za-z_]/, // $VAR, ${VAR…}
  /^\$\$\{?[A-Za-z_(]/, // $${VAR}, $$VAR: compose's escape of a shell expansion
  /^\$\(/, // $(cat /run/secrets/x)
  /^\$\$?\{\{/,
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %VAR% (Windows)
  /\{\{.*\}\}/, // Handlebars / Helm / Jinja / GitHub expressions
  /\{%.*%\}/,
  /^<%.*%>$/,
  /^\{[A-Za-z_][\w.]*\}$/, // {password} format field
  /^%(\([\w.]+\))?[sdr]$/, // %s, %(password)s
  /^:[a-z_]+$/, // :password bind parameter
  /^@[\w.-]+@$/, // @password@ (Maven filtering)
  /^(vault|ref\+[a-z0-9]+|secretsmanager|ssm|awssm|gcpsm|azkv|op|sops|env|file|k8s|secretref|keyvault|bws)\s*:/i,
  /^arn:aws[\w-]*:/,
  /^projects\/[^/]+\/secrets\//,
  /^ENC\[/,
  /^!/, // YAML tag: !vault, !secret, !Ref …
  /^(sha(1|224|256|384|512)|md5|blake2b?)[:-]/i, // integrity hashes
  /(process\.env|os\.environ|os\.getenv|getenv\(|System\.getenv|ENV\[|env\()/,
  /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/, // the *name* of an env var / Secret key (DB_PASSWORD)
  /^\.{0,2}\/[\w./-]*$/, // a file path (/run/secrets/db_password)
  /^[a-z0-9]+(-[a-z0-9]+)*-(secrets?|auth|vault-auth|credentials|creds|tokens?|keys?|tls|certs?)$/, // the name of a k8s Secret
  /^(new\s+)?[\w$.]+(\[[^\]]*\])?\(.*\)[!?]?$/, // a call: z.string().min(1), os.getenv(...), Field(...)
  /^(self|this|cls|env|config|cfg|settings|options|opts|params|props|args|ctx|req|process)\.[\w$.[\]'"]+$/, // a member read
];

const PLACEHOLDER: RegExp[] = [
  /^\s*$/,
  /^(.)\1*$/, // xxxxx, *****, 00000, ....
  /^[*•xX.#_-]+$/,
  /<[^>]*>/, // <redacted>, <your-token>
  /^\[[^\]]*\]$/, // [REDACTED]
  /^(null|nil|none|undefined|true|false|yes|no|on|off|~|n\/a|na|tbd|todo|fixme|unset|empty|required|optional|secret|secrets|password|token|string|str|bytes)$/i,
  /\b(redacted|masked|hidden|omitted|elided|placeholder|dummy|fake|example|sample|replace[-_ ]?(me|this|with)|insert[-_ ]|put[-_ ]your|fill[-_ ]?in|your[-_ ]|my[-_]?(secret|password|token|key|api)|xxx|todo)\b/i,
  /^(your|my)[A-Z_]/,
  /^\.\.\.|\.\.\.$|…/,
];

export function isReference(value: string): boolean {
  for (const re of REFERENCE) if (re.test(value)) return true;
  return false;
}

export function isPlaceholder(value: string): boolean {
  for (const re of PLACEHOLDER) if (re.test(value)) return true;
  return false;
}

/**
 * Random-looking enough to be a real credential even where examples are expected (docs, tests,
 * `.env.example`, `config.example.yml`): long, no spaces, high entropy, and either digits mixed
 * with letters or letters in a random mix of cases (not CamelCase words).
 */
export function looksRandom(value: string): boolean {
  if (value.length < 16 || /\s/.test(value)) return false;
  if (!/[A-Za-z]/.test(value) || entropy(value) < 3.5) return false;
  if (/[0-9]/.test(value)) return true;
  return randomCase(value);
}

/** Letters whose case flips like random output, not like words (`qWeRtYuIoPaS`, not `ReadOnlyMode`). */
function randomCase(value: string): boolean {
  const letters = value.replace(/[^A-Za-z]/g, '');
  if (letters.length < 16) return false;
  const upper = letters.replace(/[^A-Z]/g, '').length / letters.length;
  if (upper < 0.25 || upper > 0.75) return false;
  let flips = 0;
  for (let i = 1; i < letters.length; i++) if ((letters[i]! < 'a') !== (letters[i - 1]! < 'a')) flips++;
  return flips / letters.length > 0.3;
}

/** Literals the policy calls weak: a committed default password is still a committed password. */
const WEAK: ReadonlySet<string> = new Set(
  'password passw0rd p@ssw0rd p@ssword password1 password123 secret s3cret secret123 changeme change-me change_me changeit admin admin123 root toor postgres mysql letmein qwerty 123456 12345678 default guest welcome hunter2 pass test'.split(' '),
);

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** `SECRET=secret`, `DB_PASSWORD=password`, `POSTGRES_PASSWORD=postgres`: a known weak value or the key's own name. */
export function isWeakLiteral(value: string, name = ''): boolean {
  const v = value.toLowerCase();
  if (WEAK.has(v)) return true;
  const n = norm(name);
  return n.length >= 4 && norm(value) === n;
}

/** A made-up password that says what it is: `supersecret`, `prod-db-pass`, `dev-jwt-secret-value`. */
function saysSecret(value: string): boolean {
  // …but not a file name (`authtest.htpasswd`, `secrets.yaml`).
  return value.length >= 6 && /^[A-Za-z][A-Za-z0-9._-]*$/.test(value) && /pass|secret|pwd/i.test(value) && !/\.[a-z]{2,8}$/.test(value);
}

/** printf / format / template strings: `%s`, `%w`, `%(name)s`, `{0}`, `{}`. */
const FORMAT_STRING = /%[-+# 0-9.]*[sdvqwxXfgeTtbcop]|%\([\w.]+\)[sd]|\{\d*\}/;
/** Validation rule strings (Laravel / Rails / Joi-style): `required|string|min:8`, `same:password`. */
const RULE_STRING = /^[a-z_]+(:[^|\s]*)?(\|[a-z_]+(:[^|\s]*)?)+$|^(same|confirmed|different|min|max|size|between|regex|in|exists|unique|required_with|required_if):/;
/** Version strings and dates look like letters + digits but are not secrets. */
const VERSION = /^v?\d+(\.\d+)+([-+][\w.]+)?$|^\d{4}-\d{2}-\d{2}/;

/**
 * Does a literal look like a credential by itself (entropy, length, character mix)? Words, enum
 * values, key names and messages do not: `ReadOnly`, `write`, `admin-password`, `Mot de passe`.
 */
export function looksLikeCredential(value: string): boolean {
  const v = value;
  // A diceware passphrase (`correct horse battery staple`): four or more plain lower-case words.
  if (/^[a-z]{3,}( [a-z]{3,}){3,}$/.test(v)) return true;
  if (v.length < 6 || /\s/.test(v)) return false;
  if (FORMAT_STRING.test(v) || RULE_STRING.test(v) || VERSION.test(v)) return false;
  const letters = /[A-Za-z]/.test(v);
  const digits = /[0-9]/.test(v);
  if (letters && digits) return v.length >= 8 || /[^A-Za-z0-9]/.test(v) || entropy(v) >= 2.5;
  if (!letters) return v.length >= 12 && entropy(v) >= 3.5 && /[^0-9]/.test(v); // symbol-heavy random output
  // Letters only, or letters and separators: random case mix, or symbols a password mixes in.
  if (randomCase(v) && entropy(v) >= 3.5) return true;
  return v.length >= 8 && /[^A-Za-z0-9._/:-]/.test(v) && !/^[\w.-]+@[\w.-]+$/.test(v);
}

/**
 * A literal assigned to a secret name counts as a hardcoded secret when it looks like a credential
 * or is a known weak value; where examples are expected (`strict` false) only random-looking values.
 */
export function isSecretValue(value: string, strict: boolean, name = ''): boolean {
  const v = value.trim();
  if (v.length < 4) return false;
  if (isReference(v)) return false;
  if (strict && isWeakLiteral(v, name)) return true;
  if (isPlaceholder(v)) return false;
  return strict ? looksLikeCredential(v) || saysSecret(v) : looksRandom(v);
}
