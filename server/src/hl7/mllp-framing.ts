/**
 * MLLP framing (HL7 v2 over TCP): each message is sent as VT (0x0B) · message · FS (0x1C) CR (0x0D).
 * The decoder takes chunks as TCP delivers them — a frame split anywhere, several frames in one
 * chunk — and returns whole frames. Bytes between frames are dropped; a frame larger than the limit
 * is not kept (only its first bytes, to find its control id for the refusal); a VT inside a frame
 * means the sender started again, so the broken frame is dropped. Nothing here throws on input.
 */
export const MLLP_START = 0x0b;
export const MLLP_END = 0x1c;
export const MLLP_CR = 0x0d;

/** Enough of an oversize frame to read its MSH segment. */
const HEAD_BYTES = 4096;

export type MllpFrame = { kind: 'message'; payload: Buffer } | { kind: 'oversize'; head: Buffer; bytes: number };

export function mllpFrame(message: string | Buffer): Buffer {
  const body = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  return Buffer.concat([Buffer.from([MLLP_START]), body, Buffer.from([MLLP_END, MLLP_CR])]);
}

export class MllpDecoder {
  private inFrame = false;
  private parts: Buffer[] = [];
  private size = 0;
  private oversize = false;
  private head = Buffer.alloc(0);
  /** The previous chunk ended with FS: the next byte says whether the frame ended. */
  private pendingEnd = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): MllpFrame[] {
    const frames: MllpFrame[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (!this.inFrame) {
        const start = chunk.indexOf(MLLP_START, at);
        if (start < 0) break;
        this.begin();
        at = start + 1;
        continue;
      }
      if (this.pendingEnd) {
        this.pendingEnd = false;
        if (chunk[at] === MLLP_CR) {
          frames.push(this.finish());
          at += 1;
          continue;
        }
        this.append(Buffer.from([MLLP_END]));
      }
      const end = chunk.indexOf(MLLP_END, at);
      const restart = chunk.indexOf(MLLP_START, at);
      if (restart >= 0 && (end < 0 || restart < end)) {
        // A new start before this frame ended: the sender gave up on it.
        this.begin();
        at = restart + 1;
        continue;
      }
      if (end < 0) {
        this.append(chunk.subarray(at));
        break;
      }
      this.append(chunk.subarray(at, end));
      if (end + 1 >= chunk.length) {
        this.pendingEnd = true;
        break;
      }
      if (chunk[end + 1] === MLLP_CR) {
        frames.push(this.finish());
        at = end + 2;
      } else {
        this.append(chunk.subarray(end, end + 1));
        at = end + 1;
      }
    }
    return frames;
  }

  private begin(): void {
    this.inFrame = true;
    this.parts = [];
    this.size = 0;
    this.oversize = false;
    this.head = Buffer.alloc(0);
    this.pendingEnd = false;
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, part.subarray(0, HEAD_BYTES - this.head.length)]);
    this.size += part.length;
    if (this.oversize) return;
    if (this.size > this.maxBytes) {
      this.oversize = true;
      this.parts = [];
      return;
    }
    this.parts.push(Buffer.from(part));
  }

  private finish(): MllpFrame {
    this.inFrame = false;
    const frame: MllpFrame = this.oversize
      ? { kind: 'oversize', head: this.head, bytes: this.size }
      : { kind: 'message', payload: Buffer.concat(this.parts) };
    this.parts = [];
    this.head = Buffer.alloc(0);
    return frame;
  }
}
