// Text-level pieces for files we share with the user: a marker-delimited region, and append-once lines.

/** The region between `begin` and `end` (markers and the trailing newline included), with its offsets. */
export function findRegion(text: string, begin: string, end: string): { start: number; stop: number; text: string } | null {
  const b = text.indexOf(begin);
  const e = b === -1 ? -1 : text.indexOf(end, b);
  if (b === -1 || e === -1) return null;
  // A region starts at the beginning of the marker's line (markers may sit behind a comment leader).
  const start = text.lastIndexOf('\n', b) + 1;
  let stop = text.indexOf('\n', e);
  stop = stop === -1 ? text.length : stop + 1;
  return { start, stop, text: text.slice(start, stop) };
}

/** Put `region` in place of the current region, or append it when the file has none. */
export function spliceRegion(current: string, region: string, begin: string, end: string): string {
  const r = findRegion(current, begin, end);
  if (r) return current.slice(0, r.start) + region + current.slice(r.stop);
  const sep = current.length === 0 ? '' : current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n';
  return `${current}${sep}${region}`;
}

/** Append each wanted line that is not already present (trimmed, ignoring a leading `/`). */
export function mergeLines(current: string | null, wanted: string, note: string): string {
  const have = new Set((current ?? '').split(/\r?\n/).map((l) => l.trim().replace(/^\//, '')));
  const missing = wanted.split('\n').filter((l) => l.trim() && !have.has(l.trim().replace(/^\//, '')));
  if (missing.length === 0) return current ?? '';
  const base = current ?? '';
  const sep = base === '' || base.endsWith('\n') ? '' : '\n';
  return `${base}${sep}${base ? '\n' : ''}# ${note}\n${missing.join('\n')}\n`;
}
