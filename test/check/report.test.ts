import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { check, formatReport, RULES, toSarif, type Finding } from '../../src/check/index.js';
import { materialize } from './helpers/fixtures.js';

/**
 * The SARIF 2.1.0 schema (rtm.5, the OASIS 2.1.0 schema as published to SchemaStore), vendored from
 * the MIT-licensed npm package @microsoft/jest-sarif@1.0.0-beta.0 (lib/schemas/sarif-2.1.0-rtm.5.json).
 * It is written for JSON Schema draft-04, which Ajv 8 reads once `id` is spelled `$id`; it uses no
 * other draft-04-only keyword.
 */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(new URL('./sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  expect(schema['$schema']).toBe('http://json-schema.org/draft-04/schema#');
  const { $schema: _draft, id, ...rest } = schema;
  expect(typeof id).toBe('string');
  // unicodeRegExp: false — the schema's language pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) is not valid with the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // ajv-formats is CommonJS; under NodeNext its default import is the module object.
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv.compile({ $id: id as string, ...rest });
}

/** Findings of every rule and both kinds of location (a span, a whole file). */
async function richFindings(): Promise<{ findings: Finding[]; filesScanned: number }> {
  const findings: Finding[] = [];
  let filesScanned = 0;
  const cases: Array<[string, string]> = [
    ['fallback-default', 'pos-two-on-one-line'],
    ['hardcoded-secret', 'pos-k8s-secret-manifest'],
    ['hardcoded-secret', 'pos-url-with-password'],
    ['vault-client', 'pos-go-vault-api'],
    ['committed-env-file', 'pos-deploy-dir'],
    ['checklist', 'pos-raw-env-value'],
    ['checklist', 'pos-v1beta1'],
    ['checklist', 'pos-dv-incomplete'],
    ['checklist', 'pos-no-readme'],
    ['checklist', 'pos-no-validator'],
    ['checklist', 'pos-no-external-secret'],
  ];
  for (const [group, name] of cases) {
    const { dir, cleanup } = materialize(group, name);
    try {
      const r = await check(['.'], { cwd: dir });
      findings.push(...r.findings);
      filesScanned += r.filesScanned;
    } finally {
      cleanup();
    }
  }
  return { findings, filesScanned };
}

describe('SARIF', () => {
  it('validates against the SARIF 2.1.0 schema, with results and rules that agree', async () => {
    const { findings, filesScanned } = await richFindings();
    expect(new Set(findings.map((f) => f.rule)).size).toBeGreaterThanOrEqual(9);
    const log = JSON.parse(formatReport('sarif', { findings, filesScanned, suppressed: 0, baselined: 0 }));
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);

    const run = log.runs[0];
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(run.results).toHaveLength(findings.length);
    for (const res of run.results) {
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(['error', 'warning']).toContain(res.level);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).not.toMatch(/^\/|\\/);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(res.partialFingerprints['mosaicSecretsHash/v2']).toMatch(/^[a-z-]+:[0-9a-f]{16}$/);
    }
    // GitHub code scanning ranks alerts with this property.
    for (const r of run.tool.driver.rules) expect(Number(r.properties['security-severity'])).toBeGreaterThan(0);
  });

  it('validates an empty run too, and encodes unusual paths as URI references', () => {
    const validate = sarifValidator();
    expect(validate(toSarif({ findings: [], filesScanned: 0, suppressed: 0, baselined: 0 }))).toBe(true);
    const f: Finding = { rule: 'hardcoded-secret', severity: 'error', path: 'dir with space/50%.yaml', line: 2, column: 3, endLine: 2, endColumn: 9, message: 'm', hash: '0123456789abcdef' };
    const log = toSarif({ findings: [f], filesScanned: 1, suppressed: 0, baselined: 0 }) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(validate(log)).toBe(true);
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/50%25.yaml');
  });
});

describe('text report', () => {
  it('shows file:line:col, the line with secrets masked, and a caret under the match', async () => {
    const { dir, cleanup } = materialize('hardcoded-secret', 'pos-python-kwarg');
    try {
      const r = await check(['.'], { cwd: dir });
      const text = formatReport('text', { ...r }, false);
      expect(text).toBe(
        [
          'db.py:3:47: error hardcoded-secret password is assigned a literal value; read it from the environment (synced from Vault) instead',
          ' 3 | conn = psycopg.connect(host="db", user="app", password="********")',
          '   |                                               ^^^^^^^^^^^^^^^^^^^',
          '✖ 1 finding (1 error; 1 file scanned)',
          '',
        ].join('\n'),
      );
    } finally {
      cleanup();
    }
  });

  it('masks every secret of a line in every snippet, and keeps carets on the match', async () => {
    const { dir, cleanup } = materialize('hardcoded-secret', 'pos-python-constant');
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${dir}/one_line.py`, 'CFG = {"password": "supersecret123", "api_token": "Zq8vN2kLp4Rt"}\n');
      const r = await check(['one_line.py'], { cwd: dir });
      expect(r.findings).toHaveLength(2);
      for (const f of r.findings) {
        expect(f.snippet!.text).toBe('CFG = {"password": "********", "api_token": "********"}');
        const under = f.snippet!.text.slice(f.snippet!.caretStart, f.snippet!.caretStart + f.snippet!.caretLength);
        expect(under).toMatch(/^(password": "\*{8}"|api_token": "\*{8}")$/);
      }
    } finally {
      cleanup();
    }
  });

  it('shows a window of very long lines', async () => {
    const { dir, cleanup } = materialize('hardcoded-secret', 'pos-python-constant');
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${dir}/long.py`, `X = [${'1, '.repeat(100)}]; password = "supersecret123"; Y = [${'2, '.repeat(100)}]\n`);
      const [f] = (await check(['long.py'], { cwd: dir })).findings;
      expect(f!.snippet!.text.length).toBeLessThanOrEqual(162);
      expect(f!.snippet!.text.startsWith('…')).toBe(true);
      expect(f!.snippet!.text.slice(f!.snippet!.caretStart)).toMatch(/^password = "\*{8}"/);
    } finally {
      cleanup();
    }
  });
});

describe('github report', () => {
  it('writes one workflow annotation per finding, escaping data and properties', () => {
    const findings: Finding[] = [
      { rule: 'fallback-default', severity: 'error', path: 'a,b:c%.yml', line: 4, column: 7, endLine: 4, endColumn: 20, message: 'line one\nline 100%', hash: 'x', snippet: { text: '', line: 4, caretStart: 0, caretLength: 1 } },
      { rule: 'checklist-eso-api-version', severity: 'warning', path: 'README.md', line: 1, column: 1, endLine: 1, endColumn: 1, message: 'whole file', hash: 'y' },
    ];
    const out = formatReport('github', { findings, filesScanned: 2, suppressed: 0, baselined: 0 });
    expect(out.split('\n')).toEqual([
      '::error file=a%2Cb%3Ac%25.yml,line=4,col=7,endColumn=20,title=Untagged fallback default (fallback-default)::line one%0Aline 100%25',
      '::warning file=README.md,line=1,title=ExternalSecret apiVersion not served (checklist-eso-api-version)::whole file',
      'mosaic-secrets: 2 findings in 2 files',
      '',
    ]);
  });
});

describe('json report', () => {
  it('carries positions, rule, severity and hash, and no source text', async () => {
    const { findings, filesScanned } = await richFindings();
    const doc = JSON.parse(formatReport('json', { findings, filesScanned, suppressed: 1, baselined: 2 }));
    expect(doc.summary).toEqual({ errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length, suppressed: 1, baselined: 2 });
    for (const f of doc.findings) expect(Object.keys(f).sort()).toEqual(['column', 'endColumn', 'endLine', 'hash', 'line', 'message', 'path', 'rule', 'severity']);
  });
});
