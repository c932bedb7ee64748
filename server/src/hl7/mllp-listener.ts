/**
 * MLLP listeners: one TCP server per feed with a port of its own, and one common port for feeds
 * told apart by source address. Each connection's messages are answered in order, one ACK per
 * frame, as senders in original mode expect. MLLP has no authentication, so only addresses on a
 * feed's allow-list are served: a feed without one gets no listener, a connection from an address
 * no feed allows is closed at once, and a connection idle past its feed's timeout is closed, so
 * silent connections cannot hold the ports' connection slots. Each of those is counted by feed and
 * reason. Garbage, partial and oversize frames are answered or dropped, never fatal.
 */
import { BlockList, createServer, isIP, type Server, type Socket } from 'node:net';
import { buildAck, controlIdOfHead, HL7_ERROR, type Hl7FeedConfig, type Hl7Ingest, type Logger } from '@wardpulse/jobs';
import { mllpRefusal } from './hl7-feeds.js';
import { MllpDecoder, mllpFrame, type MllpFrame } from './mllp-framing.js';

/** Why WardPulse refused or ended an MLLP connection (the metric's `reason`). */
export type MllpRefusalReason = 'not-allowed' | 'idle-timeout' | 'too-many-connections';

export interface MllpListenerOptions {
  feeds: readonly Hl7FeedConfig[];
  /** The common port; undefined for none. */
  commonPort: number | undefined;
  host: string;
  ingest: Hl7Ingest;
  logger: Logger;
  maxMessageBytes: number;
  /** Connections per listening port. */
  maxConnections?: number;
  /** Idle connections close after this long, unless their feed sets its own. */
  idleTimeoutMs: number;
  /** Told of each connection refused or closed by WardPulse: the feed, or `common` when none is known. */
  onRefused?: (feed: string, reason: MllpRefusalReason) => void;
}

/** Frames waiting for their ACK before the connection stops reading (the sender waits in any case). */
const MAX_PENDING_FRAMES = 16;

function allowList(addresses: readonly string[]): BlockList {
  const list = new BlockList();
  for (const text of addresses) {
    const [address = '', prefix] = text.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function allows(list: BlockList, address: string | undefined): boolean {
  if (!address) return false;
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  return list.check(address, family) || (mapped !== undefined && list.check(mapped, 'ipv4'));
}

export class MllpListener {
  private readonly servers: { server: Server; feedId: string | null }[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: MllpListenerOptions) {}

  /** Starts every listener; resolves when all listen. */
  async start(): Promise<void> {
    const dedicated = this.options.feeds.filter((feed) => feed.mllpPort !== undefined);
    for (const feed of dedicated) {
      const refusal = mllpRefusal(feed);
      if (refusal) {
        this.options.logger.error({ feed: feed.id, port: feed.mllpPort }, refusal);
        continue;
      }
      const list = allowList(feed.allowFrom);
      await this.listen(feed.mllpPort!, feed.id, (address) => (allows(list, address) ? feed : undefined));
    }
    if (this.options.commonPort !== undefined) {
      // Only feeds with an allow-list can be told apart on the common port.
      const shared = this.options.feeds
        .filter((feed) => feed.mllpPort === undefined && feed.allowFrom.length > 0)
        .map((feed) => ({ feed, list: allowList(feed.allowFrom) }));
      await this.listen(this.options.commonPort, null, (address) => shared.find(({ list }) => allows(list, address))?.feed);
    }
  }

  /** Bound ports: by feed id for dedicated ports, `common` for the common one. */
  ports(): Map<string, number> {
    const ports = new Map<string, number>();
    for (const { server, feedId } of this.servers) {
      const address = server.address();
      if (address && typeof address === 'object') ports.set(feedId ?? 'common', address.port);
    }
    return ports;
  }

  async close(): Promise<void> {
    const closed = this.servers.map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve())));
    // Let ACKs being made go out, then end the connections.
    await Promise.allSettled([...this.inFlight]);
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(closed);
  }

  private listen(port: number, feedId: string | null, feedFor: (address: string | undefined) => Hl7FeedConfig | undefined) {
    const server = createServer((socket) => this.connection(socket, port, feedId, feedFor));
    server.maxConnections = this.options.maxConnections ?? 100;
    server.on('drop', (dropped) => {
      this.options.logger.warn({ port, address: dropped?.remoteAddress }, 'mllp connection over the limit: closed');
      this.options.onRefused?.(feedId ?? 'common', 'too-many-connections');
    });
    server.on('error', (error) => this.options.logger.error({ err: error, port }, 'mllp listener error'));
    this.servers.push({ server, feedId });
    return new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.options.host, () => {
        server.off('error', reject);
        this.options.logger.info(
          { port: (server.address() as { port: number }).port, feed: feedId ?? 'common' },
          'mllp listening',
        );
        resolve();
      });
    });
  }

  private connection(
    socket: Socket,
    port: number,
    portFeedId: string | null,
    feedFor: (address: string | undefined) => Hl7FeedConfig | undefined,
  ) {
    socket.on('error', (error) => this.options.logger.debug({ err: { message: error.message }, port }, 'mllp connection error'));
    const feed = feedFor(socket.remoteAddress);
    if (!feed) {
      this.options.logger.warn({ port, address: socket.remoteAddress }, 'mllp connection from an address no feed allows: closed');
      this.options.onRefused?.(portFeedId ?? 'common', 'not-allowed');
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    const decoder = new MllpDecoder(this.options.maxMessageBytes);
    let chain = Promise.resolve();
    let pending = 0;
    // Inactivity both ways: a sender that keeps sending (or waits for an ACK being made) stays connected.
    const idleTimeoutMs = feed.idleTimeoutMs ?? this.options.idleTimeoutMs;
    socket.setTimeout(idleTimeoutMs);
    socket.on('timeout', () => {
      if (pending > 0) return socket.setTimeout(idleTimeoutMs);
      this.options.logger.info(
        { feed: feed.id, port, address: socket.remoteAddress, idleTimeoutMs },
        'mllp connection idle: closed',
      );
      this.options.onRefused?.(feed.id, 'idle-timeout');
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        pending++;
        if (pending >= MAX_PENDING_FRAMES) socket.pause();
        chain = chain.then(async () => {
          const work = this.answer(feed, frame)
            .then((ack) => {
              if (socket.writable) socket.write(mllpFrame(ack));
            })
            .catch((error: unknown) => this.options.logger.error({ err: error, feed: feed.id }, 'mllp message not answered'));
          this.inFlight.add(work);
          await work;
          this.inFlight.delete(work);
          pending--;
          if (pending < MAX_PENDING_FRAMES / 2 && socket.isPaused()) socket.resume();
        });
      }
    });
  }

  private async answer(feed: Hl7FeedConfig, frame: MllpFrame): Promise<string> {
    if (frame.kind === 'oversize') {
      const problem = {
        location: 'MSH',
        code: HL7_ERROR.internalError,
        text: `the message is ${frame.bytes} bytes; at most ${this.options.maxMessageBytes} are accepted`,
      };
      return buildAck({ message: undefined, controlId: controlIdOfHead(frame.head.toString('latin1')) }, 'AR', problem.text, [
        problem,
      ]);
    }
    try {
      return (await this.options.ingest.receive(feed, frame.payload.toString('utf8'), 'mllp')).ack;
    } catch (error) {
      // A bug must still be answered, or the sender waits for ever.
      this.options.logger.error({ err: { message: (error as Error).message }, feed: feed.id }, 'hl7 message failed');
      const problem = {
        location: 'MSH',
        code: HL7_ERROR.internalError,
        text: 'the message could not be processed; send it again',
      };
      return buildAck(
        { message: undefined, controlId: controlIdOfHead(frame.payload.subarray(0, 4096).toString('latin1')) },
        'AR',
        problem.text,
        [problem],
      );
    }
  }
}
