// Spans of a file already claimed by a finding, so a second detector does not report the same
// bytes again. "Does [s, e) overlap a claimed span?" in O(log n) for the usual case, not a pass over
// every claim: a one-line file can hold 100,000 hits.

export class Spans {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private longest = 0;

  /** Index of the first span starting at or after `at`. */
  private lowerBound(at: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(start: number, end: number): void {
    const i = this.lowerBound(start); // detectors claim in text order: almost always an append
    this.starts.splice(i, 0, start);
    this.ends.splice(i, 0, end);
    this.longest = Math.max(this.longest, end - start);
  }

  overlaps(start: number, end: number): boolean {
    // Only spans starting before `end`, and no further back than the longest span reaches.
    for (let i = this.lowerBound(end) - 1; i >= 0 && this.starts[i]! >= start - this.longest; i--) {
      if (this.ends[i]! > start) return true;
    }
    return false;
  }
}
