// Human report: `path:line:col: severity rule message`, the source line with secrets masked,
// and a caret under the match — the layout compilers use, so editors can jump to it.
import { createColors } from 'picocolors';
import type { Finding } from '../types.js';
import type { ReportInput } from './index.js';

export function formatText(input: ReportInput, color: boolean): string {
  const c = createColors(color);
  const out: string[] = [];
  for (const f of input.findings) out.push(formatFinding(f, c));
  const errors = input.findings.filter((f) => f.severity === 'error').length;
  const warnings = input.findings.length - errors;
  const extra: string[] = [];
  if (input.suppressed) extra.push(`${input.suppressed} suppressed`);
  if (input.baselined) extra.push(`${input.baselined} in baseline`);
  const tail = `${input.filesScanned} file${input.filesScanned === 1 ? '' : 's'} scanned${extra.length ? `, ${extra.join(', ')}` : ''}`;
  if (input.findings.length === 0) {
    out.push(`${c.green('✔')} no findings (${tail})`);
  } else {
    const parts = [`${errors} error${errors === 1 ? '' : 's'}`];
    if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
    out.push(`${c.red('✖')} ${input.findings.length} finding${input.findings.length === 1 ? '' : 's'} (${parts.join(', ')}; ${tail})`);
  }
  return out.join('\n') + '\n';
}

function formatFinding(f: Finding, c: ReturnType<typeof createColors>): string {
  const sev = f.severity === 'error' ? c.red('error') : c.yellow('warning');
  const lines = [`${c.bold(`${f.path}:${f.line}:${f.column}`)}: ${sev} ${c.dim(f.rule)} ${f.message}`];
  if (f.snippet) {
    const no = String(f.snippet.line);
    const gutter = ' '.repeat(no.length);
    lines.push(`${c.dim(` ${no} |`)} ${f.snippet.text}`);
    lines.push(`${c.dim(` ${gutter} |`)} ${' '.repeat(f.snippet.caretStart)}${c.red('^'.repeat(f.snippet.caretLength))}`);
  }
  return lines.join('\n');
}
