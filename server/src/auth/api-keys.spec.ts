import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashKey } from './api-keys.js';

describe('hashKey', () => {
  it('is SHA-256 as lower-case hex (FIPS 180-2 test vectors)', () => {
    expect(hashKey('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hashKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashKey('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('is deterministic and 64 hex characters for any key', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const hash = hashKey(key);
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
        expect(hashKey(key)).toBe(hash);
      }),
    );
  });

  it('differs for keys that differ in one character', () => {
    const key = `wpk_${'A'.repeat(43)}`;
    expect(hashKey(key)).not.toBe(hashKey(`wpk_${'A'.repeat(42)}B`));
  });
});
