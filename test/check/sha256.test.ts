// The baseline's fingerprints are SHA-256 (src/check/sha256.ts, so that check need not load
// node:crypto): the same digest as node:crypto for every length around the 64-byte block and
// padding boundaries, non-ASCII text (hashed as UTF-8) and random strings.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/check/sha256.js';
import { hashMatch } from '../../src/check/baseline.js';

const reference = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('matches node:crypto at every length from 0 to 300 bytes (block and padding boundaries)', () => {
    for (let n = 0; n <= 300; n++) {
      const s = Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7 + n) % 90))).join('');
      expect(sha256Hex(s), `length ${n}`).toBe(reference(s));
    }
  });

  it('matches node:crypto on the FIPS 180-2 test vectors and on non-ASCII text', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    for (const s of ['mot de passe: «secret» é', '密码 = "值"', '\u{1f511} token', 'a\u0000b']) expect(sha256Hex(s)).toBe(reference(s));
  });

  it('matches node:crypto on random strings, one megabyte included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (s) => sha256Hex(s) === reference(s)), { numRuns: 300 });
    const big = 'x'.repeat(1 << 20);
    expect(sha256Hex(big)).toBe(reference(big));
  });

  it('keeps the baseline fingerprint: hashMatch is the first 16 hex digits of sha256 over the whitespace-collapsed text', () => {
    const text = '  DB_PASSWORD =\t"\u0000"  \n';
    expect(hashMatch(text)).toBe(reference('DB_PASSWORD = "\u0000"').slice(0, 16));
  });
});
