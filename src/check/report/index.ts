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
