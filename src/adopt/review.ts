// Interactive review of adopt's proposal: accept it, or edit a key (secret ↔ config, default,
// reason, drop), the namespace or the Direct-Vault justification, until the user accepts.
import { confirm, input, select } from '@inquirer/prompts';
import { cancellable } from '../ui/cancel.js';
import type { Answers } from '../model.js';
import type { Proposal } from './propose.js';

type Secret = NonNullable<Answers['secrets']>[number];
type Config = NonNullable<Answers['config']>[number];

const nonEmpty = (what: string) => (v: string) => (v.trim() ? true : `${what} is required`);

export async function reviewProposal(p: Proposal, start: Answers): Promise<Answers> {
  const a: Answers = structuredClone(start);
  a.secrets ??= [];
  a.config ??= [];
  if (!a.namespace) a.namespace = await cancellable(input({ message: 'Namespace (no manifest declares one):', validate: nonEmpty('namespace') }));
  if (a.mode === 'direct-vault') {
    a.justification = await cancellable(input({ message: `Direct-Vault justification (${p.mode.from}):`, default: a.justification ?? '', validate: nonEmpty('a justification') }));
  }
  for (;;) {
    const keys = [...a.secrets.map((s) => ({ env: s.env, kind: 'secret' as const })), ...a.config.map((c) => ({ env: c.env, kind: 'config' as const }))];
    const choice = await cancellable(
      select<string>({
        message: `${a.secrets.length} secrets, ${a.config.length} config keys. Generate with these answers?`,
        choices: [
          { name: 'Yes, generate', value: ':accept' },
          ...keys.map((k) => ({ name: `Edit ${k.env} (${k.kind})`, value: k.env })),
          { name: `Edit the namespace (${a.namespace})`, value: ':namespace' },
        ],
      }),
    );
    if (choice === ':accept') return a;
    if (choice === ':namespace') {
      a.namespace = await cancellable(input({ message: 'Namespace:', default: a.namespace, validate: nonEmpty('namespace') }));
      continue;
    }
    await editKey(a, choice, p);
  }
}

async function editKey(a: Answers, env: string, p: Proposal): Promise<void> {
  const secrets = a.secrets!;
  const config = a.config!;
  const si = secrets.findIndex((s) => s.env === env);
  const ci = config.findIndex((c) => c.env === env);
  const found = p.keys.find((k) => k.env === env);
  const action = await cancellable(
    select<string>({
      message: `${env}: ${found?.evidence.map((e) => `${e.file}:${e.line}`).join(', ') ?? ''}`,
      choices: [
        ...(si !== -1 ? [{ name: 'Make it config (with a safe default)', value: 'config' }] : [{ name: 'Make it a secret (from Vault)', value: 'secret' }, { name: 'Change default / reason', value: 'edit' }]),
        { name: 'Drop it (not the app’s)', value: 'drop' },
        { name: 'Back', value: 'back' },
      ],
    }),
  );
  if (action === 'back') return;
  if (action === 'drop') {
    if (si !== -1) secrets.splice(si, 1);
    if (ci !== -1) config.splice(ci, 1);
    // A workload's own keys (a Helm template that sets some itself) must not name a dropped key.
    for (const w of a.workloads ?? []) if (w.keys) w.keys = w.keys.filter((k) => k !== env);
    return;
  }
  if (action === 'secret') {
    const c = config.splice(ci, 1)[0]!;
    secrets.push({ env, description: c.description ?? '' } satisfies Secret);
    return;
  }
  const prev = ci !== -1 ? config[ci]! : undefined;
  const def = await cancellable(input({ message: `${env} default:`, default: prev?.default ?? found?.default ?? '' }));
  const reason = await cancellable(input({ message: `${env} safe-default reason (the # safe-default tag):`, default: prev?.reason ?? found?.reason ?? '', validate: nonEmpty('a reason') }));
  const next: Config = { env, default: def, type: prev?.type ?? 'string', ...(prev?.values ? { values: prev.values } : {}), reason, description: prev?.description ?? found?.description ?? '' };
  if (prev?.type && prev.type !== 'string' && !(await cancellable(confirm({ message: `Keep type ${prev.type}?`, default: true })))) next.type = 'string';
  if (ci !== -1) config[ci] = next;
  else {
    secrets.splice(si, 1);
    config.push(next);
  }
}
