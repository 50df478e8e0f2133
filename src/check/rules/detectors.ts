// Credential formats as data, after gitleaks' rule table: each row has an id, the cheap keywords
// that must occur in the file before its pattern runs, the pattern, an entropy floor for the part
// that carries the secret, and an allowlist. One engine (`findTokens`) runs them all; to detect a
// new format, add one row. A match is a secret wherever it appears, whatever it is assigned to.
import { entropy } from '../lines.js';

export interface Detector {
  id: string;
  label: string;
  /** Substrings (case-sensitive) of which one must occur in the text for the pattern to run. */
  keywords: readonly string[];
  /** Regex source of the whole credential. */
  pattern: string;
  /** Characters at the start kept visible in snippets (the prefix says what it is). */
  keep: number;
  /** Shannon entropy floor (bits/char) of the match after `keep`; x-filled templates fall below. */
  entropy?: number;
  /** Matches that are documentation examples, not credentials (default: EXAMPLE / DUMMY / FAKE fill-ins). */
  allow?: readonly RegExp[];
  /** Extra evidence after the match (a PEM header needs its base64 body). */
  follows?: (text: string, end: number) => boolean;
}

/** The AWS docs' example keys and "EXAMPLE" / "DUMMY" fill-ins. */
const DOC_EXAMPLE = /EXAMPLE|DUMMY|FAKE/i;

export const DETECTORS: readonly Detector[] = [
  { id: 'aws-access-key-id', label: 'AWS access key id', keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], pattern: '(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}', keep: 4, entropy: 3 },
  { id: 'github-token', label: 'GitHub token', keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], pattern: 'gh[pousr]_[A-Za-z0-9]{36,251}', keep: 4, entropy: 3 },
  { id: 'github-fine-grained-pat', label: 'GitHub fine-grained token', keywords: ['github_pat_'], pattern: 'github_pat_[A-Za-z0-9_]{60,255}', keep: 11, entropy: 3 },
  { id: 'gitlab-pat', label: 'GitLab token', keywords: ['glpat-'], pattern: 'glpat-[A-Za-z0-9_-]{20,}', keep: 6, entropy: 3 },
  { id: 'slack-token', label: 'Slack token', keywords: ['xox'], pattern: 'xox[abposr]-[0-9A-Za-z]{6,}-[0-9A-Za-z-]{8,}', keep: 5, entropy: 3 },
  { id: 'slack-webhook', label: 'Slack webhook URL', keywords: ['hooks.slack.com'], pattern: 'hooks\\.slack\\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,}', keep: 26, entropy: 3 },
  { id: 'stripe-live-key', label: 'Stripe live key', keywords: ['k_live_'], pattern: '[sr]k_live_[A-Za-z0-9]{20,}', keep: 8, entropy: 3 },
  { id: 'google-api-key', label: 'Google API key', keywords: ['AIza'], pattern: 'AIza[0-9A-Za-z_-]{35}', keep: 4, entropy: 3 },
  {
    id: 'private-key',
    label: 'private key',
    keywords: ['PRIVATE KEY'],
    pattern: '-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----',
    keep: 64,
    allow: [],
    follows: privateKeyBodyFollows,
  },
  { id: 'npm-token', label: 'npm token', keywords: ['npm_'], pattern: 'npm_[A-Za-z0-9]{36}', keep: 4, entropy: 3 },
  { id: 'pypi-token', label: 'PyPI token', keywords: ['pypi-AgEIcHlwaS5vcmc'], pattern: 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}', keep: 5, entropy: 3 },
  { id: 'vault-token', label: 'Vault token', keywords: ['hvs.', 'hvb.'], pattern: 'hv[sb]\\.[A-Za-z0-9_-]{24,}', keep: 4, entropy: 3 },
  { id: 'anthropic-api-key', label: 'Anthropic API key', keywords: ['sk-ant-'], pattern: 'sk-ant-[a-z0-9]+-[A-Za-z0-9_-]{40,}', keep: 7, entropy: 3 },
  { id: 'openai-api-key', label: 'OpenAI API key', keywords: ['T3BlbkFJ'], pattern: 'sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}', keep: 3, entropy: 3 },
  { id: 'sendgrid-api-key', label: 'SendGrid API key', keywords: ['SG.'], pattern: 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', keep: 3, entropy: 3 },
  { id: 'twilio-api-key', label: 'Twilio API key', keywords: ['SK'], pattern: 'SK[0-9a-fA-F]{32}', keep: 2, entropy: 3 },
  { id: 'digitalocean-token', label: 'DigitalOcean token', keywords: ['dop_v1_', 'doo_v1_'], pattern: 'do[po]_v1_[a-f0-9]{64}', keep: 7, entropy: 3 },
  { id: 'shopify-token', label: 'Shopify access token', keywords: ['shpat_', 'shpss_', 'shpca_', 'shppa_'], pattern: 'shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}', keep: 6, entropy: 3 },
  { id: 'huggingface-token', label: 'Hugging Face token', keywords: ['hf_'], pattern: 'hf_[A-Za-z]{34}', keep: 3, entropy: 3.5 },
  { id: 'age-secret-key', label: 'age secret key', keywords: ['AGE-SECRET-KEY-1'], pattern: 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}', keep: 16, entropy: 3 },
  { id: 'jwt', label: 'JSON Web Token', keywords: ['eyJ'], pattern: 'eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}', keep: 3, entropy: 3 },
  { id: 'azure-storage-key', label: 'Azure storage account key', keywords: ['AccountKey='], pattern: 'AccountKey=[A-Za-z0-9+/]{86}==', keep: 11, entropy: 3 },
];

export interface TokenMatch {
  format: Detector;
  start: number;
  end: number;
}

/** One alternation (a capture group per detector) for each set of detectors a file's keywords wake. */
const compiled = new Map<string, { re: RegExp; rows: Detector[] }>();

function combined(rows: Detector[]): { re: RegExp; rows: Detector[] } {
  const key = rows.map((r) => r.id).join(',');
  let c = compiled.get(key);
  if (!c) {
    c = { re: new RegExp(rows.map((r) => `(${r.pattern})`).join('|'), 'g'), rows };
    if (compiled.size > 256) compiled.clear();
    compiled.set(key, c);
  }
  return c;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Every keyword of the table in one alternation: one pass over a file says which rows may match. */
const KEYWORD_RE = new RegExp([...new Set(DETECTORS.flatMap((d) => d.keywords))].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
const ROWS_BY_KEYWORD = new Map<string, Detector[]>();
for (const d of DETECTORS) for (const k of d.keywords) ROWS_BY_KEYWORD.set(k, [...(ROWS_BY_KEYWORD.get(k) ?? []), d]);

/** The rows whose keywords occur in `text`, in table order. */
function activeRows(text: string): Detector[] {
  const seen = new Set<Detector>();
  KEYWORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KEYWORD_RE.exec(text)) !== null) for (const d of ROWS_BY_KEYWORD.get(m[0])!) seen.add(d);
  return seen.size ? DETECTORS.filter((d) => seen.has(d)) : [];
}

/** Every credential-format match in `text`, minus documentation examples. */
export function findTokens(text: string): TokenMatch[] {
  const rows = activeRows(text);
  if (rows.length === 0) return [];
  const { re, rows: active } = combined(rows);
  const out: TokenMatch[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    const value = m[0];
    const end = start + value.length;
    // A token glued to more word characters is part of something longer (an id, a hash).
    if ((start > 0 && isWordChar(text.charCodeAt(start - 1)) && value[0] !== '-') || (end < text.length && isWordChar(text.charCodeAt(end)) && !value.endsWith('-'))) {
      re.lastIndex = start + 1;
      continue;
    }
    let idx = 1;
    while (m[idx] === undefined) idx++;
    const d = active[idx - 1]!;
    if (d.follows && !d.follows(text, end)) continue;
    if ((d.allow ?? [DOC_EXAMPLE]).some((a) => a.test(value))) continue;
    if (d.entropy !== undefined && entropy(value.slice(d.keep)) < d.entropy) continue;
    out.push({ format: d, start, end });
  }
  return out;
}

/** A real PEM block has base64 (or RFC 1421 headers) on the next line; docs show `...`. */
function privateKeyBodyFollows(text: string, end: number): boolean {
  // Inside a JSON / code string the line breaks are `\n` escapes.
  if (/^\\n[A-Za-z0-9+/=]{40,}/.test(text.slice(end, end + 48))) return true;
  const nl = text.indexOf('\n', end);
  if (nl === -1) return false;
  let stop = text.indexOf('\n', nl + 1);
  if (stop === -1) stop = text.length;
  const line = text.slice(nl + 1, stop).trim().replace(/^["'`]|\\n.*$/g, '');
  return /^(Proc-Type:|[A-Za-z0-9+/=]{40,})/.test(line);
}
