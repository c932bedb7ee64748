/**
 * Live ward state in Redis (derived, hot state; PostgreSQL's event log can rebuild it).
 *
 * Applying an observation is one Lua script, so "compare with the current state, store, append
 * to the change stream" is atomic: several workers can apply concurrently, retries and
 * duplicates are harmless (same event = no-op), and an older observation never overwrites a
 * newer one (last-writer-wins on source time, ties broken by event id).
 */
import { randomBytes } from 'node:crypto';
import type { LiveChange, WardBedState } from '@wardpulse/shared';
import { wardStateChange } from '@wardpulse/shared';
import type { Redis } from 'ioredis';
import type { LiveKeys } from '../redis/keys.js';

const APPLY_WARD_STATE = `
local current = redis.call('HMGET', KEYS[1], 'observedAtMs', 'eventId')
if current[1] then
  local currentMs = tonumber(current[1])
  local newMs = tonumber(ARGV[2])
  if newMs < currentMs or (newMs == currentMs and ARGV[3] <= current[2]) then
    return {'stale', current[2]}
  end
end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'ward', ARGV[1], 'change', ARGV[6])
redis.call('HSET', KEYS[1], 'observedAtMs', ARGV[2], 'eventId', ARGV[3], 'state', ARGV[4], 'seq', id)
return {'applied', id}
`;

export type ApplyOutcome = { outcome: 'applied'; streamId: string } | { outcome: 'stale'; currentEventId: string };

/** One entry of the change stream. */
export interface ChangeEntry {
  /** Redis stream id (`<ms>-<n>`), increasing. */
  id: string;
  wardId: string;
  change: LiveChange;
}

export interface LiveSnapshotRead {
  /** Stream id of the last change included in these states (`0-0` when none yet). */
  streamId: string;
  states: Map<string, WardBedState>;
}

export type ChangesSince = { resumable: true; entries: ChangeEntry[]; topId: string } | { resumable: false };

interface ApplyCommand {
  applyWardState(
    wardKey: string,
    streamKey: string,
    wardId: string,
    observedAtMs: string,
    eventId: string,
    stateJson: string,
    maxLength: string,
    changeJson: string,
  ): Promise<[string, string]>;
}

export const EMPTY_STREAM_ID = '0-0';

/** Compares stream ids `<ms>-<n>` numerically. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs !== bMs ? aMs - bMs : aSeq - bSeq;
}

export class LiveStateRepository {
  private readonly redis: Redis & ApplyCommand;

  constructor(
    redis: Redis,
    private readonly keys: LiveKeys,
    /** Changes kept for resuming readers; older ones are trimmed (readers then take a snapshot). */
    private readonly streamMaxLength = 100_000,
  ) {
    if (!('applyWardState' in redis)) redis.defineCommand('applyWardState', { numberOfKeys: 2, lua: APPLY_WARD_STATE });
    this.redis = redis as Redis & ApplyCommand;
  }

  async applyWardState(wardId: string, state: WardBedState): Promise<ApplyOutcome> {
    const change = wardStateChange(wardId, state);
    const [outcome, detail] = await this.redis.applyWardState(
      this.keys.ward(wardId),
      this.keys.changes,
      wardId,
      String(Date.parse(state.observedAt)),
      state.eventId,
      JSON.stringify(state),
      String(this.streamMaxLength),
      JSON.stringify(change),
    );
    return outcome === 'applied' ? { outcome, streamId: detail } : { outcome: 'stale', currentEventId: detail };
  }

  async readWardStates(wardIds: readonly string[]): Promise<Map<string, WardBedState>> {
    if (wardIds.length === 0) return new Map();
    const pipeline = this.redis.pipeline();
    for (const wardId of wardIds) pipeline.hget(this.keys.ward(wardId), 'state');
    const results = (await pipeline.exec()) ?? [];
    return this.toStates(
      wardIds,
      results.map(([, value]) => value as string | null),
    );
  }

  /** Ward states and the stream position they correspond to, read atomically (MULTI). */
  async snapshot(wardIds: readonly string[]): Promise<LiveSnapshotRead> {
    const transaction = this.redis.multi();
    transaction.xrevrange(this.keys.changes, '+', '-', 'COUNT', 1);
    for (const wardId of wardIds) transaction.hget(this.keys.ward(wardId), 'state');
    const results = await transaction.exec();
    if (!results) throw new Error('snapshot transaction aborted');
    for (const [error] of results) if (error) throw error;
    const last = results[0]![1] as [string, string[]][];
    return {
      streamId: last[0]?.[0] ?? EMPTY_STREAM_ID,
      states: this.toStates(
        wardIds,
        results.slice(1).map(([, value]) => value as string | null),
      ),
    };
  }

  private toStates(wardIds: readonly string[], values: (string | null)[]): Map<string, WardBedState> {
    const states = new Map<string, WardBedState>();
    values.forEach((value, index) => {
      if (value) states.set(wardIds[index]!, JSON.parse(value) as WardBedState);
    });
    return states;
  }

  /**
   * The changes after `sinceId`, if the stream still holds all of them. Redis 7 records the
   * largest id ever trimmed, which tells exactly whether a gap would be hidden.
   */
  async changesSince(sinceId: string, limit: number): Promise<ChangesSince> {
    const info = (await this.redis.call('XINFO', 'STREAM', this.keys.changes).catch((error: Error) => {
      if (/no such key/i.test(error.message)) return null;
      throw error;
    })) as unknown[] | null;
    if (!info)
      return sinceId === EMPTY_STREAM_ID ? { resumable: true, entries: [], topId: EMPTY_STREAM_ID } : { resumable: false };
    const field = (name: string) => info[info.indexOf(name) + 1] as string;
    const lastId = field('last-generated-id');
    const maxDeleted = field('max-deleted-entry-id');
    if (compareStreamIds(sinceId, maxDeleted) < 0 || compareStreamIds(sinceId, lastId) > 0) return { resumable: false };
    const raw = await this.redis.xrange(this.keys.changes, `(${sinceId}`, '+', 'COUNT', limit + 1);
    if (raw.length > limit) return { resumable: false };
    const entries = raw.map(parseEntry);
    return { resumable: true, entries, topId: entries.at(-1)?.id ?? sinceId };
  }

  /** Blocks up to `blockMs` for changes after `afterId`. Use a connection of its own. */
  async readChanges(afterId: string, blockMs: number, count: number): Promise<ChangeEntry[]> {
    const result = await this.redis.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', this.keys.changes, afterId);
    return result?.[0]?.[1].map(parseEntry) ?? [];
  }

  async latestStreamId(): Promise<string> {
    const last = await this.redis.xrevrange(this.keys.changes, '+', '-', 'COUNT', 1);
    return last[0]?.[0] ?? EMPTY_STREAM_ID;
  }

  /** Closes the connection; a blocked `readChanges` returns with an error. */
  disconnect(): void {
    this.redis.disconnect();
  }

  /** The stream's epoch: created once, lost (and so changed) only if Redis loses its data. */
  async epoch(): Promise<string> {
    await this.redis.set(this.keys.epoch, randomBytes(6).toString('base64url'), 'NX');
    const epoch = await this.redis.get(this.keys.epoch);
    if (!epoch) throw new Error('epoch key vanished');
    return epoch;
  }
}

function parseEntry([id, fields]: [string, string[]]): ChangeEntry {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!, fields[i + 1]!);
  return { id, wardId: values.get('ward') ?? '', change: JSON.parse(values.get('change') ?? 'null') as LiveChange };
}
