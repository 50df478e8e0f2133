// Model → the startup validators of every language in model.languages, plus the README lines about them.
import type { Model } from '../../model.js';
import type { RenderedFile } from '../types.js';
import { GO_CONFIG_PATH, goMainPath, renderGoValidator } from './go.js';
import { pythonValidatorPath, renderPythonValidator } from './python.js';
import { renderTypescriptValidator, TS_VALIDATOR_PATH } from './typescript.js';

export { validatorKeys } from './keys.js';

export function renderValidators(m: Model): RenderedFile[] {
  return m.languages.flatMap((language) => {
    switch (language) {
      case 'typescript':
        return [renderTypescriptValidator(m)];
      case 'python':
        return [renderPythonValidator(m)];
      case 'go':
        return renderGoValidator(m);
    }
  });
}

/** For the README's "Startup validation" list (`ReadmeExtras.validators`): Markdown, model-safe text only. */
export function validatorReadmeEntries(m: Model): { path: string; how: string }[] {
  return m.languages.flatMap((language) => {
    switch (language) {
      case 'typescript':
        return [{ path: TS_VALIDATOR_PATH, how: 'zod 4 (or 3.25+) schema; `import { env } from "./env.js"` first thing in your entry point. Check a shell with `npx tsx src/env.ts`.' }];
      case 'python':
        return [
          {
            path: pythonValidatorPath(m),
            how: `pydantic-settings 2.x \`Settings\`; call \`load()\` first thing at startup. Check a shell with \`PYTHONPATH=${m.pythonPackage} python -m config\`.`,
          },
        ];
      case 'go':
        return [
          { path: GO_CONFIG_PATH, how: 'envconfig v1.4.0 struct; `config.Load()` returns the `*Config` or an error naming every missing or invalid key.' },
          { path: goMainPath(m), how: `runnable example that prints that error and exits 1: \`go run ./cmd/${m.app}\`.` },
        ];
    }
  });
}
