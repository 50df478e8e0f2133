// Reading the files of a walk: the same guarantees as readRegularFile (never follow a link, never
// open a device or FIFO, never read past the cap) in four syscalls per file — open, fstat, one read,
// close — into one buffer reused for every file (the text is decoded from it at once).
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { readRegularFile, type ReadResult } from '../write/safeFile.js';

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

let shared = Buffer.allocUnsafe(64 * 1024);

/**
 * Bytes of a file the walk listed as a regular file (readdir's type: not a link, device or FIFO).
 * Opened with O_NOFOLLOW | O_NONBLOCK and checked again on the descriptor (it may have been swapped
 * since the listing), read up to `maxBytes` + 1. The data is only valid until the next call.
 * Anything else — a path named on the command line, a file system that types no entries — goes
 * through readRegularFile, which lstats first.
 */
export function readListedFile(abs: string, maxBytes: number, listedRegular: boolean, followLinks: boolean): ReadResult {
  if (!listedRegular || followLinks) return readRegularFile(abs, { maxBytes, followLinks });
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') return { ok: false, reason: 'link' };
    return { ok: false, reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable' };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'not-regular' };
    if (st.size > maxBytes) return { ok: false, reason: 'too-large', size: st.size };
    const want = st.size + 1; // one byte more than stat says: a file growing past the cap is caught
    if (shared.length < want) shared = Buffer.allocUnsafe(Math.max(want, Math.min(shared.length * 2, maxBytes + 1)));
    let n = 0;
    // Done once stat's size is in (a short read at EOF costs no second syscall); a grown file shows
    // as the extra byte.
    while (n < want) {
      const got = readSync(fd, shared, n, want - n, null);
      if (got === 0) break;
      n += got;
      if (n === st.size) break;
    }
    if (n > maxBytes) return { ok: false, reason: 'too-large', size: n };
    return { ok: true, data: shared.subarray(0, n) };
  } catch {
    return { ok: false, reason: 'unreadable' };
  } finally {
    closeSync(fd);
  }
}
