// Is a literal value a real secret, or a reference / placeholder that only looks like one?
import { entropy } from '../lines.js';

const REFERENCE: RegExp[] = [
  /^\$\{?[A-Za-z_]/, // $VAR, ${VAR…}
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
 * `.env.example`): long, mixed letters and digits, no spaces, high entropy.
 */
export function looksRandom(value: string): boolean {
  if (value.length < 16 || /\s/.test(value)) return false;
  if (!/[A-Za-z]/.test(value) || !/[0-9]/.test(value)) return false;
  return entropy(value) >= 3.5;
}

/** A literal assigned to a secret name counts as a hardcoded secret. */
export function isSecretValue(value: string, strict: boolean): boolean {
  const v = value.trim();
  if (v.length < 4) return false;
  if (isReference(v) || isPlaceholder(v)) return false;
  return strict ? true : looksRandom(v);
}
