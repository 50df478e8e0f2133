// An existing app → the proposed answers, each with where it came from. Pure apart from reading
// the app's files; the command (command.ts) shows it, lets the user edit it and runs the generator.
import { detect, type EnvRead } from './engine.js';
import { appFiles } from './files.js';
import { classify, type ProposedKey } from './classify.js';
import { projectFacts, type ProjectFacts } from './project.js';
import type { Answers } from '../model.js';

export interface Proposal {
  dir: string;
  facts: ProjectFacts;
  mode: { value: 'eso' | 'direct-vault'; from: string };
  justification: string | null;
  engine: 'database' | 'other' | null;
  keys: ProposedKey[];
  /** Vault bootstrap variables the app reads today (owned by the Direct-Vault generator). */
  bootstrap: string[];
  reads: EnvRead[];
  /** Real .env files holding values (names only were read). */
  envFiles: string[];
  warnings: string[];
}

export function propose(dir: string): Proposal {
  const files = appFiles(dir);
  const reads = files.files.flatMap((f) => detect(f));
  const facts = projectFacts(dir, files);
  const { keys, bootstrap } = classify(reads);
  const warnings: string[] = [];
  let mode: Proposal['mode'] = { value: 'eso', from: 'default (no Vault client in the code)' };
  let justification: string | null = null;
  let engine: Proposal['engine'] = null;
  const use = facts.dynamicUses[0];
  if (use) {
    mode = { value: 'direct-vault', from: `${use.client} at ${use.file}:${use.line}` };
    justification = `The app reads ${use.what} through ${use.client} (${use.file}:${use.line}); ESO only syncs static values.`;
    engine = use.engine;
  } else if (facts.vaultClients.length) {
    const c = facts.vaultClients[0]!;
    mode = { value: 'eso', from: `${c.client} at ${c.file}:${c.line} reads static values only` };
    warnings.push(`${c.file}:${c.line}: ${c.client} reads only static values, which ESO syncs: remove the client once the ExternalSecret is live (check flags it as vault-client-in-eso-app)`);
  }
  if (!facts.namespace) warnings.push('namespace: no manifest declares one; pass --namespace');
  warnings.push(...facts.deploy.notes, ...files.warnings);
  for (const k of keys) {
    if (k.hadFallback) warnings.push(`${k.env}: secret with a fallback at ${k.hadFallback.file}:${k.hadFallback.line}; the fallback is dropped (required values fail fast)`);
  }
  for (const w of templateKeys(facts, keys).notes) warnings.push(w);
  const envFiles = [...new Set(files.files.filter((f) => f.type === 'env-file').map((f) => f.path))];
  return { dir, facts, mode, justification, engine, keys, bootstrap, reads, envFiles, warnings };
}

/** The proposal as answers for the generator (the answers-file contract, see README "Answers file"). */
export function answersOf(p: Proposal, overrides: { namespace?: string; app?: string; justification?: string; ci?: string; hooksRepo?: string } = {}): Answers {
  const f = p.facts;
  const { workloads } = templateKeys(f, p.keys);
  const out: Answers = {
    app: overrides.app ?? f.app.value,
    namespace: overrides.namespace ?? f.namespace?.value ?? '',
    mode: p.mode.value,
    languages: f.languages.value,
    deployDir: f.deploy.deployDir ?? f.deployDir.value,
    ...(f.deploy.layout !== 'plain' ? { layout: f.deploy.layout } : {}),
    ...(f.deploy.chartDir ? { chartDir: f.deploy.chartDir } : {}),
    ...(workloads ? { workloads } : {}),
    ...(f.deploy.environments ? { environments: f.deploy.environments } : {}),
    ...((overrides.ci ?? f.ci.value) !== 'none' ? { ci: (overrides.ci ?? f.ci.value) as Answers['ci'] } : {}),
    ...(overrides.hooksRepo ? { hooksRepo: overrides.hooksRepo } : {}),
    secrets: p.keys.filter((k) => k.kind === 'secret').map((k) => ({ env: k.env, description: k.description })),
    config: p.keys
      .filter((k) => k.kind === 'config')
      .map((k) => ({ env: k.env, default: k.default!, type: k.type, ...(k.values ? { values: k.values } : {}), reason: k.reason!, description: k.description })),
  };
  if (!out.namespace) delete (out as Partial<Answers>).namespace;
  if (f.languages.value.includes('python') && f.pythonPackage) out.pythonPackage = f.pythonPackage.value;
  if (f.languages.value.includes('go') && f.goModule) out.goModule = f.goModule.value;
  if (p.mode.value === 'direct-vault') {
    out.justification = overrides.justification ?? p.justification ?? undefined;
    out.directVault = { engine: p.engine === 'database' ? 'database' : 'other', ...(p.engine === 'other' ? { engineNote: p.justification ?? '' } : {}) };
  }
  return out;
}

/**
 * Helm: a workload template that sets a config key's env itself (`PORT: {{ .Values.port }}`) keeps
 * its entry; its include gets every other key (`workloads[].keys`), so the container never has that
 * name twice. (Raw secret entries are different: check --fix replaces them with the include's.)
 */
function templateKeys(f: ProjectFacts, keys: readonly ProposedKey[]): { workloads: Answers['workloads']; notes: string[] } {
  const d = f.deploy;
  if (d.layout !== 'helm' || !d.templateEnv) return { workloads: d.workloads, notes: [] };
  const config = new Set(keys.filter((k) => k.kind === 'config').map((k) => k.env));
  const all = [...keys.filter((k) => k.kind === 'secret'), ...keys.filter((k) => k.kind === 'config')].map((k) => k.env);
  const app = f.app.value;
  let workloads = d.workloads ? d.workloads.map((w) => ({ ...w })) : undefined;
  const notes: string[] = [];
  for (const t of d.templateEnv) {
    const own = [...new Set(t.containers.flatMap((c) => c.names.filter((n) => config.has(n))))];
    if (!own.length) continue;
    if (!workloads) {
      if (t.file !== 'deployment.yaml') continue;
      workloads = [{ name: app, kind: 'Deployment', file: 'deployment.yaml' }];
    }
    const w = workloads.find((x) => (x.file ?? `${x.name}.yaml`) === t.file);
    if (!w) continue;
    w.keys = all.filter((n) => !own.includes(n));
    const where = `${d.chartDir}/templates/${t.file}`;
    for (const c of t.containers) {
      const sets = own.filter((n) => c.names.includes(n));
      const lacks = own.filter((n) => !c.names.includes(n));
      const who = `container ${c.container || '(templated name)'}`;
      if (sets.length) notes.push(`${where}: ${who} sets ${sets.join(', ')} itself, so the workload's include leaves ${sets.length > 1 ? 'them' : 'it'} out (workloads[].keys lists the rest; a key added later reaches this workload when you add it there)`);
      if (lacks.length) notes.push(`${where}: ${who} then gets no ${lacks.join(', ')} from the include and runs with ${lacks.length > 1 ? 'their defaults' : 'its default'} (add the entry to it by hand to set ${lacks.length > 1 ? 'them' : 'it'})`);
    }
  }
  return { workloads, notes };
}
