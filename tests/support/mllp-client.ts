/**
 * A real MLLP client over TCP, as an interface engine speaks it: frames each message, waits for the
 * ACK frame, and can also send raw bytes (split frames, garbage) to test the listener's framing.
 */
import { connect, type Socket } from 'node:net';
import { MllpDecoder, mllpFrame } from '../../server/src/hl7/mllp-framing.js';

export class MllpClient {
  private readonly decoder = new MllpDecoder(16 * 1024 * 1024);
  private readonly acks: string[] = [];
  private waiting: (() => void) | undefined;
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.decoder.push(chunk)) if (frame.kind === 'message') this.acks.push(frame.payload.toString('utf8'));
      this.waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
    socket.on('error', () => undefined);
  }

  /** `from`: the source address (any of 127/8 on Linux, to play a sender on another address). */
  static open(port: number, { host = '127.0.0.1', from }: { host?: string; from?: string } = {}): Promise<MllpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host, ...(from ? { localAddress: from } : {}) }, () => resolve(new MllpClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one message and returns its ACK (segments split on CR). */
  async send(message: string): Promise<Ack> {
    this.socket.write(mllpFrame(message));
    return parseAck(await this.nextAck());
  }

  writeRaw(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** The next ACK frame, or undefined if the connection closed first. */
  async nextAck(): Promise<string> {
    while (this.acks.length === 0) {
      if (this.closed) throw new Error('connection closed before an ACK');
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    return this.acks.shift()!;
  }

  /** Resolves once the server has closed the connection. */
  async whenClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => (this.waiting = resolve));
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface Ack {
  text: string;
  code: string;
  controlId: string;
  reason: string;
  /** ERR segments' fields: location (ERR-2), code (ERR-3), text (ERR-8). */
  errors: { location: string; code: string; text: string }[];
}

export function parseAck(text: string): Ack {
  const separator = text.startsWith('MSH') ? text[3]! : '|';
  const segments = text.split('\r').map((segment) => segment.split(separator));
  const msa = segments.find((fields) => fields[0] === 'MSA') ?? [];
  return {
    text,
    code: msa[1] ?? '',
    controlId: msa[2] ?? '',
    reason: msa[3] ?? '',
    errors: segments
      .filter((fields) => fields[0] === 'ERR')
      .map((fields) => ({ location: fields[2] ?? '', code: fields[3] ?? '', text: fields[8] ?? '' })),
  };
}
