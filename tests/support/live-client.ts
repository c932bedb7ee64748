/** A real Socket.IO client speaking contract v1, recording what it receives, for tests and the bench. */
import type { ClientToServerEvents, LiveDelta, ServerToClientEvents, SubscribeAck } from '@wardpulse/shared';
import { io, type Socket } from 'socket.io-client';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectLive(
  url: string,
  token?: string,
  options: { reconnection?: boolean; extraHeaders?: Record<string, string> } = {},
): LiveSocket {
  return io(url, {
    transports: ['websocket'],
    auth: token ? { token } : {},
    reconnection: options.reconnection ?? false,
    forceNew: true,
    ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
  });
}

export async function connected(socket: LiveSocket): Promise<void> {
  if (socket.connected) return;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

export function subscribe(socket: LiveSocket, scope: string, since?: string): Promise<SubscribeAck> {
  return socket.timeout(10_000).emitWithAck('subscribe', since ? { scope, since } : { scope });
}

/** Collects every delta the socket receives, in arrival order. */
export function collectDeltas(socket: LiveSocket): LiveDelta[] {
  const deltas: LiveDelta[] = [];
  socket.on('delta', (delta) => deltas.push(delta));
  return deltas;
}

type WardStateChange = Extract<LiveDelta['changes'][number], { kind: 'wardState' }>;

/** The bed-state changes among deltas, in order (escalation and trust-level changes interleave with them). */
export function wardChanges(deltas: readonly LiveDelta[]): WardStateChange[] {
  return deltas.flatMap((delta) => delta.changes.filter((change): change is WardStateChange => change.kind === 'wardState'));
}
