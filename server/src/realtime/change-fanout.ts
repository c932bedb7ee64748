/**
 * Every server process reads the Redis Stream of changes and delivers each change to its own
 * subscribers, room by room (a room per scope). This gives fan-out across replicas without a
 * Socket.IO adapter, and replay for clients that resume.
 *
 * Joining is gap-free: a subscriber's snapshot (or resume) is at stream position S; the reader
 * has delivered up to position R. If R ≥ S the subscriber joins now and is sent the changes in
 * (S, R] from a ring of recent changes; if R < S it joins when the reader reaches S. Either way
 * it sees every change after S exactly once, in order: after its acknowledgement when it took a
 * snapshot, before it when it resumed (see joinWhenCaughtUp).
 *
 * Each read of the stream is delivered as one delta per scope (./coalesce.ts): a burst costs an
 * emit per scope, not one per change.
 */
import type { ChangeEntry, LiveStateRepository, Logger } from '@wardpulse/jobs';
import { compareStreamIds } from '@wardpulse/jobs';
import type { ClientToServerEvents, LiveDelta, OrgIndex, ServerToClientEvents } from '@wardpulse/shared';
import type { Server, Socket } from 'socket.io';
import { coalesceDeltas } from './coalesce.js';
import { encodeSeq } from './sequence.js';

export type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents>;

interface PendingJoin {
  socket: GatewaySocket;
  scope: string;
  streamId: string;
  acknowledge: (position?: string) => void;
  resumed: readonly LiveDelta[] | undefined;
}

export interface ChangeFanoutOptions {
  /** A repository on a Redis connection of its own: XREAD BLOCK holds the connection. */
  reader: LiveStateRepository;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  org: () => OrgIndex;
  logger: Logger;
  ringSize?: number;
  blockMs?: number;
  onDelivered?: (entry: ChangeEntry, scopes: number) => void;
  /** Told how many deltas (one per scope with subscribers here) a read of the stream was sent as. */
  onEmitted?: (deltas: number) => void;
}

export class ChangeFanout {
  private cursor = '0-0';
  /** Recent changes, oldest first; `ringFloor` is the newest id no longer in the ring. */
  private ring: ChangeEntry[] = [];
  private ringFloor = '0-0';
  private pending: PendingJoin[] = [];
  private running = false;
  private loop: Promise<void> | undefined;
  /** The reader's connection came back: its blocked read was re-sent quietly, so no error told us. */
  private reconnected = false;
  epoch = '';

  /** How changes become deltas: the scopes a change reaches, and the contract's seq. */
  private readonly coalescing = {
    scopesOf: (entry: ChangeEntry) => this.options.org().scopesReachedByRoute(entry.route),
    seq: (streamId: string) => this.seq(streamId),
  };

  constructor(private readonly options: ChangeFanoutOptions) {}

  async start(): Promise<void> {
    this.epoch = await this.options.reader.epoch();
    this.cursor = await this.options.reader.latestStreamId();
    this.ringFloor = this.cursor;
    this.running = true;
    this.loop = this.readLoop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.options.reader.disconnect();
    await this.loop;
  }

  /**
   * Called when the reader's Redis connection is ready again after a drop. ioredis re-sends the
   * blocked XREAD by itself, so the read loop sees no error; the next read checks whether Redis
   * lost its data (a new epoch) before delivering anything.
   */
  noteReconnected(): void {
    this.reconnected = true;
  }

  seq(streamId: string): string {
    return encodeSeq(this.epoch, streamId);
  }

  /**
   * Joins `socket` to `scope` once the reader has delivered everything up to `streamId`.
   *
   * A fresh subscription is acknowledged (with its snapshot) and then sent the changes after it.
   * A resumed one (`resumed`: the deltas missed before `streamId`) is sent those and the changes
   * after them as ordinary deltas first and acknowledged last, all in this one synchronous step, so
   * nothing newer can reach it before them: a client may process an event that arrives with the
   * acknowledgement before its own code sees the acknowledgement (issue #18).
   */
  joinWhenCaughtUp(
    socket: GatewaySocket,
    scope: string,
    streamId: string,
    acknowledge: (position?: string) => void,
    resumed?: readonly LiveDelta[],
  ): void {
    if (compareStreamIds(this.cursor, streamId) < 0) {
      this.pending.push({ socket, scope, streamId, acknowledge, resumed });
      return;
    }
    if (compareStreamIds(streamId, this.ringFloor) < 0) {
      // The ring no longer holds all of (streamId, cursor]: the client must start afresh.
      acknowledge();
      socket.emit('resync', { scope });
      return;
    }
    // The changes after streamId are at the ring's end (usually none or a few): search from there.
    let start = this.ring.length;
    while (start > 0 && compareStreamIds(this.ring[start - 1]!.id, streamId) > 0) start--;
    const missed = this.ring.slice(start);
    const delta = coalesceDeltas(missed, { ...this.coalescing, wanted: (reached) => reached === scope }).get(scope);
    void socket.join(scope);
    if (resumed) {
      const sent = delta ? [...resumed, delta] : resumed;
      for (const earlier of sent) socket.emit('delta', earlier);
      // Its position: the last delta sent, or where the reader is when none was (nothing for it since).
      acknowledge(sent.at(-1)?.seq ?? this.seq(this.cursor));
      return;
    }
    acknowledge();
    if (delta) socket.emit('delta', delta);
  }

  private async readLoop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const entries = await this.options.reader.readChanges(this.cursor, this.options.blockMs ?? 2000, 500);
        const reset = failures > 0 || this.reconnected ? await this.checkEpoch() : false;
        this.reconnected = false;
        failures = 0;
        // After a reset every subscriber takes a fresh snapshot, which already holds these entries.
        if (!reset && entries.length > 0) this.deliver(entries);
      } catch (error) {
        if (!this.running) break;
        failures++;
        if (failures === 1) this.options.logger.warn({ err: error }, 'change stream read failed; retrying');
        await new Promise((wait) => setTimeout(wait, Math.min(2000, 100 * 2 ** failures)));
        await this.checkEpoch().catch(() => undefined);
      }
    }
  }

  /** After a Redis outage: if Redis lost its data, every subscriber must take a fresh snapshot. */
  private async checkEpoch(): Promise<boolean> {
    const epoch = await this.options.reader.epoch();
    if (epoch === this.epoch) return false;
    this.options.logger.warn('change stream was reset (Redis lost its data); asking every subscriber to resync');
    this.epoch = epoch;
    this.cursor = await this.options.reader.latestStreamId();
    this.ring = [];
    this.ringFloor = this.cursor;
    for (const join of this.pending.splice(0)) {
      join.acknowledge();
      join.socket.emit('resync', { scope: join.scope });
    }
    for (const scope of this.options.io.sockets.adapter.rooms.keys()) {
      if (!scope.includes(':')) continue; // a socket's own room, not a scope
      this.options.io.to(scope).emit('resync', { scope });
      this.options.io.in(scope).socketsLeave(scope);
    }
    return true;
  }

  private deliver(entries: readonly ChangeEntry[]): void {
    const rooms = this.options.io.sockets.adapter.rooms;
    // The scopes each change reaches that someone here subscribes to: worked out once per change.
    const reached = new Map(
      entries.map((entry) => [entry, this.coalescing.scopesOf(entry).filter((scope) => (rooms.get(scope)?.size ?? 0) > 0)]),
    );
    const deltas = coalesceDeltas(entries, { ...this.coalescing, scopesOf: (entry) => reached.get(entry)! });
    for (const [scope, delta] of deltas) this.options.io.to(scope).emit('delta', delta);
    this.options.onEmitted?.(deltas.size);
    for (const entry of entries) {
      this.cursor = entry.id;
      this.ring.push(entry);
      if (this.ring.length > (this.options.ringSize ?? 10_000)) this.ringFloor = this.ring.shift()!.id;
      this.options.onDelivered?.(entry, reached.get(entry)!.length);
    }
    // Joins waiting for a position inside this read get its later changes from the ring.
    if (this.pending.length > 0) this.flushPending();
  }

  private flushPending(): void {
    const waiting = this.pending;
    this.pending = [];
    for (const join of waiting) {
      if (!join.socket.connected) continue;
      // Not yet reached: joinWhenCaughtUp puts it back in `pending`.
      this.joinWhenCaughtUp(join.socket, join.scope, join.streamId, join.acknowledge, join.resumed);
    }
  }
}
