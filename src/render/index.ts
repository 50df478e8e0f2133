// Model → every file this tool writes (pure: same model, same files).
import type { Model } from '../model.js';
import { renderCi } from './ci.js';
import { renderDependencyFiles } from './deps.js';
import { directVaultReadme, renderDirectVault } from './directVault/index.js';
import { renderEnvExample, renderGitignore } from './envFiles.js';
import { renderDeployFiles } from './layouts/index.js';
import { renderReadme } from './readme.js';
import type { RenderedFile } from './types.js';
import { renderValidators, validatorReadmeEntries } from './validators/index.js';

export function renderAll(m: Model): RenderedFile[] {
  return [
    ...renderDeployFiles(m),
    renderEnvExample(m),
    renderGitignore(),
    ...renderValidators(m),
    ...renderDependencyFiles(m),
    ...renderDirectVault(m),
    renderReadme(m, { validators: validatorReadmeEntries(m), directVaultSection: directVaultReadme(m) }),
    ...renderCi(m),
  ];
}
