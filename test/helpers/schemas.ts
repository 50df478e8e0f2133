// Real schemas for what we render: the official ESO CRD (from ../shared/schemas) through ajv, made
// strict so a field the CRD does not declare fails (Kubernetes would silently prune it), and the
// Kubernetes Deployment schema from kubernetes-models.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';

import { existsSync } from 'node:fs';

// The policy repo's copy (../shared beside the checkout, as in CI) wins; a vendored copy of the same
// official CRD keeps the tests runnable from a clone without it.
const CRD_FILE = 'external-secrets.io_externalsecrets.yaml';
const SHARED = fileURLToPath(new URL(`../../../shared/schemas/${CRD_FILE}`, import.meta.url));
const CRD_PATH = existsSync(SHARED) ? SHARED : fileURLToPath(new URL(`../fixtures/crd/${CRD_FILE}`, import.meta.url));

type Schema = Record<string, unknown>;

function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const s: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) {
    s[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([pk, pv]) => [pk, strict(pv)])) : strict(v);
  }
  if (s.type === 'object' && s.properties && s.additionalProperties === undefined && !s['x-kubernetes-preserve-unknown-fields']) {
    s.additionalProperties = false;
  }
  return s;
}

const validators = new Map<string, ValidateFunction>();

/** Validator for ExternalSecret at `version` (v1 or v1beta1), strict about undeclared fields. */
export function externalSecretValidator(version: string): ValidateFunction {
  let v = validators.get(version);
  if (!v) {
    const crd = parse(readFileSync(CRD_PATH, 'utf8')) as { spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] } };
    const ver = crd.spec.versions.find((x) => x.name === version);
    if (!ver) throw new Error(`CRD has no version ${version}`);
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    v = ajv.compile(strict(ver.schema.openAPIV3Schema) as Schema);
    validators.set(version, v);
  }
  return v;
}

export function validateExternalSecret(doc: unknown): string[] {
  const d = doc as { apiVersion?: string };
  const version = String(d.apiVersion ?? '').split('/')[1] ?? '';
  const v = externalSecretValidator(version);
  return v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Throws with the first schema error if `doc` is not a valid apps/v1 Deployment. */
export function validateDeployment(doc: unknown): void {
  new Deployment(doc as ConstructorParameters<typeof Deployment>[0]).validate();
}

const WORKLOAD_MODELS: Record<string, new (doc: never) => { validate(): void }> = { Deployment, StatefulSet, DaemonSet, Job, CronJob };

/** Throws with the first schema error if `doc` is not a valid workload of its kind (apps/v1 or batch/v1). */
export function validateWorkload(doc: unknown): void {
  const kind = String((doc as { kind?: unknown }).kind);
  const Model = WORKLOAD_MODELS[kind];
  if (!Model) throw new Error(`not a workload kind: ${kind}`);
  new Model(doc as never).validate();
}
