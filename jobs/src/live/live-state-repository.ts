/**
 * Live ward state in Redis (derived, hot state; PostgreSQL's event log can rebuild it).
 *
 * Applying an observation is one Lua script, so "compare with the current state, store, append
 * to the change stream" is atomic: several workers can apply concurrently, retries and
 * duplicates are harmless (same event = no-op), and an older observation never overwrites a
 * newer one (last-writer-wins on source time, ties broken by event id). The same script marks a
 * ward that an electronic source has reported (`fed`), so a person's value there is applied as an
 * override — decided atomically with the write, whatever order workers run in.
 */
import { randomBytes } from 'node:crypto';
import type {
  AlertSummary,
  CrisisCapacityReport,
  DischargeDelaysRecord,
  EscalationState,
  LiveChange,
  PlacementRecord,
  S136SuiteState,
  TrustFiguresRecord,
  VideoDayRecord,
  ReferralDayRecord,
  WaitingListRecord,
  WardStaysRecord,
  WardBedState,
} from '@wardpulse/shared';
import { FEED_SOURCE, isElectronicSource, wardStateChange } from '@wardpulse/shared';
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
local state, change = ARGV[4], ARGV[6]
if ARGV[7] == '1' then
  redis.call('HSET', KEYS[1], 'fed', '1')
elseif redis.call('HEXISTS', KEYS[1], 'fed') == 1 then
  state, change = ARGV[8], ARGV[9]
end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'route', 'ward:' .. ARGV[1], 'change', change)
redis.call('HSET', KEYS[1], 'observedAtMs', ARGV[2], 'eventId', ARGV[3], 'state', state, 'seq', id)
return {'applied', id}
`;

/**
 * Compare-and-set of one field of a hash, appending the change to the stream when asked. The
 * caller read the current value, merged in TypeScript (the merge rules live once, in shared/)
 * and writes only if nobody wrote in between; on 'conflict' it reads and merges again.
 * ARGV: field, expected ('' = absent), new value, stream max length, route, change ('' = none).
 */
const COMPARE_AND_SET = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if (current or '') ~= ARGV[2] then return {'conflict', ''} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if ARGV[6] == '' then return {'applied', ''} end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'route', ARGV[5], 'change', ARGV[6])
return {'applied', id}
`;

export type ApplyOutcome = { outcome: 'applied'; streamId: string } | { outcome: 'stale'; currentEventId: string };

/** One entry of the change stream. */
export interface ChangeEntry {
  /** Redis stream id (`<ms>-<n>`), increasing. */
  id: string;
  /** What the change is about: `ward:<id>`, `trust:<ods>` or `collaborative:<id>` (see OrgIndex.scopesReachedByRoute). */
  route: string;
  change: LiveChange;
}

/** A trust's live records. */
export interface TrustRecords {
  placements: PlacementRecord[];
  waitingLists: WaitingListRecord[];
  videoDays: VideoDayRecord[];
  /** Latest state of each of the trust's Section 136 suites that has reported. */
  s136Suites: S136SuiteState[];
  /** Latest capacity report of each of the trust's alternatives to admission that has reported. */
  crisisServices: CrisisCapacityReport[];
  /** The trust's latest own figures; null until it reports. */
  trustFigures: TrustFiguresRecord | null;
  /** Each service's day of referrals: the latest report of each. */
  referralDays: ReferralDayRecord[];
}

export interface LiveSnapshotRead {
  /** Stream id of the last change included in these states (`0-0` when none yet). */
  streamId: string;
  states: Map<string, WardBedState>;
  trusts: Map<string, TrustRecords>;
  escalation: Map<string, EscalationState>;
  /** Alerts open now (firing or recovering), every scope: readers keep the ones they show. */
  alerts: AlertSummary[];
  /** The wards' delayed-discharge records, for those that have reported a list. */
  dischargeDelays: DischargeDelaysRecord[];
  /** The wards' stay readings, for those that have sent stays. */
  wardStays: WardStaysRecord[];
}

/** How a record kind is merged: the next value from the current one, or null when nothing changes. */
export type RecordMerge<T> = (current: T | null) => T | null;

export type RecordApplyOutcome<T> = { outcome: 'applied'; record: T; streamId: string } | { outcome: 'stale' };

export type ChangesSince = { resumable: true; entries: ChangeEntry[]; topId: string } | { resumable: false };

interface ApplyCommand {
  compareAndSet(
    hashKey: string,
    streamKey: string,
    field: string,
    expected: string,
    value: string,
    maxLength: string,
    route: string,
    changeJson: string,
  ): Promise<[string, string]>;
  applyWardState(
    wardKey: string,
    streamKey: string,
    wardId: string,
    observedAtMs: string,
    eventId: string,
    stateJson: string,
    maxLength: string,
    changeJson: string,
    electronic: '1' | '0',
    overrideStateJson: string,
    overrideChangeJson: string,
  ): Promise<[string, string]>;
}

export const EMPTY_STREAM_ID = '0-0';

/** Hashes read per trust by `snapshot` (placements, waiting lists, video days, Section 136 suites). */
const TRUST_RECORD_KINDS = 6;

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
    if (!('compareAndSet' in redis)) redis.defineCommand('compareAndSet', { numberOfKeys: 2, lua: COMPARE_AND_SET });
    this.redis = redis as Redis & ApplyCommand;
  }

  /** Applies an observation's state; a manual one on a ward an electronic source reports becomes an override. */
  async applyWardState(wardId: string, state: WardBedState): Promise<ApplyOutcome> {
    const change = wardStateChange(wardId, state);
    const overridden: WardBedState = { ...state, override: true };
    const [outcome, detail] = await this.redis.applyWardState(
      this.keys.ward(wardId),
      this.keys.changes,
      wardId,
      String(Date.parse(state.observedAt)),
      state.eventId,
      JSON.stringify(state),
      String(this.streamMaxLength),
      JSON.stringify(change),
      isElectronicSource(state.source) ? '1' : '0',
      JSON.stringify(overridden),
      JSON.stringify(wardStateChange(wardId, overridden)),
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

  /**
   * Applies a merge to one record of a hash: read, merge (shared rules), compare-and-set, retry
   * on a concurrent write. The change goes to the stream with `route` when the record changed
   * and `change` is given; a merge that changes nothing is 'stale' (a duplicate or older fact).
   */
  async applyRecord<T>(
    hashKey: string,
    field: string,
    merge: RecordMerge<T>,
    emit: { route: string; change: (record: T, previous: T | null) => LiveChange | null } | null,
  ): Promise<RecordApplyOutcome<T>> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const currentJson = await this.redis.hget(hashKey, field);
      const current = currentJson ? (JSON.parse(currentJson) as T) : null;
      const next = merge(current);
      if (next === null) return { outcome: 'stale' };
      const change = emit?.change(next, current) ?? null;
      const [outcome, streamId] = await this.redis.compareAndSet(
        hashKey,
        this.keys.changes,
        field,
        currentJson ?? '',
        JSON.stringify(next),
        String(this.streamMaxLength),
        change ? emit!.route : '',
        change ? JSON.stringify(change) : '',
      );
      if (outcome === 'applied') return { outcome: 'applied', record: next, streamId };
    }
    throw new Error(`could not apply to ${hashKey} ${field}: too many concurrent writers`);
  }

  /**
   * Ward states, trusts' records, escalation levels and the stream position they correspond to,
   * read atomically (MULTI): a snapshot is never half before and half after a change.
   */
  async snapshot(
    wardIds: readonly string[],
    trustOds: readonly string[] = [],
    escalationScopes: readonly string[] = [],
  ): Promise<LiveSnapshotRead> {
    const transaction = this.redis.multi();
    transaction.xrevrange(this.keys.changes, '+', '-', 'COUNT', 1);
    for (const wardId of wardIds) transaction.hget(this.keys.ward(wardId), 'state');
    for (const ods of trustOds) {
      transaction.hvals(this.keys.placements(ods));
      transaction.hvals(this.keys.waitingLists(ods));
      transaction.hvals(this.keys.videoDays(ods));
      transaction.hvals(this.keys.s136Suites(ods));
      transaction.hvals(this.keys.crisisServices(ods));
      transaction.hvals(this.keys.referralDays(ods));
    }
    if (trustOds.length > 0) transaction.hmget(this.keys.trustFigures, ...trustOds);
    if (escalationScopes.length > 0) transaction.hmget(this.keys.escalation, ...escalationScopes);
    transaction.hvals(this.keys.alerts);
    if (wardIds.length > 0) transaction.hmget(this.keys.dischargeDelays, ...wardIds);
    if (wardIds.length > 0) transaction.hmget(this.keys.wardStays, ...wardIds);
    const results = await transaction.exec();
    if (!results) throw new Error('snapshot transaction aborted');
    for (const [error] of results) if (error) throw error;
    const values = results.map(([, value]) => value);
    const last = values[0] as [string, string[]][];
    const wardValues = values.slice(1, 1 + wardIds.length) as (string | null)[];
    const trusts = new Map<string, TrustRecords>();
    const parseAll = <T>(list: unknown) => (list as string[]).map((json) => JSON.parse(json) as T);
    const figuresAt = 1 + wardIds.length + trustOds.length * TRUST_RECORD_KINDS;
    const figures = trustOds.length > 0 ? (values[figuresAt] as (string | null)[]) : [];
    trustOds.forEach((ods, index) => {
      const at = 1 + wardIds.length + index * TRUST_RECORD_KINDS;
      const figuresJson = figures[index];
      trusts.set(ods, {
        placements: parseAll<PlacementRecord>(values[at]),
        waitingLists: parseAll<WaitingListRecord>(values[at + 1]),
        videoDays: parseAll<VideoDayRecord>(values[at + 2]),
        s136Suites: parseAll<S136SuiteState>(values[at + 3]),
        crisisServices: parseAll<CrisisCapacityReport>(values[at + 4]),
        referralDays: parseAll<ReferralDayRecord>(values[at + 5]),
        trustFigures: figuresJson ? (JSON.parse(figuresJson) as TrustFiguresRecord) : null,
      });
    });
    // The tail: escalation levels (if asked), alerts, delayed discharges and stays (if any ward).
    const tail = wardIds.length > 0 ? 2 : 0;
    const escalation = new Map<string, EscalationState>();
    if (escalationScopes.length > 0) {
      (values.at(-2 - tail) as (string | null)[]).forEach((json, index) => {
        if (json) escalation.set(escalationScopes[index]!, JSON.parse(json) as EscalationState);
      });
    }
    const alerts = parseAll<AlertSummary>(values.at(-1 - tail)).filter((alert) => alert.status !== 'resolved');
    const dischargeDelays =
      tail > 0
        ? (values.at(-2) as (string | null)[]).flatMap((json) => (json ? [JSON.parse(json) as DischargeDelaysRecord] : []))
        : [];
    const wardStays =
      tail > 0 ? (values.at(-1) as (string | null)[]).flatMap((json) => (json ? [JSON.parse(json) as WardStaysRecord] : [])) : [];
    return {
      streamId: last[0]?.[0] ?? EMPTY_STREAM_ID,
      states: this.toStates(wardIds, wardValues),
      trusts,
      escalation,
      alerts,
      dischargeDelays,
      wardStays,
    };
  }

  /**
   * Stores an alert's summary for readers and sends it down the change stream, routed by its
   * scope, when it differs from the stored copy; an older copy never replaces a newer one.
   */
  async putAlert(alert: AlertSummary): Promise<void> {
    await this.applyRecord<AlertSummary>(
      this.keys.alerts,
      alert.id,
      (current) => {
        if (current && (current.updatedAt > alert.updatedAt || JSON.stringify(current) === JSON.stringify(alert))) return null;
        return alert;
      },
      { route: alert.scope, change: (record) => ({ kind: 'alert', alert: record }) },
    );
  }

  /** Forgets alerts resolved before `beforeMs` (readers saw them close by then). */
  async pruneResolvedAlerts(beforeMs: number): Promise<number> {
    const all = await this.redis.hgetall(this.keys.alerts);
    const old = Object.entries(all)
      .filter(([, json]) => {
        const alert = JSON.parse(json) as AlertSummary;
        return alert.resolvedAt !== null && Date.parse(alert.resolvedAt) < beforeMs;
      })
      .map(([id]) => id);
    if (old.length > 0) await this.redis.hdel(this.keys.alerts, ...old);
    return old.length;
  }

  /** The report each ward was last announced as not reporting for: ward id → event id. */
  async readNotReporting(): Promise<Map<string, string>> {
    const all = await this.redis.hgetall(this.keys.notReporting);
    return new Map(Object.entries(all).map(([wardId, json]) => [wardId, (JSON.parse(json) as { eventId: string }).eventId]));
  }

  /** A trust's latest own figures as live state holds them; null until it reports. */
  async readTrustFigures(trustOds: string): Promise<TrustFiguresRecord | null> {
    const json = await this.redis.hget(this.keys.trustFigures, trustOds);
    return json ? (JSON.parse(json) as TrustFiguresRecord) : null;
  }

  /** A single escalation state as stored (with the stream position it was based on). */
  async readEscalationJson(scope: string): Promise<string | null> {
    return this.redis.hget(this.keys.escalation, scope);
  }

  /** Small bookkeeping values shared by every process (e.g. how far roll-ups have read the event log). */
  async getMeta(name: string): Promise<string | null> {
    return this.redis.hget(`{${this.keys.prefix}}:meta`, name);
  }

  async setMeta(name: string, value: string): Promise<void> {
    await this.redis.hset(`{${this.keys.prefix}}:meta`, name, value);
  }

  get liveKeys(): LiveKeys {
    return this.keys;
  }

  private toStates(wardIds: readonly string[], values: (string | null)[]): Map<string, WardBedState> {
    const states = new Map<string, WardBedState>();
    values.forEach((value, index) => {
      // States stored before provenance was kept came from feeds.
      if (value)
        states.set(wardIds[index]!, {
          source: FEED_SOURCE,
          override: false,
          ...(JSON.parse(value) as Partial<WardBedState>),
        } as WardBedState);
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
  // Entries written before routes existed name only their ward.
  const route = values.get('route') ?? `ward:${values.get('ward') ?? ''}`;
  return { id, route, change: JSON.parse(values.get('change') ?? 'null') as LiveChange };
}
