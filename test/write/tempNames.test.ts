// writeFileSafe's temp names are random but not secret (O_EXCL is the guarantee): a directory where
// every name tried is already taken — something pre-creating them — is a one-line refusal naming the
// directory, with the target untouched, not a raw EEXIST.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { writeFileSafe } from '../../src/write/safeFile.js';
import { tempDir } from '../helpers/cli.js';

afterEach(() => vi.restoreAllMocks());

describe('temp names', () => {
  it('every name taken: a UsageError naming the directory; the target keeps its bytes', () => {
    const dir = tempDir('mosaic-tmpnames-');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'f.txt'), 'mine\n');
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const name = `.f.txt.${Math.floor(0.5 * 2 ** 48).toString(16).padStart(12, '0')}.tmp`;
    writeFileSync(join(dir, name), 'planted');
    expect(() => writeFileSafe(join(dir, 'f.txt'), 'new\n', { root: dir })).toThrow(UsageError);
    expect(() => writeFileSafe(join(dir, 'f.txt'), 'new\n', { root: dir })).toThrow(`${dir}: cannot create a temporary file`);
    expect(readFileSync(join(dir, 'f.txt'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(dir, name), 'utf8')).toBe('planted');
  });

  it('a taken name is skipped: the next one is used and the write lands', () => {
    const dir = tempDir('mosaic-tmpnames-');
    const seq = [0.5, 0.25];
    vi.spyOn(Math, 'random').mockImplementation(() => seq.shift() ?? 0.75);
    writeFileSync(join(dir, `.f.txt.${Math.floor(0.5 * 2 ** 48).toString(16).padStart(12, '0')}.tmp`), 'planted');
    writeFileSafe(join(dir, 'f.txt'), 'new\n', { root: dir });
    expect(readFileSync(join(dir, 'f.txt'), 'utf8')).toBe('new\n');
    expect(existsSync(join(dir, `.f.txt.${Math.floor(0.25 * 2 ** 48).toString(16).padStart(12, '0')}.tmp`))).toBe(false);
  });
});
