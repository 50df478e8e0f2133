// Offset ↔ line/column bookkeeping and the line-level helpers the rules share.

/** Start offsets of every line; built lazily, only for files that have a hit. */
export class LineIndex {
  private starts: number[] | null = null;
  constructor(readonly text: string) {}

  private build(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    const t = this.text;
    let i = t.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = t.indexOf('\n', i + 1);
    }
    this.starts = starts;
    return starts;
  }

  /** 0-based line number of an offset. */
  lineOf(offset: number): number {
    const s = this.build();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.build()[line] ?? this.text.length;
  }

  /** Text of a 0-based line without its line break. */
  lineText(line: number): string {
    const s = this.build();
    const start = s[line];
    if (start === undefined) return '';
    const next = s[line + 1];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }

  get lineCount(): number {
    return this.build().length;
  }
}

/** Past this size lineBounds answers from an index: rules ask once per hit, and one line may hold 100,000 hits. */
const INDEXED = 64 * 1024;
let indexedText: string | null = null;
let indexed: LineIndex | null = null;

/** Bounds [start, end) of the line holding `offset` (end excludes `\r\n`). */
export function lineBounds(text: string, offset: number): [number, number] {
  let start: number;
  let end: number;
  if (text.length > INDEXED) {
    if (indexedText !== text) {
      indexedText = text;
      indexed = new LineIndex(text);
    }
    const line = indexed!.lineOf(offset);
    start = indexed!.lineStart(line);
    end = line + 1 < indexed!.lineCount ? indexed!.lineStart(line + 1) - 1 : text.length;
  } else {
    start = text.lastIndexOf('\n', offset - 1) + 1;
    end = text.indexOf('\n', offset);
    if (end === -1) end = text.length;
  }
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return [start, end];
}

/** Bounds of the line before the one starting at `lineStart`, or null on the first line. */
export function previousLineBounds(text: string, lineStart: number): [number, number] | null {
  if (lineStart === 0) return null;
  return lineBounds(text, lineStart - 1);
}

/**
 * Offset where a `#` comment starts in a YAML / shell / env line, or -1. A `#` counts when it is
 * at the start or after whitespace and outside quotes, which is where YAML and sh both begin one.
 */
export function hashCommentStart(line: string, quotes = true): number {
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (quotes) {
      if (c === 39 /* ' */ && !inDouble) inSingle = !inSingle;
      else if (c === 34 /* " */ && !inSingle) inDouble = !inDouble;
    }
    if (c === 35 /* # */ && !inSingle && !inDouble) {
      if (i === 0) return 0;
      const p = line.charCodeAt(i - 1);
      if (p === 32 || p === 9) return i;
    }
  }
  return -1;
}

/** True when the line holds nothing but a comment. */
export function isCommentLine(line: string): boolean {
  return /^\s*(#|\/\/|--|;|<!--|\/\*|\*|\{\{-?\s*\/\*)/.test(line);
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = s.length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}
