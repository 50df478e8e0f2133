// Human report: `path:line:col: severity rule message`, the source line with secrets masked,
// and a caret under the match — the layout compilers use, so editors can jump to it.
import { createColors } from 'picocolors';
import type { Finding } from '../types.js';
import type { ReportInput } from './index.js';
import { printable, printableSnippet } from '../../ui/printable.js';

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
  // Paths, messages and source lines come from the repository: never raw control or bidi characters.
  const lines = [`${c.bold(`${printable(f.path)}:${f.line}:${f.column}`)}: ${sev} ${c.dim(f.rule)} ${printable(f.message)}`];
  if (f.snippet) {
    const no = String(f.snippet.line);
    const gutter = ' '.repeat(no.length);
    const s = printableSnippet(f.snippet);
    lines.push(`${c.dim(` ${no} |`)} ${s.text}`);
    lines.push(`${c.dim(` ${gutter} |`)} ${' '.repeat(s.caretStart)}${c.red('^'.repeat(s.caretLength))}`);
  }
  return lines.join('\n');
}
