// Reading our README back the way GitHub does: GFM table rows split into cells (cmark-gfm's rule:
// a `|` preceded by a backslash belongs to the cell), and inline text decoded with CommonMark's
// backslash escapes. Decoding refuses any character that would start markup if left unescaped, so
// "decodes to what was typed" also means "renders as plain text".

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
/** Characters that open inline markup in GFM (plus GitHub's `$` math) when not backslash-escaped. */
const MARKUP = new Set(['*', '_', '`', '[', ']', '<', '&', '~', '$', '|']);

/** Cells of one table row, trimmed, with `\|` turned into `|` as cmark-gfm does before inline parsing. */
export function gfmCells(line: string): string[] | null {
  let s = line.trim();
  if (!s.startsWith('|') || !s.endsWith('|') || s.endsWith('\\|')) return null;
  s = s.slice(1, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && s[i + 1] === '|') {
      cur += '\\|';
      i++;
    } else if (c === '|') {
      cells.push(cur);
      cur = '';
    } else cur += c;
  }
  cells.push(cur);
  // cmark-gfm trims ASCII whitespace only (U+00A0 or U+3000 at the edge stays).
  return cells.map((c) => c.replace(/\\\|/g, '|').replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, ''));
}

/**
 * Inline Markdown → the text a reader sees, or an error naming the first character that would be
 * markup. `inCell` marks text that already went through gfmCells (a bare `|` there came from `\|`).
 */
export function mdDecode(s: string, inCell = false): { text: string } | { error: string } {
  let out = '';
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const next = chars[i + 1];
    if (c === '\\' && next !== undefined && ASCII_PUNCT.test(next)) {
      out += next;
      i++;
    } else if (MARKUP.has(c) && !(inCell && c === '|')) {
      return { error: `unescaped ${JSON.stringify(c)} at ${i} in ${JSON.stringify(s)}` };
    } else out += c;
  }
  return { text: out };
}
