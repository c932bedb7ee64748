/**
 * Many Socket.IO clients for the benchmarks, held by child processes (bench/client-swarm.ts), each
 * on a loopback source address of its own (127.0.0.2, 127.0.0.3, …). The swarm connects clients in
 * steps, and collects when each client received each watched event.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { root } from './server-process.js';

export type SwarmRequest =
  | {
      type: 'connect';
      urls: string[];
      token: string;
      scope: string;
      count: number;
      concurrency: number;
      localAddress: string;
      /** Only events whose id starts with this are timed. */
      prefix: string;
    }
  | { type: 'report' }
  | { type: 'close' };

export type SwarmReply =
  | { type: 'ready' }
  | { type: 'connected'; connected: number; failed: number; firstError?: string; ms: number }
  | ({ type: 'report' } & SwarmReport);

/** What the clients received: per event id, every client's receive time (wall-clock ms). */
export interface SwarmReport {
  received: Map<string, number[]>;
  /** Deltas and the changes they held, over every client. */
  deltas: number;
  changes: number;
  /** JSON bytes of the deltas one client per child process received, with their count and changes. */
  sample: { bytes: number; deltas: number; changes: number };
  disconnects: number;
  open: number;
}

/** Adds one report's counts and receive times to another's. */
function addReport(into: SwarmReport, from: SwarmReport): void {
  into.deltas += from.deltas;
  into.changes += from.changes;
  into.sample.bytes += from.sample.bytes;
  into.sample.deltas += from.sample.deltas;
  into.sample.changes += from.sample.changes;
  into.disconnects += from.disconnects;
  into.open += from.open;
  for (const [eventId, times] of from.received) {
    const held = into.received.get(eventId);
    if (held) held.push(...times);
    else into.received.set(eventId, times);
  }
}

class SwarmProcess {
  readonly child: ChildProcess;
  private waiting: { resolve: (reply: SwarmReply) => void; reject: (error: Error) => void }[] = [];
  clients = 0;

  constructor(readonly localAddress: string) {
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=wardpulse-source', join(root, 'bench/client-swarm.ts')],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
      },
    );
    this.child.on('message', (reply: SwarmReply) => this.waiting.shift()?.resolve(reply));
    this.child.on('exit', (code) => {
      for (const waiting of this.waiting.splice(0)) waiting.reject(new Error(`client swarm exited with ${code}`));
    });
  }

  next(): Promise<SwarmReply> {
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  request(request: SwarmRequest): Promise<SwarmReply> {
    const reply = this.next();
    this.child.send(request);
    return reply;
  }
}

export interface SwarmOptions {
  urls: string[];
  token: string;
  scope: string;
  prefix: string;
  /** Clients per child process. */
  perProcess?: number;
}

export class Swarm {
  private processes: SwarmProcess[] = [];
  connected = 0;
  failed = 0;
  firstError: string | undefined;

  constructor(private readonly options: SwarmOptions) {}

  /** Connects `count` more clients (spread over child processes, round-robin over the urls) and subscribes each. */
  async add(count: number): Promise<{ connected: number; failed: number; seconds: number }> {
    const perProcess = this.options.perProcess ?? 2500;
    const started = Date.now();
    const work: Promise<SwarmReply>[] = [];
    let left = count;
    while (left > 0) {
      let target = this.processes.find((candidate) => candidate.clients < perProcess);
      if (!target) {
        target = new SwarmProcess(`127.0.0.${this.processes.length + 2}`);
        this.processes.push(target);
        await target.next(); // ready
      }
      const share = Math.min(left, perProcess - target.clients);
      target.clients += share;
      left -= share;
      work.push(
        target.request({
          type: 'connect',
          urls: this.options.urls,
          token: this.options.token,
          scope: this.options.scope,
          count: share,
          concurrency: 50,
          localAddress: target.localAddress,
          prefix: this.options.prefix,
        }),
      );
    }
    let failed = 0;
    for (const reply of await Promise.all(work)) {
      if (reply.type !== 'connected') continue;
      failed += reply.failed;
      this.firstError ??= reply.firstError;
    }
    // Count what is open now, from the children themselves (a failed client frees its place).
    this.connected = 0;
    const totals = await Promise.all(this.processes.map((child) => child.request({ type: 'report' })));
    for (const [i, reply] of totals.entries()) {
      if (reply.type !== 'report') continue;
      this.processes[i]!.clients = reply.open;
      this.connected += reply.open;
    }
    this.failed += failed;
    return { connected: this.connected, failed, seconds: (Date.now() - started) / 1000 };
  }

  /**
   * Reports merged, a second apart, until `done` says everything arrived or `withinMs` has passed
   * (delivery catching up after a feed stops, bounded).
   */
  async collect(done: (sofar: SwarmReport) => boolean, withinMs: number): Promise<SwarmReport> {
    const sofar = await this.report();
    const deadline = Date.now() + withinMs;
    while (!done(sofar) && Date.now() < deadline) {
      await new Promise((wait) => setTimeout(wait, 1000));
      const next = await this.report();
      addReport(sofar, next);
      sofar.open = next.open; // a count now, not a sum
    }
    return sofar;
  }

  /** Every child's receive times since the last report, merged. */
  async report(): Promise<SwarmReport> {
    const merged: SwarmReport = {
      received: new Map(),
      deltas: 0,
      changes: 0,
      sample: { bytes: 0, deltas: 0, changes: 0 },
      disconnects: 0,
      open: 0,
    };
    for (const child of this.processes) {
      const reply = await child.request({ type: 'report' });
      if (reply.type === 'report') addReport(merged, reply);
    }
    return merged;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.processes.map(
        (child) =>
          new Promise<void>((resolve) => {
            child.child.once('exit', () => resolve());
            child.child.send({ type: 'close' } satisfies SwarmRequest);
          }),
      ),
    );
    this.processes = [];
  }
}
