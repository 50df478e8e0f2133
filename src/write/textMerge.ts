// Text-level merges for files we share with the user: a marker-delimited region, and append-once lines.

export interface RegionMerge {
  content: string;
  /** Our region as it is in the current file (markers included), or null when absent. */
  regionCurrent: string | null;
  regionNext: string;
}

/** Replace the region between `begin` and `end` (markers included) or append it. */
export function mergeRegion(current: string | null, region: string, begin: string, end: string, title: string): RegionMerge {
  const regionNext = region.endsWith('\n') ? region : `${region}\n`;
  if (current === null) return { content: `# ${title}\n\n${regionNext}`, regionCurrent: null, regionNext };
  const b = current.indexOf(begin);
  const e = b === -1 ? -1 : current.indexOf(end, b);
  if (b === -1 || e === -1) {
    const sep = current.length === 0 ? '' : current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n';
    return { content: `${current}${sep}${regionNext}`, regionCurrent: null, regionNext };
  }
  let stop = e + end.length;
  if (current[stop] === '\n') stop += 1;
  const regionCurrent = current.slice(b, stop);
  return { content: current.slice(0, b) + regionNext + current.slice(stop), regionCurrent, regionNext };
}

/** Append each wanted line that is not already present (trimmed, ignoring a leading `/`). */
export function mergeLines(current: string | null, wanted: string, note: string): string {
  const have = new Set((current ?? '').split(/\r?\n/).map((l) => l.trim().replace(/^\//, '')));
  const missing = wanted
    .split('\n')
    .filter((l) => l.trim() && !have.has(l.trim().replace(/^\//, '')));
  if (missing.length === 0) return current ?? '';
  const base = current ?? '';
  const sep = base === '' || base.endsWith('\n') ? '' : '\n';
  return `${base}${sep}${base ? '\n' : ''}# ${note}\n${missing.join('\n')}\n`;
}
