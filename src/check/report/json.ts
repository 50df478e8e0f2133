// Machine report: the findings as data (no source text, so no secret can leak through it).
import { listed, summarize, type ReportInput } from './index.js';
import { TOOL_NAME, TOOL_VERSION } from './tool.js';

export function formatJson(input: ReportInput): string {
  const errors = input.findings.filter((f) => f.severity === 'error').length;
  const doc = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    filesScanned: input.filesScanned,
    summary: {
      errors,
      warnings: input.findings.length - errors,
      suppressed: input.suppressed,
      baselined: input.baselined,
      byRule: Object.fromEntries(summarize(input.findings).byRule),
      byFile: Object.fromEntries(summarize(input.findings).byFile),
      notShown: input.findings.length - listed(input).length,
    },
    findings: listed(input).map((f) => ({
      rule: f.rule,
      severity: f.severity,
      path: f.path,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      hash: f.hash,
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
