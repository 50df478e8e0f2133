// Values from an existing dotenv file (`adopt` offers to move a local .env into Vault): parsed in
// memory like --values, never copied, echoed or logged. Only the app's secret keys are taken; the
// rest of the file (config, other tools' variables) is left alone, and errors name a line, never
// show it.
import { UsageError } from '../errors.js';
import { readNamedFile } from '../write/safeFile.js';
import type { Model } from '../model.js';

/** dotenv syntax: `KEY=value`, `export KEY=value`, 'single' (literal) or "double" (\n, \", \\) quotes, `#` comments. */
export function parseDotenv(text: string, file: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (/^\s*(#|$)/.test(raw)) continue;
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) throw new UsageError(`${file}:${i + 1}: not a KEY=value line`);
    const name = m[1]!;
    let rest = m[2]!;
    let value: string;
    if (rest.startsWith("'") || rest.startsWith('"')) {
      const q = rest[0]!;
      // A quoted value may span lines (dotenv allows it for certificates and keys).
      let body = rest.slice(1);
      let close = closing(body, q);
      while (close === -1 && i + 1 < lines.length) {
        body += `\n${lines[++i]!.replace(/\r$/, '')}`;
        close = closing(body, q);
      }
      if (close === -1) throw new UsageError(`${file}:${i + 1}: unterminated ${q === '"' ? 'double' : 'single'}-quoted value of ${name}`);
      const after = body.slice(close + 1);
      if (!/^\s*(#.*)?$/.test(after)) throw new UsageError(`${file}:${i + 1}: text after the quoted value of ${name}`);
      body = body.slice(0, close);
      value = q === '"' ? body.replace(/\\([n"\\])/g, (_, c: string) => (c === 'n' ? '\n' : c)) : body;
    } else {
      rest = rest.replace(/\s+#.*$/, '');
      value = rest.trim();
    }
    out.set(name, value);
  }
  return out;
}

function closing(body: string, q: string): number {
  for (let i = 0; i < body.length; i++) {
    if (q === '"' && body[i] === '\\') i++;
    else if (body[i] === q) return i;
  }
  return -1;
}

/** A dotenv file is small; a larger one (or a device) is refused before reading. */
const MAX_ENV_FILE_BYTES = 1 << 20;

/** The app's secrets a dotenv file holds, by Vault property (empty values are not values). */
export function loadEnvFile(model: Model, file: string): Map<string, string> {
  const text = readNamedFile(file, 'env file', MAX_ENV_FILE_BYTES);
  const all = parseDotenv(text, file);
  const out = new Map<string, string>();
  for (const k of model.secrets) {
    const v = all.get(k.env);
    if (v !== undefined && v !== '') out.set(k.property, v);
  }
  all.clear();
  return out;
}
