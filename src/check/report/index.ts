// One entry point per output format; all read the same ReportInput.
import type { Finding } from '../types.js';
import { formatText } from './text.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatGithub } from './github.js';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportInput {
  findings: Finding[];
  filesScanned: number;
  suppressed: number;
  baselined: number;
  /** List at most this many findings (summaries still count them all). */
  maxFindings?: number;
}

/**
 * Findings of one rule with the same message in one file (the same variable repeated 30 times),
 * in report order: a group prints once with the lines of its repeats.
 */
export function groupRepeats(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.path}\0${f.rule}\0${f.message}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()];
}

export interface Summary {
  /** [rule, count], most findings first. */
  byRule: Array<[string, number]>;
  /** [path, count], most findings first. */
  byFile: Array<[string, number]>;
}

export function summarize(findings: readonly Finding[]): Summary {
  const count = (key: (f: Finding) => string) => {
    const m = new Map<string, number>();
    for (const f of findings) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  };
  return { byRule: count((f) => f.rule), byFile: count((f) => f.path) };
}

/** The findings a capped report lists (machine formats list them in order, up to the cap). */
export function listed(input: ReportInput): Finding[] {
  return input.maxFindings === undefined ? input.findings : input.findings.slice(0, input.maxFindings);
}

export function formatReport(format: Format, input: ReportInput, color = false): string {
  switch (format) {
    case 'json':
      return formatJson(input);
    case 'sarif':
      return formatSarif(input);
    case 'github':
      return formatGithub(input);
    default:
      return formatText(input, color);
  }
}
