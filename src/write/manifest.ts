// `.mosaic-secrets.yaml`: the answers (never values), the generator version, and a hash of what we
// last wrote per file, so a later run can tell a user's edit from our own output (copier's _commit idea).
import { createHash } from 'node:crypto';
import { parse, stringify } from '../lazyYaml.js';
import * as z from 'zod/mini'; // what model.ts uses (see there)
import { UsageError } from '../errors.js';
import { answersOf, type Answers, type Model } from '../model.js';

import { MANIFEST_PATH } from './manifestPath.js';
import { plainYaml } from './plainYaml.js';

export { MANIFEST_PATH };
export const GENERATOR_NAME = 'create-mosaic-secrets';

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

const fileRecord = z.strictObject({
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  /** Env names we own in a merged Deployment. */
  owned: z.optional(z.array(z.string())),
});
export type FileRecord = z.infer<typeof fileRecord>;

const manifestSchema = z.strictObject({
  generator: z.strictObject({ name: z.literal(GENERATOR_NAME), version: z.string() }),
  answers: z.record(z.string(), z.unknown()),
  // Keys are paths we wrote: relative, normalised, inside the repo (never `..`, absolute or .git).
  files: z._default(
    z.record(
      z.string().check(z.regex(/^(?!\.git(\/|$))(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'must be a relative path inside the repository')),
      fileRecord,
    ),
    {},
  ),
});

export interface Manifest {
  generator: { name: string; version: string };
  answers: Answers;
  files: Record<string, FileRecord>;
}

export function parseManifest(text: string): Manifest {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new UsageError(`${MANIFEST_PATH}: is not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const r = manifestSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    if (i.code === 'invalid_key') {
      throw new UsageError(`${MANIFEST_PATH}: files: ${JSON.stringify(String(i.path[i.path.length - 1]))} must be a relative path inside the repository`);
    }
    throw new UsageError(`${MANIFEST_PATH}: ${i.path.join('.') || '(top level)'}: ${i.message}`);
  }
  return { generator: r.data.generator, answers: r.data.answers as Answers, files: r.data.files };
}

export function renderManifest(m: Model, version: string, files: Record<string, FileRecord>): string {
  // Code-point order, not localeCompare: the same manifest on every machine and locale.
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const doc = { generator: { name: GENERATOR_NAME, version }, answers: answersOf(m), files: sorted };
  const body = plainYaml(doc) ?? stringify(doc, { lineWidth: 0 }); // the same text either way (plainYaml.ts)
  return `# Written by ${GENERATOR_NAME}: the answers behind this repo's secrets files (names, never values).\n# Change answers here, then re-run \`npx ${GENERATOR_NAME}@${version} update\` in this directory. The hashes let a re-run spot hand edits.\n${body}`;
}
