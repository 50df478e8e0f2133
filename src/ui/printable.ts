// Text a repository controls (file names, file contents, messages quoting them) reaches a terminal
// only as visible escapes: an ESC sequence in a name must not recolour, retitle or clear the
// terminal, a bidi override (U+202E, U+2066 …: Trojan Source) must not reorder what the line shows,
// and a newline or carriage return must not forge another line of the report.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string): string => {
  const cp = c.codePointAt(0)!;
  return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
};

/** `s` with every C0/C1 control, DEL, line separator and bidi control shown as `\xNN` / `\uNNNN`. */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, escape);
}

/** True when `s` holds a character printable() would escape. */
export function hasUnprintable(s: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  const found = UNPRINTABLE.test(s);
  UNPRINTABLE.lastIndex = 0;
  return found;
}

/** A source-line snippet made printable, its caret moved to the same characters. */
export function printableSnippet(s: { text: string; caretStart: number; caretLength: number }): { text: string; caretStart: number; caretLength: number } {
  const before = printable(s.text.slice(0, s.caretStart));
  const under = printable(s.text.slice(s.caretStart, s.caretStart + s.caretLength));
  return { text: printable(s.text), caretStart: before.length, caretLength: Math.max(1, under.length) };
}
