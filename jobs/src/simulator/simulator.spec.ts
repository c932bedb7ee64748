/**
 * The simulator's tick through the real ingest classes (their checks are the ones the HTTP API
 * uses), with the event log, queues and live state replaced by small in-memory stand-ins: no
 * Redis or database, and live state can be made to lag the log as workers do.
 */
import {
  OrgIndex,
  earliestLiveVideoDate,
  isActive,
  isNewerCrisisCapacityReport,
  isNewerReferralDay,
  isNewerS136SuiteState,
  isNewerTrustFigures,
  isNewerVideoDay,
  isNewerWaitingList,
  londonDateOf,
  mergeDischargeDelays,
  mergePlacementEvent,
  referralDayKey,
  toWardBedState,
  type CrisisCapacityReport,
  type DischargeDelaysRecord,
  type PlacementEvent,
  type PlacementRecord,
  type ReferralDay,
  type S136SuiteState,
  type TrustFiguresRecord,
  type VideoConsultationDay,
  type VideoDayRecord,
  type WaitingListRecord,
  type WardBedState,
} from '@wardpulse/shared';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { demoOrganisation } from '../demo/demo-organisations.js';
import { seededRandom } from '../demo/random.js';
import { BedStateIngest } from '../ingest/bed-state-ingest.js';
import { MeasureIngest } from '../ingest/measure-ingest.js';
import { S136SuiteIngest } from '../ingest/s136-suite-ingest.js';
import type { JobQueues } from '../job-queues.js';
import type { LiveSnapshotRead, LiveStateRepository, TrustRecords } from '../live/live-state-repository.js';
import {
  PlacementLifecycleConflict,
  type EventKind,
  type EventLog,
  type EventPayloads,
  type EventRow,
} from '../storage/event-log.js';
import { Simulator } from './simulator.js';
import { daysBefore } from './video-pattern.js';
import { servicesReportedBy } from './waiting-list-drift.js';

type Logged = { [Kind in EventKind]: { kind: Kind; row: EventRow<Kind> } }[EventKind];

/** The event log's contract in memory: idempotent by event id, one start and one end per placement. */
class MemoryEventLog {
  readonly logged: Logged[] = [];
  private readonly ids = new Set<string>();

  async append<Kind extends EventKind>(
    kind: Kind,
    rows: readonly EventRow<Kind>[],
  ): Promise<{ eventId: string; duplicate: boolean }[]> {
    for (const row of rows) {
      if (kind !== 'placement' || this.ids.has(row.eventId)) continue;
      const event = row.payload as PlacementEvent;
      const clash = this.logged.some(
        (entry) =>
          entry.kind === 'placement' &&
          entry.row.payload.placementId === event.placementId &&
          entry.row.payload.event === event.event &&
          event.event !== 'updated',
      );
      if (clash) throw new PlacementLifecycleConflict('a placement may start once and end once');
    }
    return rows.map((row) => {
      const duplicate = this.ids.has(row.eventId);
      if (!duplicate) {
        this.ids.add(row.eventId);
        this.logged.push({ kind, row } as Logged);
        if (kind === 'videoDay') {
          const day = row.payload as VideoConsultationDay;
          const key = `${row.trustOds}|${day.date}`;
          this.videoForms.set(key, (this.videoForms.get(key) ?? new Set()).add(day.service ?? null));
        }
      }
      return { eventId: row.eventId, duplicate };
    });
  }

  async placementEvents(trustOds: string, placementIds: readonly string[]): Promise<PlacementEvent[]> {
    return this.logged.flatMap((entry) =>
      entry.kind === 'placement' && entry.row.trustOds === trustOds && placementIds.includes(entry.row.payload.placementId)
        ? [entry.row.payload]
        : [],
    );
  }

  /** The services each trust's logged days were reported for, by `trust|date` (kept as days are logged). */
  private readonly videoForms = new Map<string, Set<string | null>>();

  async videoDayForms(trustOds: string, dates: readonly string[]): Promise<{ date: string; service: string | null }[]> {
    return dates.flatMap((date) => [...(this.videoForms.get(`${trustOds}|${date}`) ?? [])].map((service) => ({ date, service })));
  }

  payloads<Kind extends EventKind>(kind: Kind): EventPayloads[Kind][] {
    return this.logged.filter((entry) => entry.kind === kind).map((entry) => entry.row.payload as EventPayloads[Kind]);
  }
}

/** Live state built from the log by the same merge rules as the workers, applied when the test says. */
class MemoryLiveState {
  private applied = 0;
  private readonly wards = new Map<string, WardBedState>();
  readonly delays = new Map<string, DischargeDelaysRecord>();
  private readonly trusts = new Map<
    string,
    {
      placements: Map<string, PlacementRecord>;
      waitingLists: Map<string, WaitingListRecord>;
      videoDays: Map<string, VideoDayRecord>;
      s136Suites: Map<string, S136SuiteState>;
      crisisServices: Map<string, CrisisCapacityReport>;
      referralDays: Map<string, ReferralDay>;
      trustFigures: TrustFiguresRecord | null;
    }
  >();

  constructor(private readonly log: MemoryEventLog) {}

  /** Applies the log up to `upTo` entries (all by default), as workers would. */
  apply(upTo = this.log.logged.length): void {
    for (; this.applied < upTo; this.applied++) {
      const entry = this.log.logged[this.applied]!;
      const trust = this.trust(entry.row.trustOds);
      switch (entry.kind) {
        case 'bedState': {
          const state = toWardBedState(entry.row.payload);
          const current = this.wards.get(entry.row.wardId!) ?? null;
          if (!current || Date.parse(state.observedAt) >= Date.parse(current.observedAt))
            this.wards.set(entry.row.wardId!, state);
          break;
        }
        case 'placement': {
          const event = entry.row.payload;
          trust.placements.set(event.placementId, mergePlacementEvent(trust.placements.get(event.placementId) ?? null, event));
          break;
        }
        case 'waitingList': {
          const snapshot = entry.row.payload;
          if (isNewerWaitingList(snapshot, trust.waitingLists.get(snapshot.service) ?? null))
            trust.waitingLists.set(snapshot.service, snapshot);
          break;
        }
        case 'videoDay': {
          const day = entry.row.payload;
          if (isNewerVideoDay(day, trust.videoDays.get(day.date) ?? null)) trust.videoDays.set(day.date, day);
          break;
        }
        case 's136SuiteState': {
          const state = entry.row.payload;
          if (isNewerS136SuiteState(state, trust.s136Suites.get(state.suiteId) ?? null))
            trust.s136Suites.set(state.suiteId, state);
          break;
        }
        case 'crisisCapacity': {
          const report = entry.row.payload;
          if (isNewerCrisisCapacityReport(report, trust.crisisServices.get(report.serviceId) ?? null))
            trust.crisisServices.set(report.serviceId, report);
          break;
        }
        case 'referralDay': {
          const day = entry.row.payload;
          const key = referralDayKey(day);
          if (isNewerReferralDay(day, trust.referralDays.get(key) ?? null)) trust.referralDays.set(key, day);
          break;
        }
        case 'trustFigures': {
          const figures = entry.row.payload;
          if (isNewerTrustFigures(figures, trust.trustFigures)) trust.trustFigures = figures;
          break;
        }
        case 'dischargeDelays': {
          const snapshot = entry.row.payload;
          const merged = mergeDischargeDelays(this.delays.get(snapshot.wardId) ?? null, snapshot);
          if (merged) this.delays.set(snapshot.wardId, merged);
          break;
        }
      }
    }
  }

  private trust(ods: string) {
    let trust = this.trusts.get(ods);
    if (!trust)
      this.trusts.set(
        ods,
        (trust = {
          placements: new Map(),
          waitingLists: new Map(),
          videoDays: new Map(),
          s136Suites: new Map(),
          crisisServices: new Map(),
          referralDays: new Map(),
          trustFigures: null,
        }),
      );
    return trust;
  }

  records(ods: string): TrustRecords {
    const trust = this.trust(ods);
    return {
      placements: [...trust.placements.values()],
      waitingLists: [...trust.waitingLists.values()],
      videoDays: [...trust.videoDays.values()],
      s136Suites: [...trust.s136Suites.values()],
      crisisServices: [...trust.crisisServices.values()],
      trustFigures: trust.trustFigures,
      referralDays: [...trust.referralDays.values()],
    };
  }

  async snapshot(wardIds: readonly string[], trustOds: readonly string[] = []): Promise<LiveSnapshotRead> {
    const states = new Map<string, WardBedState>();
    for (const id of wardIds) if (this.wards.has(id)) states.set(id, this.wards.get(id)!);
    return {
      streamId: '0-0',
      states,
      trusts: new Map(trustOds.map((ods) => [ods, this.records(ods)])),
      escalation: new Map(),
      wardStays: [],
      alerts: [],
      dischargeDelays: wardIds.flatMap((id) => (this.delays.has(id) ? [this.delays.get(id)!] : [])),
    };
  }
}

const NOW = Date.parse('2026-11-25T10:00:00Z'); // a Wednesday
const TICK = 5_000;
const org = new OrgIndex(demoOrganisation());

function setUp(seed: string, start = NOW) {
  let now = start;
  const clock = () => now;
  const log = new MemoryEventLog();
  const live = new MemoryLiveState(log);
  const storage = {
    eventLog: log as unknown as EventLog,
    queues: { enqueueBulk: async () => undefined } as unknown as JobQueues,
    org: () => org,
    logger: pino({ enabled: false }),
    now: clock,
  };
  let id = 0;
  const simulator = new Simulator({
    live: live as unknown as LiveStateRepository,
    ingest: new BedStateIngest(storage),
    measures: new MeasureIngest(storage),
    s136: new S136SuiteIngest(storage),
    org: () => org,
    random: seededRandom(seed),
    now: clock,
    newId: () => `${seed}-${id++}`,
  });
  return { simulator, log, live, setNow: (instant: number) => (now = instant) };
}

describe('Simulator.tick with the real ingest', () => {
  it('shows all four measures after the first tick: beds, placements, waiting lists, and this week’s and month’s contacts', async () => {
    const { simulator, log, live } = setUp('fresh');
    const sent = await simulator.tick();
    expect(sent).toBe(log.logged.length);
    live.apply();
    const wardsWithState = new Set(log.payloads('bedState').map((observation) => observation.wardId));
    expect(wardsWithState.size).toBe(org.directory.wards.length);
    const from = earliestLiveVideoDate(NOW);
    for (const trust of org.directory.trusts) {
      const records = live.records(trust.ods);
      const active = records.placements.filter((record) => isActive(record, NOW));
      expect(active.length, trust.ods).toBeGreaterThanOrEqual(2);
      expect(records.waitingLists.map((record) => record.service).sort()).toEqual([...servicesReportedBy(trust.ods)].sort());
      expect(records.videoDays.map((day) => day.date).sort()).toEqual([
        ...daysBefore(from, londonDateOf(NOW)),
        londonDateOf(NOW),
      ]);
      const suites = org.s136SuitesIn({ kind: 'trust', id: trust.ods }) ?? [];
      expect(records.s136Suites.map((state) => state.suiteId).sort(), trust.ods).toEqual(suites.map((suite) => suite.id).sort());
    }
  });

  it('runs for many ticks without a violation, with live state lagging the log by two ticks', async () => {
    const { simulator, log, live, setNow } = setUp('lagging');
    const logLengths: number[] = [];
    for (let tick = 0; tick < 400; tick++) {
      setNow(NOW + tick * TICK);
      // Workers have applied what was logged two ticks ago, no more.
      live.apply(logLengths.at(-2) ?? 0);
      await simulator.tick();
      logLengths.push(log.logged.length);
    }
    live.apply();
    const placements = log.payloads('placement');
    expect(placements.some((event) => event.event === 'ended')).toBe(true);
    expect(placements.some((event) => event.event === 'started' && Date.parse(event.occurredAt) > NOW)).toBe(true);
    expect(log.payloads('waitingList').length).toBeGreaterThan(200);
    // Suites fill and empty: arrivals after the start, and people leaving.
    const suiteStates = log.payloads('s136SuiteState');
    expect(suiteStates.some((state) => state.status === 'occupied' && Date.parse(state.since) > NOW)).toBe(true);
    expect(suiteStates.some((state) => state.status === 'available' && Date.parse(state.observedAt) > NOW)).toBe(true);
    // A day's counts never go down from one report to the next.
    const last = new Map<string, Record<string, number>>();
    for (const day of log.payloads('videoDay')) {
      const key = `${day.trustOds}|${day.date}`;
      const before = last.get(key);
      if (before) for (const [code, value] of Object.entries(day.counts)) expect(value).toBeGreaterThanOrEqual(before[code]!);
      last.set(key, day.counts);
    }
  });

  it('keeps the volume modest: a few dozen events a tick after the first', async () => {
    const { simulator, live, setNow } = setUp('volume');
    await simulator.tick();
    let sent = 0;
    for (let tick = 1; tick <= 200; tick++) {
      live.apply();
      setNow(NOW + tick * TICK);
      sent += await simulator.tick();
    }
    expect(sent / 200).toBeLessThan(50);
    expect(sent / 200).toBeGreaterThan(10);
  });

  it('runs across days, the autumn clock change and a month end, with waiting lists and contacts moving to the new periods', async () => {
    const start = Date.parse('2026-10-24T06:00:00Z');
    const { simulator, live, log, setNow } = setUp('calendar', start);
    let now = start;
    while (now < Date.parse('2026-11-02T20:00:00Z')) {
      setNow(now);
      await simulator.tick();
      live.apply();
      now += 37 * 60_000;
    }
    const novemberLists = log.payloads('waitingList').filter((snapshot) => snapshot.periodStart === '2026-11-01');
    expect(novemberLists.length).toBeGreaterThan(0);
    const days = new Set(log.payloads('videoDay').map((day) => day.date));
    for (const date of ['2026-10-25', '2026-10-31', '2026-11-01', '2026-11-02']) expect(days.has(date), date).toBe(true);
    // Each past day was finished: its last report came after it ended.
    for (const trust of org.directory.trusts) {
      const records = live.records(trust.ods).videoDays.filter((day) => day.date < '2026-11-02');
      for (const day of records)
        expect(londonDateOf(Date.parse(day.observedAt)) > day.date, `${trust.ods} ${day.date}`).toBe(true);
    }
  });

  it('reports each trust’s own figures: discharges grow within a window and start again after a return', async () => {
    const start = Date.parse('2026-11-25T08:00:00Z');
    const { simulator, live, log, setNow } = setUp('figures', start);
    for (let now = start; now < Date.parse('2026-11-25T20:00:00Z'); now += 5 * 60_000) {
      setNow(now);
      await simulator.tick();
      live.apply();
    }
    const reports = log.payloads('trustFigures');
    for (const trust of org.directory.trusts) {
      const own = reports.filter((report) => report.trustOds === trust.ods);
      expect(own.length, trust.ods).toBeGreaterThan(10);
      expect(live.records(trust.ods).trustFigures?.source).toEqual({ kind: 'feed', name: 'Simulated patient flow system' });
      // Windows of the day: from 18:00 the evening before, then 10:00, 14:00 and 18:00 (GMT = London).
      const windows = [...new Set(own.map((report) => report.countingSince))];
      expect(windows).toEqual([
        '2026-11-24T18:00:00.000Z',
        '2026-11-25T10:00:00.000Z',
        '2026-11-25T14:00:00.000Z',
        '2026-11-25T18:00:00.000Z',
      ]);
      for (const [index, report] of own.entries()) {
        const before = own[index - 1];
        if (before && before.countingSince === report.countingSince)
          expect(report.completedDischarges).toBeGreaterThanOrEqual(before.completedDischarges);
      }
    }
    // Referrals arrive and clear: the total waiting across trusts moves both ways.
    const totals = reports.map((report) => Object.values(report.referralsWaiting).reduce((sum, n) => sum + n, 0));
    expect(totals.some((total, index) => index > 0 && total > totals[index - 1]!)).toBe(true);
    expect(totals.some((total, index) => index > 0 && total < totals[index - 1]!)).toBe(true);
  });

  it('leaves figures a person keyed by hand alone for half an hour, then carries on from them', async () => {
    const { simulator, live, log, setNow } = setUp('manual');
    await simulator.tick();
    live.apply();
    const manual: TrustFiguresRecord = {
      ...live.records('RX4').trustFigures!,
      eventId: 'manual-1',
      observedAt: new Date(NOW + 1000).toISOString(),
      patientsFromOutside: 42,
      source: { kind: 'manual', name: 'Demo Bed Manager' },
    };
    await log.append('trustFigures', [
      { eventId: 'manual-1', trustOds: 'RX4', wardId: null, observedAt: manual.observedAt, payload: manual },
    ]);
    live.apply();
    const rx4Reports = () =>
      log.payloads('trustFigures').filter((report) => report.trustOds === 'RX4' && report.eventId !== 'manual-1');
    const before = rx4Reports().length;
    for (let tick = 1; tick <= 300; tick++) {
      setNow(NOW + tick * TICK); // 25 minutes
      await simulator.tick();
      live.apply();
    }
    expect(rx4Reports().length).toBe(before);
    for (let tick = 361; tick <= 420; tick++) {
      setNow(NOW + tick * TICK);
      await simulator.tick();
      live.apply();
    }
    const resumed = rx4Reports().slice(before);
    expect(resumed.length).toBeGreaterThan(0);
    expect(Math.abs(resumed[0]!.patientsFromOutside - 42)).toBeLessThanOrEqual(1);
  });

  it('throws with the ingest’s details when a batch is refused', async () => {
    const { simulator } = setUp('refused');
    const refusing = simulator as unknown as { deps: { measures: Record<string, unknown> } };
    refusing.deps.measures = {
      ...refusing.deps.measures,
      acceptPlacements: async () => ({ ok: true, events: [] }),
      acceptVideoDays: async () => ({ ok: true, events: [] }),
      acceptWaitingLists: async () => ({ ok: false, details: [{ path: 'simulator[0].bands', message: 'do not add up' }] }),
    };
    await expect(simulator.tick()).rejects.toThrow(/waiting lists.*do not add up/);
  });
});
