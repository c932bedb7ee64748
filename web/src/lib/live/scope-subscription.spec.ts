import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DisplayCommand, LiveDelta, LiveSnapshot, SubscribeAck, SubscribeRequest } from '@wardpulse/shared';
import type { ConnectionStatus } from './connection-status.js';
import { ScopeSubscription, type LiveSocketLike, type SubscriptionListener } from './scope-subscription.js';
import { testChange, testSnapshot, testWard, testWardLive } from './test-fixtures.js';

type Handler = (...args: never[]) => void;

interface PendingSubscribe {
  request: SubscribeRequest;
  resolve: (ack: SubscribeAck) => void;
  reject: (error: Error) => void;
}

/** Just enough of a Socket.IO client socket to drive the protocol from the server's side. */
class FakeSocket {
  connected = false;
  active = true;
  connectCalls = 0;
  readonly subscribes: PendingSubscribe[] = [];
  readonly handlers = new Map<string, Set<Handler>>();

  on(event: string, handler: Handler): this {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler);
    this.handlers.set(event, set);
    return this;
  }

  off(event: string, handler: Handler): this {
    this.handlers.get(event)?.delete(handler);
    return this;
  }

  connect(): this {
    this.connectCalls += 1;
    return this;
  }

  timeout(_ms: number) {
    return {
      emitWithAck: (_event: 'subscribe', request: SubscribeRequest) =>
        new Promise<SubscribeAck>((resolve, reject) => this.subscribes.push({ request, resolve, reject })),
    };
  }

  listenerCount(): number {
    let count = 0;
    for (const set of this.handlers.values()) count += set.size;
    return count;
  }

  fire(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) (handler as (...values: unknown[]) => void)(...args);
  }

  serverAccepts(): void {
    this.connected = true;
    this.active = true;
    this.fire('connect');
  }

  drop(reason: string): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }

  lastSubscribe(): PendingSubscribe {
    const last = this.subscribes.at(-1);
    if (!last) throw new Error('no subscribe was sent');
    return last;
  }
}

class RecordingListener implements SubscriptionListener {
  readonly snapshots: LiveSnapshot[] = [];
  readonly deltaBatches: (readonly LiveDelta[])[] = [];
  readonly statuses: ConnectionStatus[] = [];
  readonly commands: DisplayCommand[] = [];
  revokedCalls = 0;
  snapshot(snapshot: LiveSnapshot): void {
    this.snapshots.push(snapshot);
  }
  deltas(deltas: readonly LiveDelta[]): void {
    this.deltaBatches.push(deltas);
  }
  status(status: ConnectionStatus): void {
    this.statuses.push(status);
  }
  revoked(): void {
    this.revokedCalls += 1;
  }
  display(command: DisplayCommand): void {
    this.commands.push(command);
  }
  get lastStatus(): ConnectionStatus | undefined {
    return this.statuses.at(-1);
  }
}

const SCOPE = 'trust:RX4';
const snapshot = testSnapshot(SCOPE, [testWardLive(testWard('RX4-W01'), null)]);

function delta(seq: string, scope = SCOPE): LiveDelta {
  return { scope, seq, changes: [testChange('RX4-W01', '2025-06-01T10:00:00Z')] };
}

/** Lets acknowledgement promises settle. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
}

describe('ScopeSubscription', () => {
  let socket: FakeSocket;
  let listener: RecordingListener;
  let subscription: ScopeSubscription;

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakeSocket();
    listener = new RecordingListener();
    subscription = new ScopeSubscription(socket as unknown as LiveSocketLike, SCOPE, listener, { random: () => 0.5 });
    subscription.start();
  });

  afterEach(() => {
    subscription.dispose();
    vi.useRealTimers();
  });

  async function goLive(seq = '100-0'): Promise<void> {
    socket.serverAccepts();
    socket.lastSubscribe().resolve({ ok: true, seq, snapshot });
    await settle();
  }

  it('subscribes without since on first connect and takes the snapshot', async () => {
    socket.serverAccepts();
    expect(socket.lastSubscribe().request).toEqual({ scope: SCOPE });
    socket.lastSubscribe().resolve({ ok: true, seq: '100-0', snapshot });
    await settle();
    expect(listener.snapshots).toEqual([snapshot]);
    expect(listener.lastStatus).toEqual({ state: 'live' });
    expect(subscription.seq).toBe('100-0');
  });

  it('subscribes at once when the socket is already connected', () => {
    const connected = new FakeSocket();
    connected.connected = true;
    const other = new ScopeSubscription(connected as unknown as LiveSocketLike, SCOPE, listener);
    other.start();
    expect(connected.subscribes.map((pending) => pending.request)).toEqual([{ scope: SCOPE }]);
    other.dispose();
  });

  it('applies deltas for its scope and remembers their seq', async () => {
    await goLive();
    socket.fire('delta', delta('101-0'));
    socket.fire('delta', delta('7-0', 'trust:RV5'));
    expect(listener.deltaBatches).toEqual([[delta('101-0')]]);
    expect(subscription.seq).toBe('101-0');
  });

  it('says it is reconnecting and resumes from the last seq after a reconnect', async () => {
    await goLive();
    socket.fire('delta', delta('101-0'));
    socket.drop('transport close');
    expect(listener.lastStatus).toEqual({ state: 'reconnecting' });

    socket.serverAccepts();
    expect(socket.lastSubscribe().request).toEqual({ scope: SCOPE, since: '101-0' });
    socket.lastSubscribe().resolve({ ok: true, seq: '103-0', deltas: [delta('102-0'), delta('103-0')] });
    await settle();
    expect(listener.deltaBatches.at(-1)).toEqual([delta('102-0'), delta('103-0')]);
    expect(subscription.seq).toBe('103-0');
    expect(listener.lastStatus).toEqual({ state: 'live' });
  });

  it('takes a fresh snapshot when the server cannot resume', async () => {
    await goLive();
    socket.drop('transport close');
    socket.serverAccepts();
    const fresher = testSnapshot(SCOPE, []);
    socket.lastSubscribe().resolve({ ok: true, seq: '900-0', snapshot: fresher });
    await settle();
    expect(listener.snapshots.at(-1)).toBe(fresher);
    expect(subscription.seq).toBe('900-0');
  });

  it('resubscribes without since on resync for its scope only', async () => {
    await goLive();
    socket.fire('resync', { scope: 'trust:RV5' });
    expect(socket.subscribes).toHaveLength(1);
    socket.fire('resync', { scope: SCOPE });
    expect(socket.lastSubscribe().request).toEqual({ scope: SCOPE });
  });

  it('hands over deltas that arrived before the acknowledgement, after the snapshot', async () => {
    socket.serverAccepts();
    socket.fire('delta', delta('101-0'));
    expect(listener.deltaBatches).toEqual([]);
    socket.lastSubscribe().resolve({ ok: true, seq: '100-0', snapshot });
    await settle();
    expect(listener.snapshots).toEqual([snapshot]);
    expect(listener.deltaBatches).toEqual([[delta('101-0')]]);
    // Resuming from the acknowledged seq may repeat 101-0, which the board ignores.
    expect(subscription.seq).toBe('100-0');
  });

  it('ignores deltas before it has a snapshot', () => {
    socket.fire('delta', delta('101-0'));
    expect(listener.deltaBatches).toEqual([]);
  });

  it('shows a refusal and does not ask again', async () => {
    socket.serverAccepts();
    socket.lastSubscribe().resolve({ ok: false, error: { code: 'forbidden', message: 'not allowed to see trust RX4' } });
    await settle();
    expect(listener.lastStatus).toEqual({ state: 'error', message: 'not allowed to see trust RX4', retrying: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.subscribes).toHaveLength(1);
  });

  it('retries with back-off while live state is unavailable', async () => {
    await goLive();
    socket.fire('resync', { scope: SCOPE });
    socket.lastSubscribe().resolve({ ok: false, error: { code: 'unavailable', message: 'live state unavailable' } });
    await settle();
    expect(listener.lastStatus).toEqual({ state: 'error', message: 'live state unavailable', retrying: true });
    await vi.advanceTimersByTimeAsync(999);
    expect(socket.subscribes).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.subscribes).toHaveLength(3);
    expect(socket.lastSubscribe().request).toEqual({ scope: SCOPE, since: '100-0' });
  });

  it('asks again when the acknowledgement times out', async () => {
    socket.serverAccepts();
    socket.lastSubscribe().reject(new Error('operation has timed out'));
    await settle();
    expect(listener.lastStatus).toMatchObject({ state: 'error', retrying: true });
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.subscribes).toHaveLength(2);
  });

  it('ignores an acknowledgement that arrives after the connection it was sent on dropped', async () => {
    socket.serverAccepts();
    const stale = socket.lastSubscribe();
    socket.drop('ping timeout');
    stale.resolve({ ok: true, seq: '100-0', snapshot });
    await settle();
    expect(listener.snapshots).toEqual([]);
    expect(listener.lastStatus).toEqual({ state: 'connecting' });
  });

  it('reconnects by itself after the server closes the socket', async () => {
    await goLive();
    socket.drop('io server disconnect');
    expect(listener.lastStatus).toEqual({ state: 'reconnecting' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.connectCalls).toBe(1);
  });

  it('shows a refused handshake as an error and retries slowly', async () => {
    socket.active = false;
    socket.fire('connect_error', new Error('invalid display token'));
    expect(listener.lastStatus).toEqual({ state: 'error', message: 'invalid display token', retrying: true });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(socket.connectCalls).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.connectCalls).toBe(1);
  });

  it('retries an unauthenticated handshake slowly, with back-off', async () => {
    socket.active = false;
    socket.fire('connect_error', new Error('unauthenticated'));
    expect(listener.lastStatus).toEqual({ state: 'error', message: 'unauthenticated', retrying: true });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(socket.connectCalls).toBe(1);
    socket.fire('connect_error', new Error('unauthenticated'));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(socket.connectCalls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.connectCalls).toBe(2);
  });

  it('stops for good when the server refuses the token as revoked', async () => {
    await goLive();
    socket.drop('io server disconnect');
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.connectCalls).toBe(1);
    socket.active = false;
    socket.fire('connect_error', new Error('revoked'));
    expect(listener.lastStatus).toEqual({ state: 'error', message: 'revoked', retrying: false });
    expect(subscription.revoked).toBe(true);
    expect(subscription.retryPending).toBe(false);
    expect(listener.revokedCalls).toBe(1);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(socket.connectCalls).toBe(1);
  });

  it('retries quickly while the server cannot check credentials', async () => {
    await goLive();
    socket.drop('transport close');
    await vi.advanceTimersByTimeAsync(1000);
    socket.active = false;
    socket.fire('connect_error', new Error('unavailable'));
    expect(listener.lastStatus).toEqual({ state: 'reconnecting' });
    await vi.advanceTimersByTimeAsync(1999);
    expect(socket.connectCalls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.connectCalls).toBe(2);
  });

  it('reconnects after a transport failure with growing, jittered back-off', async () => {
    await goLive();
    socket.drop('transport close');
    expect(listener.lastStatus).toEqual({ state: 'reconnecting' });
    const waits: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const before = socket.connectCalls;
      let waited = 0;
      while (socket.connectCalls === before) {
        await vi.advanceTimersByTimeAsync(500);
        waited += 500;
      }
      waits.push(waited);
      socket.fire('connect_error', new Error('websocket error'));
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 20_000, 20_000]);
    expect(listener.lastStatus).toEqual({ state: 'reconnecting' });
  });

  it('starts the back-off afresh once live again', async () => {
    await goLive();
    socket.drop('transport close');
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await vi.advanceTimersByTimeAsync(30_000);
      socket.fire('connect_error', new Error('websocket error'));
    }
    await vi.advanceTimersByTimeAsync(30_000);
    socket.serverAccepts();
    expect(socket.lastSubscribe().request).toEqual({ scope: SCOPE, since: '100-0' });
    socket.lastSubscribe().resolve({ ok: true, seq: '100-0', deltas: [] });
    await settle();
    expect(listener.lastStatus).toEqual({ state: 'live' });
    const calls = socket.connectCalls;
    socket.drop('ping timeout');
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.connectCalls).toBe(calls + 1);
  });

  it('spreads a room of screens over time when they all lose the server at once', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const sockets = Array.from({ length: 200 }, () => new FakeSocket());
    const screens = sockets.map(
      (fake) => new ScopeSubscription(fake as unknown as LiveSocketLike, SCOPE, new RecordingListener(), { random }),
    );
    for (const screen of screens) screen.start();
    for (const fake of sockets) fake.drop('transport close');
    const reconnectedBy = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      return sockets.filter((fake) => fake.connectCalls > 0).length;
    };
    // First retries fall between 0.5 s and 1.5 s, none in the same instant as all the others.
    expect(await reconnectedBy(499)).toBe(0);
    const byOneSecond = await reconnectedBy(501);
    expect(byOneSecond).toBeGreaterThan(50);
    expect(byOneSecond).toBeLessThan(150);
    expect(await reconnectedBy(500)).toBe(200);
    for (const screen of screens) screen.dispose();
  });

  it('leaves a connection that came back before its retry alone', async () => {
    await goLive();
    socket.drop('transport close');
    socket.connected = true;
    await vi.advanceTimersByTimeAsync(2000);
    expect(socket.connectCalls).toBe(0);
  });

  it('hands display commands to the listener', () => {
    socket.fire('display', { kind: 'reload' });
    expect(listener.commands).toEqual([{ kind: 'reload' }]);
  });

  it('starts afresh if the server resumes a subscription it never gave a snapshot for', async () => {
    socket.serverAccepts();
    socket.lastSubscribe().resolve({ ok: true, seq: '5-0', deltas: [] });
    await settle();
    expect(socket.subscribes).toHaveLength(2);
    expect(socket.lastSubscribe().request).toEqual({ scope: SCOPE });
  });

  it('removes every listener and timer when disposed', async () => {
    await goLive();
    socket.drop('io server disconnect');
    expect(subscription.retryPending).toBe(true);
    subscription.dispose();
    expect(socket.listenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
