// Which Vault path(s) a run writes. Without `environments` it is the answers' own path. With them,
// each overlay / values-<env>.yaml reads its environment's path, and the base path may be read by
// none of them: the user names the environments (--environment NAME|all, or a checkbox), and each
// distinct path they read is one target, written with the same safety as the single path.
import { UsageError } from '../errors.js';
import type { Environment, Model } from '../model.js';

export interface VaultTarget {
  /** Names of the selected environments reading this path; [] for the answers' own path (no environments). */
  environments: string[];
  /** The model with `vault` (and store, namespace) of that environment: every Vault helper reads `model.vault`. */
  model: Model;
}

/** `m` as seen from one environment: its Vault path, store and namespace. */
export function environmentModel(m: Model, e: Environment): Model {
  return {
    ...m,
    namespace: e.namespace,
    vault: { mount: m.vault.mount, prefix: e.prefix, path: e.vaultPath, pathNoMount: e.pathNoMount },
    remoteKey: e.remoteKey,
    eso: { ...m.eso, storeName: e.storeName },
  };
}

/**
 * One target per distinct Vault path and store among `envs`, in the answers' order: the same path
 * behind another store is another Vault's (its note says a run each), never written once for both.
 */
export function targetsOf(m: Model, envs: readonly Environment[]): VaultTarget[] {
  const byPath = new Map<string, VaultTarget>();
  for (const e of envs) {
    const key = `${e.storeName}\n${e.vaultPath}`;
    const t = byPath.get(key);
    if (t) t.environments.push(e.name);
    else byPath.set(key, { environments: [e.name], model: environmentModel(m, e) });
  }
  return [...byPath.values()];
}

/** Every target the answers define: the own path without environments, else one per environment path. */
export function allTargets(m: Model): VaultTarget[] {
  return m.environments.length ? targetsOf(m, m.environments) : [{ environments: [], model: m }];
}

/** `prod, staging or all` — the choices a message offers. */
export function environmentChoices(m: Model): string {
  return `${m.environments.map((e) => e.name).join(', ')} or all`;
}

/** `staging → secret/staging/shop, prod → secret/prod/shop` */
export function describeTargets(targets: readonly VaultTarget[]): string {
  return targets.map((t) => (t.environments.length ? `${t.environments.join(', ')} → ${t.model.vault.path}` : t.model.vault.path)).join('; ');
}

/**
 * The targets `--environment` names (repeatable, comma-separated, `all`). undefined when nothing
 * was named and the environments read more than one path: the caller asks, or refuses.
 */
export function selectTargets(m: Model, names: readonly string[]): VaultTarget[] | undefined {
  const wanted = names.flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean);
  if (names.length && wanted.length === 0) throw new UsageError('--environment: needs a value (an environment name, or all)');
  if (m.environments.length === 0) {
    if (wanted.length) throw new UsageError(`--environment: the answers define no environments (environments is for layout kustomize or helm; see README "Deploy layouts")`);
    return allTargets(m);
  }
  if (wanted.length === 0) {
    const all = allTargets(m);
    return all.length === 1 ? all : undefined;
  }
  const unknown = wanted.filter((n) => n !== 'all' && !m.environments.some((e) => e.name === n));
  if (unknown.length) throw new UsageError(`--environment: unknown environment ${unknown.join(', ')} (one of ${environmentChoices(m)})`);
  if (wanted.includes('all')) {
    if (wanted.some((n) => n !== 'all')) throw new UsageError('--environment: all stands alone (it names every environment); drop the other names or all');
    return allTargets(m);
  }
  return targetsOf(m, m.environments.filter((e) => wanted.includes(e.name)));
}

/** The one-line refusal when a run without a terminal would have to guess the environment. */
export function environmentRequired(m: Model, why: string): UsageError {
  return new UsageError(
    `--environment: required ${why}: the environments read different Vault paths (${describeTargets(allTargets(m))}); name one or more with --environment NAME (${environmentChoices(m)})`,
  );
}
