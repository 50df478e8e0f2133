// The existing Kustomize app the layout tests adopt: orders-api, a base and two overlays that
// declare their own namespaces (staging, and prod with a replicas patch).
import { execa } from 'execa';
import { join } from 'node:path';
import { expect } from 'vitest';
import { goTool } from '../helpers/goTool.js';
import { docsOf } from './helpers.js';

export const ORDERS_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-api
spec:
  selector:
    matchLabels: {app: orders-api}
  template:
    metadata:
      labels: {app: orders-api}
    spec:
      containers:
        - name: orders-api
          image: ghcr.io/acme/orders-api:2.1.0
`;

export const STAGING_OVERLAY = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: orders-staging # the staging cluster's namespace
resources:
  - ../../base
`;

export const PROD_OVERLAY = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: orders-prod
resources:
  - ../../base
patches:
  - path: replicas.yaml
`;

export const PROD_REPLICAS = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders-api\nspec:\n  replicas: 3\n';

export const ORDERS_README = '# orders-api\n\nThe orders service.\n';

/** `kustomize build` of one of the app's overlays: it must succeed without a word on stderr. */
export async function buildOverlay(dir: string, overlay: string): Promise<Record<string, any>[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await execa(goTool('kustomize'), ['build', join(dir, 'deploy/overlays', overlay)], { reject: false });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return docsOf(r.stdout) as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
}
