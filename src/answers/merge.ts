// Merging answer sources (manifest → answers file → flags), apart from file.ts so a run that reads no
// answers file does not load yaml on its way to the first prompt.

/** Later sources win per top-level field; nested objects (vault, eso, directVault) merge by key. */
export function mergeAnswers(...sources: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const src of sources) {
    for (const [k, v] of Object.entries(src)) {
      const prev = out[k];
      if (v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)) {
        out[k] = { ...(prev as object), ...(v as object) };
      } else out[k] = v;
    }
  }
  return out;
}
