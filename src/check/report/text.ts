// Human report: `path:line:col: severity rule message`, the source line with secrets masked,
// and a caret under the match — the layout compilers use, so editors can jump to it. At scale:
// one variable repeated in one file prints once with the lines of its repeats, `--max-findings`
// caps the listing, and summary lines count findings per rule and per file.
import { createColors } from 'picocolors';
import type { Finding } from '../types.js';
import { groupRepeats, summarize, type ReportInput } from './index.js';
import { printable, printableSnippet } from '../../ui/printable.js';

export function formatText(input: ReportInput, color: boolean): string {
  const c = createColors(color);
  const out: string[] = [];
  const groups = groupRepeats(input.findings);
  const limit = input.maxFindings ?? Infinity;
  let shown = 0;
  for (const g of groups) {
    if (shown >= limit) break;
    shown += g.length;
    out.push(formatFinding(g[0]!, c));
    if (g.length > 1) out.push(c.dim(`   … and ${g.length - 1} more in this file (line${g.length > 2 ? 's' : ''} ${g.slice(1).map((f) => f.line).join(', ')})`));
  }
  const hidden = input.findings.length - Math.min(shown, input.findings.length);
  if (hidden > 0) out.push(c.dim(`… ${hidden} more finding${hidden === 1 ? '' : 's'} not shown (--max-findings ${input.maxFindings})`));
  const errors = input.findings.filter((f) => f.severity === 'error').length;
  const warnings = input.findings.length - errors;
  const extra: string[] = [];
  if (input.suppressed) extra.push(`${input.suppressed} suppressed`);
  if (input.baselined) extra.push(`${input.baselined} in baseline`);
  const tail = `${input.filesScanned} file${input.filesScanned === 1 ? '' : 's'} scanned${extra.length ? `, ${extra.join(', ')}` : ''}`;
  if (input.findings.length === 0) {
    out.push(`${c.green('✔')} no findings (${tail})`);
  } else {
    const s = summarize(input.findings);
    if (input.findings.length > 1) {
      out.push(`by rule: ${s.byRule.map(([r, n]) => `${r} ${n}`).join(', ')}`);
      const top = s.byFile.slice(0, 5);
      out.push(`by file: ${top.map(([p, n]) => `${printable(p)} ${n}`).join(', ')}${s.byFile.length > top.length ? `, … ${s.byFile.length - top.length} more file${s.byFile.length - top.length === 1 ? '' : 's'}` : ''}`);
    }
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
