// SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`) and other viewers.
import type { Finding, RuleMeta } from '../types.js';
import type { ReportInput } from './index.js';
import { RULES } from '../rules/index.js';
import { TOOL_NAME, TOOL_URI, TOOL_VERSION } from './tool.js';

/** GitHub ranks alerts by this (0–10); secrets committed in clear are the worst case. */
const SECURITY_SEVERITY: Record<string, string> = {
  'hardcoded-secret': '9.0',
  'committed-env-file': '7.5',
  'fallback-default': '7.0',
  'vault-client-in-eso-app': '5.0',
  'checklist-external-secret': '5.0',
  'checklist-secret-key-ref': '5.0',
  'checklist-readme-section': '3.0',
  'checklist-startup-validator': '5.0',
  'checklist-direct-vault': '5.0',
  'checklist-eso-api-version': '4.0',
};

function uriOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/') || '.';
}

function ruleDescriptor(r: RuleMeta) {
  return {
    id: r.id,
    name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
    shortDescription: { text: r.title },
    fullDescription: { text: r.message },
    help: { text: r.doc, markdown: `**${r.policy}.** ${r.doc}` },
    defaultConfiguration: { level: r.severity },
    properties: {
      tags: ['security', 'secrets', 'mosaic-secrets-policy'],
      precision: r.id === 'hardcoded-secret' || r.id.startsWith('checklist-') ? 'high' : 'very-high',
      'security-severity': SECURITY_SEVERITY[r.id] ?? '5.0',
    },
  };
}

function result(f: Finding, index: number) {
  const region: Record<string, unknown> = { startLine: f.line };
  if (f.snippet) {
    region['startColumn'] = f.column;
    region['endLine'] = f.endLine;
    region['endColumn'] = Math.max(f.endColumn, f.column + 1);
  }
  const physicalLocation: Record<string, unknown> = {
    artifactLocation: { uri: uriOf(f.path), uriBaseId: '%SRCROOT%' },
    region,
  };
  // The masked source line, as context (the region itself may hold a secret).
  if (f.snippet) physicalLocation['contextRegion'] = { startLine: f.snippet.line, endLine: f.snippet.line, snippet: { text: f.snippet.text } };
  return {
    ruleId: f.rule,
    ruleIndex: index,
    level: f.severity,
    message: { text: f.message },
    locations: [{ physicalLocation }],
    partialFingerprints: { 'mosaicSecretsHash/v2': `${f.rule}:${f.hash}` },
  };
}

export function toSarif(input: ReportInput): Record<string, unknown> {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: TOOL_URI,
            rules: RULES.map(ruleDescriptor),
          },
        },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true }],
        results: input.findings.map((f) => result(f, index.get(f.rule) ?? 0)),
      },
    ],
  };
}

export function formatSarif(input: ReportInput): string {
  return JSON.stringify(toSarif(input), null, 2) + '\n';
}
