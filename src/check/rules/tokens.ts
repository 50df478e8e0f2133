// High-confidence credential formats: a fixed prefix plus a body of known shape, so a match is a
// secret wherever it appears (code, config, docs), whatever the variable is called.
import { entropy } from '../lines.js';

export interface TokenFormat {
  label: string;
  source: string;
  /** Characters at the start of the match kept visible in snippets (the prefix says what it is). */
  keep: number;
}

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  { label: 'AWS access key id', source: '(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}', keep: 4 },
  { label: 'GitHub token', source: 'gh[pousr]_[A-Za-z0-9]{36,251}', keep: 4 },
  { label: 'GitHub fine-grained token', source: 'github_pat_[A-Za-z0-9_]{60,255}', keep: 11 },
  { label: 'GitLab token', source: 'glpat-[A-Za-z0-9_-]{20,}', keep: 6 },
  { label: 'Slack token', source: 'xox[abposr]-[0-9A-Za-z]{6,}-[0-9A-Za-z-]{8,}', keep: 5 },
  { label: 'Slack webhook URL', source: 'hooks\\.slack\\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,}', keep: 26 },
  { label: 'Stripe live key', source: '[sr]k_live_[A-Za-z0-9]{20,}', keep: 8 },
  { label: 'Google API key', source: 'AIza[0-9A-Za-z_-]{35}', keep: 4 },
  { label: 'private key', source: '-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----', keep: 64 },
  { label: 'npm token', source: 'npm_[A-Za-z0-9]{36}', keep: 4 },
  { label: 'Vault token', source: 'hv[sb]\\.[A-Za-z0-9_-]{24,}', keep: 4 },
  { label: 'Anthropic API key', source: 'sk-ant-[a-z0-9]+-[A-Za-z0-9_-]{40,}', keep: 7 },
  { label: 'OpenAI API key', source: 'sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}', keep: 3 },
  { label: 'SendGrid API key', source: 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', keep: 3 },
  { label: 'JSON Web Token', source: 'eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}', keep: 3 },
  { label: 'Azure storage account key', source: 'AccountKey=[A-Za-z0-9+/]{86}==', keep: 11 },
];

/** One alternation with a capture group per format: a single pass over the text finds them all. */
export const TOKEN_RE = new RegExp(TOKEN_FORMATS.map((f) => `(${f.source})`).join('|'), 'g');

export interface TokenMatch {
  format: TokenFormat;
  start: number;
  end: number;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Every credential-format match in `text`, minus documentation placeholders. */
export function findTokens(text: string): TokenMatch[] {
  const out: TokenMatch[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    const start = m.index;
    const value = m[0];
    const end = start + value.length;
    // A token glued to more word characters is part of something longer (an id, a hash).
    if ((start > 0 && isWordChar(text.charCodeAt(start - 1)) && value[0] !== '-') || (end < text.length && isWordChar(text.charCodeAt(end)) && !value.endsWith('-'))) {
      TOKEN_RE.lastIndex = start + 1;
      continue;
    }
    let idx = 1;
    while (m[idx] === undefined) idx++;
    const format = TOKEN_FORMATS[idx - 1]!;
    if (format.label === 'private key') {
      if (!privateKeyBodyFollows(text, end)) continue;
    } else {
      const body = value.slice(format.keep);
      // The AWS docs' example key, and x-filled templates, are not credentials.
      if (/EXAMPLE/i.test(value) || entropy(body) < 3) continue;
    }
    out.push({ format, start, end });
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
