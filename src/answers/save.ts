// A run whose answers fail the model at the end keeps them: a person is offered to save what they typed
// (names and settings, never secret values: none are asked before this point) to an answers file, so
// `--answers FILE` resumes with everything but the broken field.
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { cancellable } from '../ui/cancel.js';

export const DEFAULT_SAVE_NAME = 'mosaic-secrets-answers.yaml';

/** The file's text: a header naming the problem and the resume command, then the answers. */
export function savedAnswersText(raw: Record<string, unknown>, problem: string, resume: string): string {
  const note = JSON.stringify(problem).slice(1, -1); // one line, whatever the message holds
  return `# Answers from a create-mosaic-secrets run that stopped at: ${note}\n# Names and settings only, never secret values. Fix that field, then resume with:\n#   ${resume}\n${stringify(raw)}`;
}

const shellWord = (s: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Ask whether to save `raw`; write it only to a new file (O_EXCL: never over an existing file or
 * through a symlink). Returns the path written, or undefined when declined.
 */
export async function offerToSave(raw: Record<string, unknown>, problem: string, target: string, stderr: { write(s: string): unknown }): Promise<string | undefined> {
  const { confirm, input } = await import('@inquirer/prompts');
  const keep = await cancellable(confirm({ message: `These answers stop at "${problem}". Save them (names, never values) so that --answers FILE resumes?`, default: true }));
  if (!keep) return undefined;
  for (;;) {
    const name = await cancellable(
      input({ message: 'Answers file', default: DEFAULT_SAVE_NAME, validate: (v) => (v.trim() ? true : 'is required') }),
    );
    const path = resolve(name.trim());
    const shown = relative(process.cwd(), path) || path;
    const dir = relative(process.cwd(), target);
    const resume = ['create-mosaic-secrets', ...(dir ? [dir] : []), '--answers', shown].map(shellWord).join(' ');
    try {
      writeFileSync(path, savedAnswersText(raw, problem, resume), { flag: 'wx', mode: 0o644 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      stderr.write(`  ${shown}: ${code === 'EEXIST' ? 'already exists; choose another name' : `cannot write (${code ?? (e as Error).message})`}\n`);
      continue;
    }
    stderr.write(`Saved your answers to ${shown}. Fix the field named above, then run:\n  ${resume}\n`);
    return path;
  }
}
