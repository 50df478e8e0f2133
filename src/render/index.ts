// Model → every file this tool writes (pure: same model, same files).
import type { Model } from '../model.js';
import { renderDeployment, renderEnvEntries } from './deployment.js';
import { renderEnvExample, renderGitignore } from './envFiles.js';
import { renderExternalSecrets } from './externalSecret.js';
import { renderReadme } from './readme.js';
import type { RenderedFile } from './types.js';

export interface Rendered {
  files: RenderedFile[];
  /** The Deployment env entries, merged into deployment.yaml by the writer. */
  envEntriesYaml: string;
}

export function renderAll(m: Model): Rendered {
  const files: RenderedFile[] = [
    ...renderExternalSecrets(m),
    renderDeployment(m),
    renderEnvExample(m),
    renderGitignore(),
    renderReadme(m, { validators: [], directVaultSection: '' }),
  ];
  return { files, envEntriesYaml: renderEnvEntries(m) };
}
