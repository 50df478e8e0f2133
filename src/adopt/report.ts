// The proposal as people review it: a table on the terminal, and an answers file whose comments
// carry the evidence (so the reviewer of the pull request sees why each key is what it is).
import { Document, isMap, isSeq } from 'yaml';
import type { Answers } from '../model.js';
import { PINNED_CLI } from '../render/readme.js';
import type { ProposedKey } from './classify.js';
import type { Proposal } from './propose.js';

const cell = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

function where(k: ProposedKey): string {
  const [first, ...rest] = k.evidence;
  return `${first!.file}:${first!.line}${rest.length ? ` (+${rest.length})` : ''}`;
}

/** Never a secret's value: a secret's fallback is only said to exist. */
function shownDefault(k: ProposedKey): string {
  if (k.kind === 'secret') return k.hadFallback ? '(fallback dropped)' : '—';
  return k.default === '' ? '""' : JSON.stringify(k.default);
}

/** Where the generator wires the env, as the answers say. */
function layoutLine(a: Answers): string {
  const workloads = a.workloads ? `; workloads ${a.workloads.map((w) => `${w.kind} ${w.name} (${w.file ?? 'default file'})`).join(', ')}` : '';
  if (a.layout === 'helm') return `layout helm: the chart ${a.chartDir}/ (templates/externalsecret.yaml, an env include in each workload template)${workloads}`;
  if (a.layout === 'kustomize') {
    const envs = a.environments?.length ? `, overlays ${a.environments.map((e) => e.name).join(', ')}` : '';
    return `layout kustomize: ${a.deployDir}/base${envs}${workloads}`;
  }
  return `layout plain: manifests in ${a.deployDir ?? 'deploy'}/${workloads}`;
}

export function proposalTable(p: Proposal, answers: Answers): string {
  const f = p.facts;
  const lines = [
    `Proposal for ${p.dir}`,
    `  app        ${answers.app}  (${f.app.from})`,
    `  namespace  ${answers.namespace ?? '(none found: pass --namespace)'}${f.namespace && answers.namespace === f.namespace.value ? `  (${f.namespace.from})` : ''}`,
    `  languages  ${(answers.languages ?? []).join(', ') || '(none)'}  (${f.languages.from})`,
    `  layout     ${f.layout.join('; ') || '(no deploy files found)'}`,
    `  generate   ${layoutLine(answers)}  (${f.deploy.from})`,
    `  mode       ${answers.mode}  (${p.mode.from})`,
    `  ci         ${answers.ci ?? 'none'}  (${f.ci.from})${answers.ci && answers.ci !== 'none' ? ': a check step pinned to this version, and a pre-commit hook' : ''}`,
  ];
  if (answers.mode === 'direct-vault') lines.push(`  justification  ${answers.justification ?? '(required)'}`);
  if (p.bootstrap.length) lines.push(`  bootstrap  ${p.bootstrap.join(', ')} (Vault client login; the Direct-Vault files own them)`);
  lines.push('');
  const widths = [28, 7, 22, 8, 36];
  lines.push(`  ${['ENV', 'KIND', 'DEFAULT', 'TYPE', 'EVIDENCE'].map((h, i) => cell(h, widths[i]!)).join(' ')}  WHY`);
  for (const k of p.keys) {
    lines.push(`  ${[k.env, k.kind, shownDefault(k), k.kind === 'config' ? k.type : '', where(k)].map((v, i) => cell(v, widths[i]!)).join(' ')}  ${k.why}`);
  }
  const config = p.keys.filter((k) => k.kind === 'config');
  if (config.length) {
    lines.push('', '  safe-default reasons (review them: they become the "# safe-default:" tags):');
    for (const k of config) lines.push(`    ${k.env}: ${k.reason}`);
  }
  for (const w of p.warnings) lines.push(`  note: ${w}`);
  return `${lines.join('\n')}\n`;
}

/** The answers as YAML, each key commented with its evidence (file:line, how it is read). */
export function answersYaml(p: Proposal, answers: Answers): string {
  const doc = new Document(answers);
  doc.commentBefore = ` Proposed by create-mosaic-secrets adopt from the app's code and deploy files; review, then\n run: npx ${PINNED_CLI} --answers <this file>`;
  const byEnv = new Map(p.keys.map((k) => [k.env, k]));
  for (const list of ['secrets', 'config'] as const) {
    const seq = doc.get(list, true);
    if (!isSeq(seq)) continue;
    for (const item of seq.items) {
      if (!isMap(item)) continue;
      const k = byEnv.get(String(item.get('env')));
      if (!k) continue;
      // `[secret]`, not `secret:`: a comment that reads like an assignment would look like a hardcoded secret to check.
      item.commentBefore = [` [${k.kind}] ${k.why}`, ...k.evidence.map((e) => `   ${e.file}:${e.line} ${e.what}`)].join('\n');
    }
  }
  return doc.toString({ lineWidth: 0 });
}
