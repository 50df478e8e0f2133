// Helm: a workload template that sets a literal env the include sets too (the app's PORT from
// values, and the answers' config PORT) would give the container that name twice — server-side
// apply refuses it, client-side apply lets one win silently. The generator refuses in one line,
// naming the file, the container, the key and the two ways out, nothing written; with the
// workload's `keys` leaving PORT out it renders, and `helm template` shows one PORT (the user's).
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, snapshotTree, tempDir } from '../helpers/cli.js';
import { goTool } from '../helpers/goTool.js';
import { containersOf, docsOf, writeTree } from './helpers.js';

const C = 'charts/shop';
const PORT_ENTRY = '            - name: PORT\n              value: {{ .Values.port | quote }}\n';
const deployment = (entry: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/shop:1
          env:
${entry}`;
const answers = (keys: string) => `app: shop
namespace: shop
layout: helm
chartDir: ${C}
workloads:
  - name: shop
    kind: Deployment
    file: deployment.yaml
${keys}secrets:
  - env: DB_PASSWORD
    description: db
config:
  - env: PORT
    default: "8080"
    type: int
    reason: a listen port
`;

function chart(keys: string, entry = PORT_ENTRY, eol = '\n'): string {
  const dir = tempDir('mosaic-helm-twice-');
  writeTree(dir, {
    [`${C}/Chart.yaml`]: 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
    [`${C}/values.yaml`]: 'port: 8080\n',
    [`${C}/templates/deployment.yaml`]: deployment(entry).replace(/\n/g, eol),
    'answers.yaml': answers(keys),
  });
  return dir;
}

describe('helm: a literal env set by the template and by the include', () => {
  it.each([
    ['as helm create writes it', PORT_ENTRY, '\n'],
    ['with a trailing comment', '            - name: PORT # the http port\n              value: {{ .Values.port | quote }}\n', '\n'],
    ['with a comment line between', '            - name: PORT\n              # from values\n              value: {{ .Values.port | quote }}\n', '\n'],
    ['as a flow entry', '            - {name: PORT, value: "9090"}\n', '\n'],
    ['with CRLF line ends', PORT_ENTRY, '\r\n'],
  ])('%s: refused in one line naming the file, container and key; nothing written', async (_, entry, eol) => {
    const dir = chart('', entry, eol);
    const before = snapshotTree(dir);
    const r = await runCli(['--answers', 'answers.yaml', '--yes'], { cwd: dir });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${C}/templates/deployment.yaml: containers entry "web" sets PORT itself`);
    expect(r.stderr).toContain('workloads[].keys');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('with keys leaving PORT out, helm template gives the container one PORT, the user\'s', async () => {
    const dir = chart('    keys: [DB_PASSWORD]\n');
    const r = await runCli(['--answers', 'answers.yaml', '--yes'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const out = await execa(goTool('helm'), ['template', 'shop', join(dir, C), '--set', 'port=9090'], { reject: false });
    expect(out.stderr).toBe('');
    const web = containersOf(docsOf(out.stdout)).get('Deployment/shop/containers/web')!;
    expect(web.env.map((e) => [e.name, e.value ?? e.valueFrom?.secretKeyRef?.key])).toEqual([
      ['DB_PASSWORD', 'DB_PASSWORD'],
      ['PORT', '9090'],
    ]);
  });
});
