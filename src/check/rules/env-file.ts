// Rule 4 (Forbidden Pattern 4): `.env` files where a deploy process or CI reads them, any real
// `.env` that .gitignore does not cover, and one it covers that git tracks all the same.
// `.env.example`-style templates are always fine.
import type { FileRule } from '../types.js';
import { isEnvTemplateName } from '../classify.js';
import { shellWord } from '../../render/escape.js';

const ID = 'committed-env-file' as const;

export const committedEnvFile: FileRule = {
  scope: 'file',
  id: ID,
  severity: 'error',
  title: '.env file in a deploy path or not ignored',
  message: 'A real .env file is committed where deploys read it, is not covered by .gitignore, or is tracked by git although ignored.',
  doc: 'VAULT-SECRETS.md › Forbidden Patterns 4: deploys get env from secretKeyRef; keep .env for local dev only, listed in .gitignore; commit .env.example instead.',
  policy: 'Forbidden Pattern 4',
  applies: (f) => f.kind === 'env' && (f.name === '.env' || f.name.startsWith('.env.') || f.name.endsWith('.env')) && !isEnvTemplateName(f.name),
  check(file, emit) {
    if (file.deployPath) {
      emit({
        rule: ID,
        start: 0,
        end: 0,
        wholeFile: true,
        key: `deploy-env:${file.name}`,
        message: `${file.name} in a deploy path is forbidden: CI and deploys must get env from the Secret ESO syncs (secretKeyRef), not a file`,
      });
    } else if (!file.ignored) {
      emit({
        rule: ID,
        start: 0,
        end: 0,
        wholeFile: true,
        key: `unignored-env:${file.name}`,
        message: `${file.name} is not covered by .gitignore; local-dev env files must be ignored (commit .env.example instead)`,
      });
    } else if (file.tracked) {
      emit({
        rule: ID,
        start: 0,
        end: 0,
        wholeFile: true,
        key: `tracked-env:${file.name}`,
        message: `${file.name} is committed: .gitignore lists it, but git still tracks it (ignoring does not untrack); run git rm --cached -- ${shellWord(file.path)} and rotate every value it held`,
      });
    }
  },
};

