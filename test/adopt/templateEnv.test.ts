// The env names a Helm workload template's container sets itself (adopt proposes workloads[].keys
// without them; the generator refuses a container that would list one twice): every YAML spelling
// of an env entry a chart uses, per container, and nothing from lists that are not env.
import { describe, expect, it } from 'vitest';
import { containerEnv } from '../../src/write/merge/helmInclude.js';

const template = (env: string, sidecar = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Chart.Name }}
spec:
  template:
    spec:
      containers:
        - name: web
          image: x
          ports:
            - name: http
              containerPort: 8080
          volumeMounts:
            - name: data
              mountPath: /data
          env:
${env}${sidecar}`;

describe('containerEnv', () => {
  it.each([
    ['plain', '            - name: PORT\n              value: {{ .Values.port | quote }}\n'],
    ['quoted name', '            - name: "PORT"\n              value: "1"\n'],
    ['trailing comment', '            - name: PORT # the http port\n              value: {{ .Values.port | quote }}\n'],
    ['comment line between', '            - name: PORT\n              # from values\n              value: {{ .Values.port | quote }}\n'],
    ['template line between', '            - name: PORT\n              {{- if .Values.x }}\n              value: "1"\n              {{- end }}\n'],
    ['value before name', '            - value: "1"\n              name: PORT\n'],
    ['valueFrom', '            - name: PORT\n              valueFrom:\n                configMapKeyRef: {name: cm, key: port}\n'],
    ['flow entry', '            - {name: PORT, value: "1"}\n'],
    ['flow entry, quoted', "            - { name: 'PORT', value: '1' }\n"],
  ])('%s: web sets PORT', (_, env) => {
    expect(containerEnv(template(env))).toEqual([{ field: 'containers', container: 'web', names: ['PORT'] }]);
  });

  it('CRLF line ends: the same answer, container name included', () => {
    const crlf = template('            - name: PORT\n              value: "1"\n').replace(/\n/g, '\r\n');
    expect(containerEnv(crlf)).toEqual([{ field: 'containers', container: 'web', names: ['PORT'] }]);
  });

  it('per container: a sidecar that sets PORT is not the app container', () => {
    const sidecar = '        - name: metrics\n          image: m\n          env:\n            - name: PORT\n              value: "9100"\n';
    expect(containerEnv(template('            - name: LOG_LEVEL\n              value: info\n', sidecar))).toEqual([
      { field: 'containers', container: 'web', names: ['LOG_LEVEL'] },
      { field: 'containers', container: 'metrics', names: ['PORT'] },
    ]);
  });

  it('ports, volumeMounts and a name without a value are not env entries', () => {
    expect(containerEnv(template('            - name: ONLY_NAME\n'))).toEqual([{ field: 'containers', container: 'web', names: [] }]);
  });
});
