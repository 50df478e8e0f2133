// GitHub Actions workflow commands: each finding becomes an annotation on the PR diff.
import type { ReportInput } from './index.js';
import { ruleMeta } from '../rules/index.js';
import { printable } from '../../ui/printable.js';

/** Escaping from the Actions toolkit (`@actions/core` command.ts). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(input: ReportInput): string {
  const out: string[] = [];
  for (const f of input.findings) {
    const props = [`file=${escapeProperty(printable(f.path))}`, `line=${f.line}`];
    if (f.snippet) {
      props.push(`col=${f.column}`);
      if (f.endLine !== f.line) props.push(`endLine=${f.endLine}`);
      else if (f.endColumn > f.column) props.push(`endColumn=${f.endColumn}`);
    }
    props.push(`title=${escapeProperty(`${ruleMeta(f.rule)?.title ?? f.rule} (${f.rule})`)}`);
    out.push(`::${f.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(f.message.split('\n').map(printable).join('\n'))}`);
  }
  out.push(`mosaic-secrets: ${input.findings.length} finding${input.findings.length === 1 ? '' : 's'} in ${input.filesScanned} files`);
  return out.join('\n') + '\n';
}
