import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSeq, encodeSeq } from './sequence.js';

/** Epochs are random base64url tags (live-state-repository.ts); stream ids are Redis `<ms>-<n>`. */
const epochArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/);
const streamIdArb = fc
  .tuple(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }))
  .map(([ms, n]) => `${ms}-${n}`);

describe('encodeSeq / decodeSeq', () => {
  it('write `<epoch>.<stream id>`', () => {
    expect(encodeSeq('k3Xq9a', '1764064800000-0')).toBe('k3Xq9a.1764064800000-0');
    expect(decodeSeq('k3Xq9a.1764064800000-0')).toEqual({ epoch: 'k3Xq9a', streamId: '1764064800000-0' });
  });

  it('round-trip every epoch and Redis stream id', () => {
    fc.assert(
      fc.property(epochArb, streamIdArb, (epoch, streamId) => {
        expect(decodeSeq(encodeSeq(epoch, streamId))).toEqual({ epoch, streamId });
      }),
    );
  });

  it('reject seqs without an epoch or without a dot', () => {
    expect(decodeSeq('')).toBeUndefined();
    expect(decodeSeq('1764064800000-0')).toBeUndefined();
    expect(decodeSeq('.1764064800000-0')).toBeUndefined();
  });

  it('reject stream ids that are not `<digits>-<digits>`', () => {
    for (const seq of [
      'epoch.',
      'epoch.1764064800000',
      'epoch.1764064800000-',
      'epoch.-0',
      'epoch.abc-0',
      'epoch.1-0 ',
      'epoch. 1-0',
      'epoch.1-0-0',
      'epoch.1.0',
      'epoch.+1-0',
      `epoch.${'1'.repeat(21)}-0`,
      'epoch.1-0\n',
    ]) {
      expect(decodeSeq(seq), JSON.stringify(seq)).toBeUndefined();
    }
  });

  it('never throw, and whatever they accept re-encodes to the same text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          epochArb.chain((e) => streamIdArb.map((s) => `${e}.${s}`)),
        ),
        (seq) => {
          const decoded = decodeSeq(seq);
          if (decoded) expect(encodeSeq(decoded.epoch, decoded.streamId)).toBe(seq);
        },
      ),
    );
  });
});
