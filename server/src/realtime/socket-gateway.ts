/**
 * The Socket.IO gateway (contract v1): authenticates each connection, authorises each
 * subscription per scope, answers `subscribe` with a snapshot or a gap-free resume, and leaves
 * delivery of deltas to the change fan-out.
 */
import type { IncomingMessage } from 'node:http';
import type { LiveStateRepository, Logger } from '@wardpulse/jobs';
import type {
  ClientToServerEvents,
  FreshnessLimits,
  LiveDelta,
  OrgIndex,
  ServerToClientEvents,
  SubscribeAck,
  SubscribeErrorCode,
} from '@wardpulse/shared';
import { eventIdSchema, parseScope } from '@wardpulse/shared';
import type { Server } from 'socket.io';
import { z } from 'zod';
import { mayReadScope, type AccessPolicy, type Principal } from '../auth/access.js';
import type { Revocation } from '../auth/revocations.js';
import { hashSecret } from '../auth/secret-tokens.js';
import type { DisplayControl } from './display-control.js';
import { readScopeSnapshot } from '@wardpulse/jobs';
import type { ChangeFanout, GatewaySocket } from './change-fanout.js';
import { coalesceDeltas } from './coalesce.js';
import { decodeSeq } from './sequence.js';
import { SubscribeAllowance } from './subscribe-limits.js';

/** Resuming more changes than this costs more than a snapshot. */
const MAX_RESUME_CHANGES = 2000;

const subscribeSchema = z.strictObject({ scope: z.string().max(200), since: eventIdSchema.optional() });
const unsubscribeSchema = z.strictObject({ scope: z.string().max(200) });

interface SocketData {
  principal: Principal;
}

export interface SocketGatewayOptions {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  fanout: ChangeFanout;
  live: LiveStateRepository;
  org: () => OrgIndex;
  /** The not-reporting limits snapshots are computed with (and carry). */
  freshness: FreshnessLimits;
  policy: AccessPolicy;
  /**
   * The principal of a handshake: its `auth.token` (or Authorization header), else its session
   * cookie, else anonymous; undefined when a token does not check out, `revoked` for a display
   * token that was revoked (the screen then says so instead of retrying for ever).
   */
  authenticate: (token: string | undefined, cookieHeader: string | undefined) => Promise<Principal | 'revoked' | undefined>;
  logger: Logger;
}

/** Same-origin or allowed origins only: a cross-site page must not open a socket with our cookies. */
export function originAllowed(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // not a browser (feeds, CLI clients, tests)
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function attachSocketGateway(options: SocketGatewayOptions): void {
  const { io, fanout, live, org, freshness, policy, logger } = options;

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const header = socket.handshake.headers.authorization?.replace(/^Bearer\s+/i, '');
    options
      .authenticate(typeof token === 'string' ? token : header, socket.handshake.headers.cookie)
      .then((principal) => {
        if (principal === 'revoked') return next(new Error('revoked'));
        if (!principal) return next(new Error('unauthenticated'));
        socket.data.principal = principal;
        next();
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'socket authentication failed');
        next(new Error('unavailable'));
      });
  });

  io.on('connection', (socket) => {
    // People hear their own in-app notifications on every socket they have open.
    const principal = (socket.data as SocketData).principal;
    if (principal.kind === 'user') void socket.join(personRoom(principal.user.id));
    const allowance = new SubscribeAllowance();
    socket.on('subscribe', (request, ack) => {
      if (typeof ack !== 'function') return;
      subscribe(socket, request, allowance)
        .then((respond) => respond(ack))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'subscribe failed');
          ack({ ok: false, error: { code: 'unavailable', message: 'live state is unavailable; retry shortly' } });
        });
    });
    socket.on('unsubscribe', (request, ack) => {
      const parsed = unsubscribeSchema.safeParse(request);
      if (parsed.success) {
        allowance.release(parsed.data.scope);
        void socket.leave(parsed.data.scope);
      }
      if (typeof ack === 'function') ack({ ok: parsed.success });
    });
  });

  type Responder = (ack: (response: SubscribeAck) => void) => void;
  const fail =
    (code: Exclude<SubscribeErrorCode, 'unavailable'>, message: string): Responder =>
    (ack) =>
      ack({ ok: false, error: { code, message } });

  async function subscribe(socket: GatewaySocket, request: unknown, allowance: SubscribeAllowance): Promise<Responder> {
    const parsed = subscribeSchema.safeParse(request);
    if (!parsed.success) return fail('invalid', 'subscribe takes { scope, since? }');
    const scope = parsed.data.scope;
    const refusal = allowance.take(scope);
    if (refusal) return fail(refusal.code, refusal.message);
    // Only a scope the socket joins counts against its cap: a refused or failed one is given back.
    const respond = await authorisedSubscribe(socket, parsed.data).catch((error: unknown) => {
      allowance.release(scope);
      throw error;
    });
    return (ack) =>
      respond((response) => {
        if (!response.ok) allowance.release(scope);
        ack(response);
      });
  }

  async function authorisedSubscribe(socket: GatewaySocket, request: z.infer<typeof subscribeSchema>): Promise<Responder> {
    const scopeResult = parseScope(request.scope);
    if (!scopeResult.ok) return fail('invalid', `scope ${scopeResult.message}`);
    const scope = scopeResult.scope;
    const scopeText = request.scope;
    // A repeated subscribe restarts the scope's stream for this socket; no duplicate deltas.
    await socket.leave(scopeText);
    const index = org();
    if (!index.has(scope)) return fail('unknown_scope', `no such scope: ${scopeText}`);
    const principal = (socket.data as SocketData).principal;
    // A revocation message may be missed (see revocations.ts): a person's socket checks its
    // session afresh, so one signed out or disabled since the handshake subscribes no more.
    if (principal.kind === 'user') {
      const now = await options.authenticate(undefined, socket.handshake.headers.cookie);
      if (now === 'revoked' || now?.kind !== 'user' || now.sessionId !== principal.sessionId)
        return fail('forbidden', 'the session has ended; sign in again');
    }
    const decision = mayReadScope(principal, scope, index, policy);
    if (!decision.allowed) return fail('forbidden', decision.reason);

    const since = request.since ? decodeSeq(request.since) : undefined;
    if (since && since.epoch === fanout.epoch) {
      const changes = await live.changesSince(since.streamId, MAX_RESUME_CHANGES);
      if (changes.resumable) {
        const missed = coalesceDeltas(changes.entries, {
          scopesOf: (entry) => index.scopesReachedByRoute(entry.route),
          seq: (streamId) => fanout.seq(streamId),
          wanted: (reached) => reached === scopeText,
        }).get(scopeText);
        const resumed: LiveDelta[] = missed ? [missed] : [];
        // The missed changes go as ordinary deltas ahead of the acknowledgement, whose `deltas` is
        // empty (contract v1 keeps the field); its seq is the last delta's, or the reader's position.
        return (ack) =>
          fanout.joinWhenCaughtUp(
            socket,
            scopeText,
            changes.topId,
            (position) => ack({ ok: true, seq: position ?? fanout.seq(changes.topId), deltas: [] }),
            resumed,
          );
      }
    }
    const read = await readScopeSnapshot(live, index, scope, Date.now(), freshness);
    if (!read) return fail('unknown_scope', `no such scope: ${scopeText}`);
    return (ack) =>
      fanout.joinWhenCaughtUp(socket, scopeText, read.streamId, () =>
        ack({ ok: true, seq: fanout.seq(read.streamId), snapshot: read.snapshot }),
      );
  }
}

/** Passes a command to this process's sockets of the screens it names. */
export function sendDisplayCommand(io: SocketGatewayOptions['io'], control: DisplayControl): number {
  const screens = new Set(control.tokenIds);
  let count = 0;
  for (const socket of io.sockets.sockets.values()) {
    const principal = (socket.data as SocketData).principal;
    if (principal.kind === 'display-token' && screens.has(principal.token.id)) {
      socket.emit('display', control.command);
      count++;
    }
  }
  return count;
}

/** A person's own room (no colon: scope rooms have one, and resyncs walk those). */
export function personRoom(personId: string): string {
  return `person/${personId}`;
}

/** Whether a socket's principal is the one a revocation names. */
function isRevoked(principal: Principal, revocation: Revocation): boolean {
  switch (revocation.kind) {
    case 'user':
      return principal.kind === 'user' && principal.user.id === revocation.id;
    case 'session':
      return principal.kind === 'user' && hashSecret(principal.sessionId) === revocation.id;
    case 'api-key':
      return principal.kind === 'api-key' && principal.key.id === revocation.id;
    case 'display-token':
      return principal.kind === 'display-token' && principal.token.id === revocation.id;
  }
}

/** Disconnects this process's sockets of a revoked person, key or token (they may reconnect and are checked afresh). */
export function disconnectRevoked(io: SocketGatewayOptions['io'], revocation: Revocation): number {
  let count = 0;
  for (const socket of io.sockets.sockets.values()) {
    if (isRevoked((socket.data as SocketData).principal, revocation)) {
      socket.disconnect(true);
      count++;
    }
  }
  return count;
}
