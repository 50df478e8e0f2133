// Shared by the layout suites: which secretKeyRefs / literal env each container of each rendered
// workload carries, read from the YAML a real consumer (kubectl, kustomize build, helm template) sees.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli, snapshotTree, type Run } from '../helpers/cli.js';
import { validateExternalSecret } from '../helpers/schemas.js';

export interface Container {
  /** `Kind/name/containers|initContainers/container` */
  id: string;
  refs: string[];
  values: string[];
  env: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } }; value?: string }[];
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

export function docsOf(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text, { version: '1.1' })
    .map((d) => {
      if (d.errors.length) throw new Error(d.errors[0]!.message);
      return d.toJSON() as Record<string, unknown> | null;
    })
    .filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object');
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function podSpec(doc: Obj): Obj {
  return doc.kind === 'CronJob' ? doc.spec.jobTemplate.spec.template.spec : doc.spec.template.spec;
}

/** Every container of every workload document, with the Secret keys it references (`secret/KEY`). */
export function containersOf(docs: Obj[]): Map<string, Container> {
  const out = new Map<string, Container>();
  for (const d of docs) {
    if (!WORKLOAD_KINDS.has(d.kind)) continue;
    const spec = podSpec(d);
    for (const field of ['initContainers', 'containers']) {
      for (const c of (spec[field] ?? []) as Obj[]) {
        const env = (c.env ?? []) as Container['env'];
        const id = `${d.kind}/${d.metadata.name}/${field}/${c.name}`;
        out.set(id, {
          id,
          env,
          refs: env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => `${e.valueFrom!.secretKeyRef!.name}/${e.valueFrom!.secretKeyRef!.key}`),
          values: env.filter((e) => e.value !== undefined).map((e) => e.name),
        });
      }
    }
  }
  return out;
}

/** container id → its secretKeyRefs, for one toEqual over the whole output. */
export function refsById(docs: Obj[]): Record<string, string[]> {
  return Object.fromEntries([...containersOf(docs)].map(([id, c]) => [id, c.refs]));
}

/** The CLI run, which must succeed without a word on stderr. */
export async function ok(args: string[]): Promise<Run> {
  const r = await runCli(args);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r;
}

/** The one ExternalSecret among `docs`, checked against the ESO CRD. */
export function onlyExternalSecret(docs: Record<string, unknown>[]): Obj {
  const es = docs.filter((d) => d.kind === 'ExternalSecret') as Obj[];
  expect(es).toHaveLength(1);
  expect(validateExternalSecret(es[0])).toEqual([]);
  return es[0]!;
}

/** Write a fixture repo: relative path → content. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
}

export const read = (dir: string, f: string): string => readFileSync(join(dir, f), 'utf8');

/** A run that must stop on a conflict (exit 1) naming `file`, with nothing written anywhere in `dir`. */
export async function expectConflict(dir: string, args: string[], file: string): Promise<void> {
  const before = snapshotTree(dir);
  const r = await runCli(args);
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toContain(file);
  expect(snapshotTree(dir)).toEqual(before);
}
