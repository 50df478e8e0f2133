// The answers file (YAML or JSON): parsed here, validated by the model like every other source.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../errors.js';

export function readAnswersFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--answers: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new UsageError(`--answers: ${path} is not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`--answers: ${path} must hold a mapping of answer fields`);
  if ('generator' in raw && 'answers' in raw) {
    throw new UsageError(
      `--answers: ${path} is a manifest (.mosaic-secrets.yaml), not an answers file; run create-mosaic-secrets in its directory (it reads the manifest itself), or pass a file holding only what is under its answers:`,
    );
  }
  return raw as Record<string, unknown>;
}
