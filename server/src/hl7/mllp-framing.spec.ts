import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MllpDecoder, mllpFrame } from './mllp-framing.js';

/** Splits bytes at the given cut points (as TCP may deliver them). */
function chunks(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    parts.push(bytes.subarray(from, point));
    from = point;
  }
  parts.push(bytes.subarray(from));
  return parts;
}

const message = fc
  .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 200 })
  .map((text) => text.replaceAll('\x0b', '#').replaceAll('\x1c', '#'));

describe('MLLP framing', () => {
  it('returns every message whole however the stream is cut, with garbage between frames dropped', () => {
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.string({ maxLength: 10 }),
        (messages, cuts, garbage) => {
          const noise = garbage.replaceAll('\x0b', '').replaceAll('\x1c', '');
          const stream = Buffer.concat(messages.flatMap((text) => [Buffer.from(noise), mllpFrame(text)]));
          const decoder = new MllpDecoder(1024);
          const frames = chunks(stream, cuts).flatMap((part) => decoder.push(part));
          expect(frames.map((frame) => (frame.kind === 'message' ? frame.payload.toString() : 'oversize'))).toEqual(messages);
        },
      ),
    );
  });

  it('never throws on arbitrary bytes, and an oversize frame comes out as such with its head', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
        expect(() => new MllpDecoder(64).push(Buffer.from(bytes))).not.toThrow();
      }),
    );
    const decoder = new MllpDecoder(10);
    const frames = [...decoder.push(mllpFrame(`MSH|^~\\&|${'x'.repeat(50)}`)), ...decoder.push(mllpFrame('MSH|ok'))];
    expect(frames[0]).toMatchObject({ kind: 'oversize', bytes: 59 });
    expect(frames[0]!.kind === 'oversize' && frames[0]!.head.toString().startsWith('MSH|')).toBe(true);
    expect(frames[1]).toEqual({ kind: 'message', payload: Buffer.from('MSH|ok') });
  });

  it('drops a frame the sender abandoned (a new start before its end) and keeps an FS not followed by CR', () => {
    const decoder = new MllpDecoder(100);
    const frames = decoder.push(Buffer.concat([Buffer.from('\x0bMSH|broken'), mllpFrame('MSH|a\x1cb')]));
    expect(frames).toEqual([{ kind: 'message', payload: Buffer.from('MSH|a\x1cb') }]);
  });
});
