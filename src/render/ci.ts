// The `ci` answer → a CI step that runs `check` pinned to this version (GitHub Actions with SARIF
// upload and annotations, Woodpecker, GitLab), plus a pre-commit entry: a `repo: local` hook running
// the same pinned check through npx (this package has no public hook repository), or, when
// `hooksRepo` names one (a fork or mirror), that repository's .pre-commit-hooks.yaml at v<version>.
// `none` renders nothing.
import type { Model } from '../model.js';
import { VERSION } from '../version.js';
import { renderTemplate } from './engine.js';
import { yamlString } from './escape.js';
import type { RenderedFile } from './types.js';

/** Where each CI system reads its pipeline from (GitLab's own .gitlab-ci.yml is the user's: it includes ours). */
export const CI_PATHS = {
  github: '.github/workflows/mosaic-secrets.yml',
  woodpecker: '.woodpecker/mosaic-secrets.yml',
  gitlab: '.gitlab/mosaic-secrets.yml',
} as const;

export function renderCi(m: Model): RenderedFile[] {
  if (m.ci === 'none') return [];
  const data = { app: m.app, version: VERSION };
  return [
    { path: CI_PATHS[m.ci], content: renderTemplate(`ci/${m.ci}.yml.hbs`, data), strategy: { kind: 'whole' } },
    {
      path: '.pre-commit-config.yaml',
      content: renderTemplate('ci/pre-commit-config.yaml.hbs', { hooksRepo: m.hooksRepo === null ? null : yamlString(m.hooksRepo), rev: yamlString(`v${VERSION}`), version: VERSION }),
      strategy: { kind: 'whole' },
    },
  ];
}
