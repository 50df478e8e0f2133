// --print-vault-commands: the exact commands an operator runs to provision the path by hand.
// Values travel the same way the tool sends them: one JSON object on stdin (`-`), built by jq from
// shell variables read with `read -rs`, so no value lands in argv, shell history or a file. The
// variables are never exported: each jq command gets them as prefix assignments, so only jq has
// them in its environment, never the vault/bao process (or anything else the shell starts).
// Mount, prefix and app are restricted by the model to [A-Za-z0-9_.-/], so they need no quoting.
import type { Model } from '../model.js';

export function renderVaultCommands(model: Model, bin: string): string {
  const { mount, pathNoMount, path } = model.vault;
  const keys = model.secrets;
  const lines: string[] = [`# Provision ${path} (KV v2) by hand. Values go on stdin as one JSON object (the "-" argument):`];
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
  const { mount, pathNoMount, path } = model.vault;
  const lines = [
    `${env}: its value is still in Vault at ${path} (property ${property}), and in that path's older versions. To remove it:`,
    `  echo '${JSON.stringify({ [property]: null })}' | ${bin} kv patch -method=patch -mount=${mount} ${pathNoMount} -`,
  ];
  if (model.secrets.length === 0) {
    lines.push(`No secret key is left: to delete the whole secret with every version instead: ${bin} kv metadata delete -mount=${mount} ${pathNoMount}`);
  } else {
    lines.push(`Older versions keep it until destroyed: ${bin} kv destroy -versions=<n,...> -mount=${mount} ${pathNoMount}`);
  }
  return `${lines.join('\n')}\n`;
}
