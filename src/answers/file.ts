// The answers file (YAML or JSON): parsed here, validated by the model like every other source.
import { readNamedFile } from '../write/safeFile.js';
import { parse } from '../lazyYaml.js';
import { parseSimpleYaml } from './simpleYaml.js';
import { UsageError } from '../errors.js';

/** An answers file is a few KB; the cap keeps a path to /dev/zero or a huge file from being read. */
const MAX_ANSWERS_BYTES = 1 << 20;

export function readAnswersFile(path: string): Record<string, unknown> {
  const text = readNamedFile(path, '--answers', MAX_ANSWERS_BYTES);
  let raw: unknown;
  try {
    // The usual file needs no YAML library; anything else (and every error) is yaml's to read and word.
    raw = parseSimpleYaml(text) ?? parse(text);
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
