// --print-vault-commands: the exact commands an operator runs to provision the path by hand.
// Values travel the same way the tool sends them: one JSON object on stdin (`-`), built by jq from
// shell variables read with `read -rs`, so no value lands in argv, shell history or a file. The
// variables are never exported: each jq command gets them as prefix assignments, so only jq has
// them in its environment, never the vault/bao process (or anything else the shell starts).
// Mount, prefix and app are restricted by the model to [A-Za-z0-9_.-/], so they need no quoting.
import type { Model } from '../model.js';
import { allTargets, type VaultTarget } from './targets.js';

/**
 * The commands for each target (every environment's path when the answers have environments),
 * one block each: each environment gets its own values, entered separately.
 */
export function renderVaultCommandsFor(targets: readonly VaultTarget[], bin: string): string {
  return targets.map((t) => renderVaultCommands(t.model, bin, t.environments)).join('\n');
}

/** The commands for every path the answers define (the README's Provisioning section). */
export const renderAllVaultCommands = (model: Model, bin: string): string => renderVaultCommandsFor(allTargets(model), bin);

export function renderVaultCommands(model: Model, bin: string, environments: readonly string[] = []): string {
  const { mount, pathNoMount, path } = model.vault;
  const keys = model.secrets;
  const env = environments.length ? `Environment${environments.length > 1 ? 's' : ''} ${environments.join(', ')}: p` : 'P';
  const lines: string[] = [`# ${env}rovision ${path} (KV v2) by hand. Values go on stdin as one JSON object (the "-" argument):`];
  lines.push('# never as key=value arguments (visible in `ps` and shell history) and never in a file.');
  if (keys.length === 0) {
    lines.push('# This app declares no secret keys: there is nothing to write.');
    return lines.join('\n') + '\n';
  }
  const placeholder = `{${keys.map((k) => `${JSON.stringify(k.property)}: "<${k.env}>"`).join(', ')}}`;
  const jqObject = (subset: typeof keys) => `{${subset.map((k) => `${JSON.stringify(k.property)}: env.${k.env}`).join(', ')}}`;
  // `NAME="$NAME" … jq`: the values enter jq's environment only, for that one command.
  const jq = (subset: typeof keys) => `${subset.map((k) => `${k.env}="$${k.env}"`).join(' ')} jq -n '${jqObject(subset)}'`;
  lines.push(`# The JSON object (placeholders, not values): ${placeholder}`);
  lines.push('');
  lines.push('# 1. Enter each value without echo; it stays in this shell only (unset first drops an');
  lines.push('#    export the name may already have, so no child process inherits it).');
  for (const k of keys) lines.push(`unset ${k.env}; read -rsp '${k.env}: ' ${k.env}; echo`);
  lines.push('');
  lines.push('# 2. Create the path. -cas=0 refuses to touch a path that already has data.');
  lines.push(`${jq(keys)} | ${bin} kv put -cas=0 -mount=${mount} ${pathNoMount} -`);
  lines.push('');
  lines.push('# 2b. If the path already has data, show its version and key names, then patch only the missing');
  lines.push('#     keys (keep just those in the jq object; existing keys are left alone). Replace <version> with');
  lines.push('#     the version shown: -cas makes the patch fail if the path changed meanwhile, and -method=patch');
  lines.push('#     keeps the CLI from falling back to a read-then-write that would ignore -cas.');
  lines.push(`${bin} kv get -format=json -mount=${mount} ${pathNoMount} | jq -r '"version \\(.data.metadata.version)", (.data.data | keys[])'`);
  lines.push(`${jq(keys)} | ${bin} kv patch -method=patch -cas=<version> -mount=${mount} ${pathNoMount} -`);
  lines.push('');
  lines.push('# 3. Forget the values in this shell.');
  lines.push(`unset ${keys.map((k) => k.env).join(' ')}`);
  return lines.join('\n') + '\n';
}

/**
 * After remove-key: the value stays in Vault (and in every older version). The commands that remove
 * it: a JSON merge patch with null deletes the property from a new version; when no key is left, the
 * whole secret and its history can go with `kv metadata delete`.
 */
export function renderRemoveKeyHint(model: Model, env: string, property: string, bin: string): string {
  // With environments, the value may be at every environment's path.
  const targets = allTargets(model);
  const where = targets.map((t) => t.model.vault.path).join(', ');
  const lines = [`${env}: its value is still in Vault at ${where} (property ${property}), and in ${targets.length > 1 ? 'their' : "that path's"} older versions. To remove it:`];
  for (const t of targets) {
    const { mount, pathNoMount } = t.model.vault;
    lines.push(`  echo '${JSON.stringify({ [property]: null })}' | ${bin} kv patch -method=patch -mount=${mount} ${pathNoMount} -`);
  }
  const per = (cmd: string) => targets.map((t) => `${bin} ${cmd} -mount=${t.model.vault.mount} ${t.model.vault.pathNoMount}`).join('; ');
  if (model.secrets.length === 0) {
    lines.push(`No secret key is left: to delete the whole secret with every version instead: ${per('kv metadata delete')}`);
  } else {
    lines.push(`Older versions keep it until destroyed: ${per('kv destroy -versions=<n,...>')}`);
  }
  return `${lines.join('\n')}\n`;
}
