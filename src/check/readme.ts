// The README's "Secrets architecture" section: the generated one sits between marker comments,
// a hand-written one under a heading of that name. Rule 2 reads the mode from it, the checklist
// reads the Vault path, the keys and the Direct-Vault justification.
import type { Mode } from './types.js';

/** Marker comments around the generated section; the begin marker may carry a note before `-->`. */
export const README_BEGIN = '<!-- mosaic-secrets:begin';
export const README_END = '<!-- mosaic-secrets:end';
export const README_NAMES = ['README.md', 'readme.md', 'Readme.md', 'README.markdown', 'README.MD', 'README'] as const;

export interface Section {
  text: string;
  /** 1-based line of the section's first line in the README. */
  line: number;
}

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function lineStartIndex(text: string, needle: string, from: number): number {
  for (let i = text.indexOf(needle, from); i !== -1; i = text.indexOf(needle, i + 1)) {
    if (i === 0 || text[i - 1] === '\n') return i;
  }
  return -1;
}

export function findSecretsSection(readme: string): Section | null {
  // The markers count on a line of their own, not when prose quotes them.
  const b = lineStartIndex(readme, README_BEGIN, 0);
  if (b !== -1) {
    const open = readme.indexOf('-->', b);
    const e = open === -1 ? -1 : lineStartIndex(readme, README_END, open);
    if (e !== -1) return { text: readme.slice(open + 3, e), line: lineOf(readme, b) };
  }
  const lines = readme.split('\n');
  let fence: string | null = null;
  let start = -1;
  let level = 0;
  let offset = 0;
  let startOffset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const f = FENCE.exec(line);
    if (f) {
      if (fence === null) fence = f[1]![0]!;
      else if (f[1]![0] === fence) fence = null;
    } else if (fence === null) {
      const h = HEADING.exec(line);
      if (h) {
        if (start === -1 && /\bsecrets?\s+architecture\b/i.test(h[2]!)) {
          start = i;
          level = h[1]!.length;
          startOffset = offset;
        } else if (start !== -1 && h[1]!.length <= level) {
          return { text: readme.slice(startOffset, offset), line: start + 1 };
        }
      }
    }
    offset += lines[i]!.length + 1;
  }
  return start === -1 ? null : { text: readme.slice(startOffset), line: start + 1 };
}

/** "Mode: ESO bridge" / "**Mode:** Direct-Vault" / a `| Mode | … |` table row. */
export function modeFromSection(section: string): Mode | null {
  const m = /\bMode\b\s*\**\s*:\s*\**\s*(ESO|Direct[- ]?Vault)/i.exec(section) ?? /\|\s*\**Mode\**\s*\|\s*\**\s*(ESO|Direct[- ]?Vault)/i.exec(section);
  if (m) return /^eso$/i.test(m[1]!) ? 'eso' : 'direct-vault';
  const eso = /\bESO bridge\b/i.test(section);
  const dv = /\bDirect[- ]Vault\b/i.test(section);
  if (eso && !dv) return 'eso';
  if (dv && !eso) return 'direct-vault';
  return null;
}
