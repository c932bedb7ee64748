import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bedFigures } from './bed-occupancy.js';
import { FEED_SOURCE } from './bed-state.js';
import type { EscalationState } from './escalation.js';
import {
  applyLiveChanges,
  liveTotals,
  summariseLive,
  wardStateChange,
  type LiveChange,
  type LiveSnapshot,
  type LiveSummary,
  type WardBedState,
} from './live.js';
import { DEFAULT_FRESHNESS_LIMITS } from './freshness.js';
import { wardsNotReporting } from './live.js';
import { OrgIndex } from './org-index.js';
import type { OrgDirectory, Ward } from './org.js';
import {
  isLivePlacement,
  PLACEMENT_BED_TYPES,
  mergePlacementEvent,
  placementViolations,
  samePlacement,
  type PlacementDetails,
  type PlacementEvent,
  type PlacementRecord,
} from './placements.js';
import { parseScope, type Scope } from './scope.js';
import { earliestLiveVideoDate, isNewerVideoDay, videoDayKey, type VideoDayRecord } from './video-consultations.js';
import { londonPeriod } from './calendar.js';
import { REFERRAL_SETTINGS } from './sitrep.js';
import { isNewerTrustFigures, type TrustFiguresRecord } from './trust-figures.js';
import {
  isNewerWaitingList,
  percentileFromBands,
  WAIT_BANDS,
  WAITING_SERVICES,
  type WaitBands,
  type WaitingListSnapshot,
  type WaitingServiceId,
} from './waiting-lists.js';

// Wednesday 2 December 2026, 12:00 GMT: this week (Mon 30 Nov – Sun 6 Dec) straddles two months.
const NOW = Date.parse('2026-12-02T12:00:00Z');

function ward(
  id: string,
  trustOds: string,
  siteId: string,
  type: Ward['type'],
  sex: Ward['sex'],
  commissionedBeds: number,
): Ward {
  return { id, trustOds, siteId, name: `${id} Ward`, type, sex, commissionedBeds };
}

/** Two trusts of one collaborative, and a third trust outside it whose changes a collaborative reader never sees. */
const directory: OrgDirectory = {
  regions: [],
  collaboratives: [
    { id: 'nenc', name: 'North East and North Cumbria', kind: 'place-based', trustOds: ['RX3', 'RX4'], serviceLines: {} },
  ],
  trusts: [
    { ods: 'RX3', name: 'Tees, Esk and Wear Valleys NHS FT' },
    { ods: 'RX4', name: 'Cumbria, Northumberland, Tyne and Wear NHS FT' },
    { ods: 'R1L', name: 'Essex Partnership University NHS FT' },
  ],
  sites: [
    { id: 'RX3-S1', trustOds: 'RX3', name: 'Roseberry Park' },
    { id: 'RX4-S1', trustOds: 'RX4', name: 'St Nicholas Hospital' },
    { id: 'RX4-S2', trustOds: 'RX4', name: 'Hopewood Park' },
    { id: 'R1L-S1', trustOds: 'R1L', name: 'The Linden Centre' },
  ],
  wards: [
    ward('RX3-W1', 'RX3', 'RX3-S1', 'adult-acute', 'male', 20),
    ward('RX3-W2', 'RX3', 'RX3-S1', 'picu', 'mixed', 10),
    ward('RX4-W1', 'RX4', 'RX4-S1', 'adult-acute', 'female', 24),
    ward('RX4-W2', 'RX4', 'RX4-S2', 'older-adult-functional', 'mixed', 16),
    ward('RX4-W3', 'RX4', 'RX4-S2', 'rehabilitation', 'male', 12),
    ward('R1L-W1', 'R1L', 'R1L-S1', 'adult-acute', 'male', 18),
  ],
  s136Suites: [],
  crisisServices: [],
};
const org = new OrgIndex(directory);
const TRUSTS = ['RX3', 'RX4', 'R1L'] as const;

/** The live records of every ward and trust: what the workers hold in live state. */
interface LiveRecords {
  wards: Map<string, WardBedState>;
  /** By `trust|placementId`. */
  placements: Map<string, PlacementRecord>;
  /** By `trust|service`. */
  waitingLists: Map<string, WaitingListSnapshot>;
  /** By `trust|service|date`. */
  videoDays: Map<string, VideoDayRecord>;
  /** By trust. */
  trustFigures: Map<string, TrustFiguresRecord>;
  /** By scope. */
  escalation: Map<string, EscalationState>;
}

function emptyRecords(): LiveRecords {
  return {
    wards: new Map(),
    placements: new Map(),
    waitingLists: new Map(),
    videoDays: new Map(),
    trustFigures: new Map(),
    escalation: new Map(),
  };
}

/**
 * A scope's snapshot built from scratch, as the server builds one from live state: its wards'
 * latest states, its trusts' placements still live this month, waiting lists, video days from
 * this week or month, and the escalation levels of the scope and its trusts. Lists are built in
 * reverse key order, so nothing can depend on the order records arrived in.
 */
function snapshotFromRecords(scope: Scope, records: LiveRecords, now: number): LiveSnapshot {
  const wards = org.wardsIn(scope)!.map((w) => {
    const state = records.wards.get(w.id) ?? null;
    return { ward: w, state, figures: state ? bedFigures(state) : null };
  });
  const scopeText = `${scope.kind}:${scope.id}`;
  const monthStart = londonPeriod('month', now).start;
  const firstVideoDate = earliestLiveVideoDate(now);
  const ofTrust = <T>(map: Map<string, T>, ods: string) =>
    [...map.entries()]
      .filter(([key]) => key.startsWith(`${ods}|`))
      .sort(([a], [b]) => b.localeCompare(a))
      .map(([, value]) => structuredClone(value));
  return {
    scope: scopeText,
    name: org.nameOf(scope)!,
    wards,
    totals: liveTotals(wards, now, DEFAULT_FRESHNESS_LIMITS),
    notReporting: wardsNotReporting(wards, now, DEFAULT_FRESHNESS_LIMITS),
    freshness: DEFAULT_FRESHNESS_LIMITS,
    trusts: org.trustsIn(scope)!.map((ods) => ({
      ods,
      name: org.trustsByOds.get(ods)!.name,
      placements: ofTrust(records.placements, ods).filter((p) => isLivePlacement(p, monthStart)),
      waitingLists: ofTrust(records.waitingLists, ods),
      videoDays: ofTrust(records.videoDays, ods).filter((d) => d.date >= firstVideoDate),
      trustFigures: structuredClone(records.trustFigures.get(ods) ?? null),
      escalation: records.escalation.get(`trust:${ods}`) ?? null,
    })),
    escalation: records.escalation.get(scopeText) ?? null,
    s136Suites: [],
    crisisServices: [],
    alerts: [],
  };
}

// ---------------------------------------------------------------------------------------------
// What sources send, and how the workers turn it into changes.

type Input =
  | {
      kind: 'ward';
      wardId: string;
      observedAt: string;
      counts: Omit<WardBedState, 'observedAt' | 'eventId' | 'source' | 'override'>;
    }
  | {
      kind: 'placement';
      trust: string;
      placementNo: number;
      event: PlacementEvent['event'];
      occurredAt: string;
      details: PlacementDetails;
    }
  | { kind: 'waitingList'; snapshot: Omit<WaitingListSnapshot, 'eventId'> }
  | { kind: 'videoDay'; day: Omit<VideoDayRecord, 'eventId'> }
  | { kind: 'trustFigures'; figures: Omit<TrustFiguresRecord, 'eventId'> }
  | { kind: 'escalation'; scope: string; level: 1 | 2 | 3 | 4 | null };

const wardArb: fc.Arbitrary<Input> = fc
  .record({
    ward: fc.constantFrom(...directory.wards),
    observedAt: fc.constantFrom(
      // 13 h before NOW: past the 12 h limit, so not reporting whichever way the snapshot is built.
      '2026-12-01T23:00:00Z',
      '2026-12-02T08:00:00Z',
      '2026-12-02T09:30:00Z',
      '2026-12-02T10:30:00+01:00',
      '2026-12-02T11:00:00Z',
    ),
    closed: fc.integer({ min: 0, max: 3 }),
    occupiedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    onLeave: fc.integer({ min: 0, max: 3 }),
    pendingAdmissions: fc.integer({ min: 0, max: 4 }),
    clinicallyReadyForDischarge: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ ward: w, observedAt, closed, occupiedShare, onLeave, pendingAdmissions, clinicallyReadyForDischarge }) => ({
    kind: 'ward',
    wardId: w.id,
    observedAt,
    counts: {
      commissioned: w.commissionedBeds,
      closed,
      closedReason: closed > 0 ? 'staffing' : null,
      occupied: Math.floor((w.commissionedBeds - closed) * occupiedShare),
      onLeave,
      pendingAdmissions,
      clinicallyReadyForDischarge,
    },
  }));

const detailsArb: fc.Arbitrary<PlacementDetails> = fc
  .record({
    bedType: fc.constantFrom('adult-acute' as const, 'older-adult-acute' as const, 'picu' as const),
    appropriate: fc.boolean(),
    receivingProvider: fc.record({
      name: fc.constantFrom('Cheadle Royal', 'Kneesworth House'),
      sector: fc.constantFrom('nhs' as const, 'independent' as const),
    }),
    distanceKm: fc.constantFrom(20, 100, 101, 250),
    dailyCost: fc.integer({ min: 400, max: 1200 }),
  })
  .map((d) => ({ ...d, reason: d.appropriate ? ('patient-choice' as const) : ('no-bed-available' as const) }));

const placementArb: fc.Arbitrary<Input> = fc.record({
  kind: fc.constant('placement' as const),
  trust: fc.constantFrom(...TRUSTS),
  placementNo: fc.integer({ min: 1, max: 3 }),
  event: fc.constantFrom('started' as const, 'started' as const, 'updated' as const, 'ended' as const),
  occurredAt: fc.constantFrom(
    '2026-10-20T15:00:00+01:00',
    '2026-10-30T10:00:00Z',
    '2026-11-03T14:00:00Z',
    '2026-11-29T22:00:00Z',
    '2026-11-30T10:00:00Z',
    '2026-12-01T00:30:00Z',
    '2026-12-02T09:00:00Z',
    '2026-12-02T11:59:00Z',
  ),
  details: detailsArb,
});

const SERVICES = [
  'talking-therapies',
  'early-intervention-psychosis',
  'community-mental-health',
] as const satisfies readonly WaitingServiceId[];

const waitingListArb: fc.Arbitrary<Input> = fc
  .record({
    trust: fc.constantFrom(...TRUSTS),
    service: fc.constantFrom(...SERVICES),
    asOf: fc.constantFrom('2026-12-01T09:00:00Z', '2026-12-02T09:00:00Z', '2026-12-02T10:00:00+01:00'),
    bands: fc.record(
      Object.fromEntries(WAIT_BANDS.map((band) => [band.id, fc.integer({ min: 0, max: 40 })])) as Record<
        keyof WaitBands,
        fc.Arbitrary<number>
      >,
    ),
    median: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
    started: fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0, max: 1, noNaN: true })), {
      minLength: 2,
      maxLength: 2,
    }),
    referralsReceived: fc.integer({ min: 0, max: 200 }),
    referralsClosed: fc.integer({ min: 0, max: 200 }),
  })
  .map(({ trust, service, asOf, bands, median, started, referralsReceived, referralsClosed }) => ({
    kind: 'waitingList',
    snapshot: {
      trustOds: trust,
      service,
      asOf,
      periodStart: '2026-11-01',
      periodEnd: '2026-11-30',
      waiting: Object.values(bands).reduce((a, n) => a + n, 0),
      bands,
      medianWeeks: median,
      p90Weeks: median === null ? null : median + 10,
      referralsReceived,
      referralsClosed,
      standards: WAITING_SERVICES[service].standards.map((standard, i) => {
        const [count, share] = started[i]!;
        return { standard: standard.id, started: count, startedWithin: Math.floor(count * share) };
      }),
    },
  }));

const videoDayArb: fc.Arbitrary<Input> = fc
  .record({
    trust: fc.constantFrom(...TRUSTS),
    service: fc.constantFrom(undefined, 'crisis'),
    // Friday of last week (November), then Monday 30 Nov (this week, last month), 1 and 2 December.
    date: fc.constantFrom('2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02'),
    hour: fc.constantFrom('08', '10', '11'),
    face: fc.integer({ min: 0, max: 60 }),
    phone: fc.integer({ min: 0, max: 30 }),
    video: fc.integer({ min: 0, max: 30 }),
  })
  .map(({ trust, service, date, hour, face, phone, video }) => ({
    kind: 'videoDay',
    day: {
      trustOds: trust,
      date,
      observedAt: `${date}T${hour}:00:00Z`,
      counts: { '01': face, '02': phone, '11': video },
      ...(service ? { service } : {}),
    },
  }));

const trustFiguresArb: fc.Arbitrary<Input> = fc
  .record({
    trust: fc.constantFrom(...TRUSTS),
    observedAt: fc.constantFrom('2026-12-02T09:00:00Z', '2026-12-02T10:15:00Z', '2026-12-02T11:15:00+01:00'),
    referrals: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 6, maxLength: 6 }),
    discharges: fc.integer({ min: 0, max: 9 }),
    breaches: fc.integer({ min: 0, max: 2 }),
    fromOutside: fc.integer({ min: 0, max: 12 }),
  })
  .map(({ trust, observedAt, referrals, discharges, breaches, fromOutside }) => ({
    kind: 'trustFigures',
    figures: {
      trustOds: trust,
      observedAt,
      referralsWaiting: {
        emergencyDepartment: referrals[0]!,
        communityOrHome: referrals[1]!,
        section136Suite: referrals[2]!,
        policeCustody: referrals[3]!,
        acuteWard: referrals[4]!,
        other: referrals[5]!,
      },
      countingSince: '2026-12-01T18:00:00Z',
      completedDischarges: discharges,
      section136Breaches: breaches,
      patientsFromOutside: fromOutside,
      source: { kind: 'feed', name: 'flow system' },
    },
  }));

const escalationArb: fc.Arbitrary<Input> = fc.record({
  kind: fc.constant('escalation' as const),
  scope: fc.constantFrom('trust:RX3', 'trust:RX4', 'trust:R1L', 'collaborative:nenc'),
  level: fc.constantFrom(null, 1 as const, 2 as const, 3 as const, 4 as const),
});

// `size: 'max'` lets sequences grow to the full length, so records are written many times over.
const inputsArb = fc.array(fc.oneof(wardArb, placementArb, waitingListArb, videoDayArb, trustFiguresArb, escalationArb), {
  maxLength: 80,
  size: 'max',
});

const isNewerState = (candidate: WardBedState, current: WardBedState | undefined) => {
  if (!current) return true;
  const a = Date.parse(candidate.observedAt);
  const b = Date.parse(current.observedAt);
  return a !== b ? a > b : candidate.eventId > current.eventId;
};

/**
 * Runs the inputs through last-writer-wins as the workers do, returning the changes they emit
 * (only those that win) and, for building from scratch, every accepted input.
 */
function runWorkers(inputs: readonly Input[]) {
  const records = emptyRecords();
  const changes: LiveChange[] = [];
  const accepted = {
    wardStates: [] as { wardId: string; state: WardBedState }[],
    placementEvents: [] as PlacementEvent[],
    waitingLists: [] as WaitingListSnapshot[],
    videoDays: [] as VideoDayRecord[],
    trustFigures: [] as TrustFiguresRecord[],
    escalations: [] as EscalationState[],
  };
  inputs.forEach((input, index) => {
    const eventId = `evt-${String(index).padStart(3, '0')}`;
    if (input.kind === 'ward') {
      const state: WardBedState = {
        ...input.counts,
        observedAt: input.observedAt,
        eventId,
        source: FEED_SOURCE,
        override: false,
      };
      accepted.wardStates.push({ wardId: input.wardId, state });
      if (isNewerState(state, records.wards.get(input.wardId))) {
        records.wards.set(input.wardId, state);
        changes.push(wardStateChange(input.wardId, state));
      }
    } else if (input.kind === 'placement') {
      const event: PlacementEvent = {
        eventId,
        placementId: `${input.trust}-P${input.placementNo}`,
        sendingTrust: input.trust,
        event: input.event,
        occurredAt: input.occurredAt,
        ...(input.event === 'ended' ? {} : { details: input.details }),
      };
      const key = `${input.trust}|${event.placementId}`;
      const known = records.placements.get(key) ?? null;
      if (placementViolations(event, known, NOW).length > 0) return; // ingest answers 422
      accepted.placementEvents.push(event);
      const merged = mergePlacementEvent(known, event);
      if (known && samePlacement(known, merged)) return;
      records.placements.set(key, merged);
      changes.push({ kind: 'placement', trustOds: input.trust, placement: merged });
    } else if (input.kind === 'waitingList') {
      const snapshot: WaitingListSnapshot = { ...input.snapshot, eventId };
      accepted.waitingLists.push(snapshot);
      const key = `${snapshot.trustOds}|${snapshot.service}`;
      if (isNewerWaitingList(snapshot, records.waitingLists.get(key) ?? null)) {
        records.waitingLists.set(key, snapshot);
        changes.push({ kind: 'waitingList', trustOds: snapshot.trustOds, waitingList: snapshot });
      }
    } else if (input.kind === 'videoDay') {
      const day: VideoDayRecord = { ...input.day, eventId };
      accepted.videoDays.push(day);
      const key = `${day.trustOds}|${videoDayKey(day)}`;
      if (isNewerVideoDay(day, records.videoDays.get(key) ?? null)) {
        records.videoDays.set(key, day);
        changes.push({ kind: 'videoDay', trustOds: day.trustOds, videoDay: day });
      }
    } else if (input.kind === 'trustFigures') {
      const figures: TrustFiguresRecord = { ...input.figures, eventId };
      accepted.trustFigures.push(figures);
      if (isNewerTrustFigures(figures, records.trustFigures.get(figures.trustOds) ?? null)) {
        records.trustFigures.set(figures.trustOds, figures);
        changes.push({ kind: 'trustFigures', trustOds: figures.trustOds, trustFigures: figures });
      }
    } else {
      const previous = records.escalation.get(input.scope);
      const at = new Date(NOW - (inputs.length - index) * 1000).toISOString();
      const escalation: EscalationState = {
        scope: input.scope,
        level: input.level,
        previousLevel: previous?.level ?? null,
        indicators: [],
        changedAt: previous && previous.level === input.level ? previous.changedAt : at,
        assessedAt: at,
      };
      accepted.escalations.push(escalation);
      records.escalation.set(input.scope, escalation);
      changes.push({ kind: 'escalation', escalation });
    }
  });
  return { changes, accepted };
}

/** The final state of every record, worked out afresh from everything accepted (in reverse order where order must not matter). */
function finalRecords(accepted: ReturnType<typeof runWorkers>['accepted']): LiveRecords {
  const records = emptyRecords();
  // Ward states: the latest observedAt, ties broken by event id.
  for (const { wardId, state } of accepted.wardStates) {
    const best = records.wards.get(wardId);
    if (
      !best ||
      Date.parse(state.observedAt) > Date.parse(best.observedAt) ||
      (Date.parse(state.observedAt) === Date.parse(best.observedAt) && state.eventId > best.eventId)
    ) {
      records.wards.set(wardId, state);
    }
  }
  for (const event of [...accepted.placementEvents].reverse()) {
    const key = `${event.sendingTrust}|${event.placementId}`;
    records.placements.set(key, mergePlacementEvent(records.placements.get(key) ?? null, event));
  }
  for (const snapshot of [...accepted.waitingLists].reverse()) {
    const key = `${snapshot.trustOds}|${snapshot.service}`;
    if (isNewerWaitingList(snapshot, records.waitingLists.get(key) ?? null)) records.waitingLists.set(key, snapshot);
  }
  for (const day of [...accepted.videoDays].reverse()) {
    const key = `${day.trustOds}|${videoDayKey(day)}`;
    if (isNewerVideoDay(day, records.videoDays.get(key) ?? null)) records.videoDays.set(key, day);
  }
  for (const figures of [...accepted.trustFigures].reverse()) {
    if (isNewerTrustFigures(figures, records.trustFigures.get(figures.trustOds) ?? null))
      records.trustFigures.set(figures.trustOds, figures);
  }
  for (const escalation of accepted.escalations) records.escalation.set(escalation.scope, escalation);
  return records;
}

/** Splits changes into deltas of 1–4 changes, as the server batches them. */
function deltas(changes: readonly LiveChange[], sizes: readonly number[]): LiveChange[][] {
  const result: LiveChange[][] = [];
  let at = 0;
  for (let i = 0; at < changes.length; i++) {
    const size = sizes.length === 0 ? 1 : sizes[i % sizes.length]!;
    result.push(changes.slice(at, at + size));
    at += size;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------

/** The collaborative's figures are the sums of its trusts' figures, with every ratio recomputed from sums. */
function expectRollUpOfTrusts(summary: LiveSummary): void {
  const trusts = summary.trusts;
  const sum = (pick: (t: (typeof trusts)[number]) => number) => trusts.reduce((total, t) => total + pick(t), 0);

  // Beds: counts add up; occupancy from the summed counts.
  for (const field of [
    'commissioned',
    'closed',
    'occupied',
    'onLeave',
    'pendingAdmissions',
    'clinicallyReadyForDischarge',
    'open',
    'vacant',
    'wardsReporting',
  ] as const) {
    expect(summary.beds[field]).toBe(sum((t) => t.beds[field]));
  }
  // Every ward not reporting belongs to one trust: the counts add up.
  expect(summary.notReporting.count).toBe(sum((t) => t.notReporting.count));
  const open = summary.beds.open;
  expect(summary.beds.occupancyExcludingLeave).toBe(open === 0 ? null : summary.beds.occupied / open);
  expect(summary.beds.occupancyIncludingLeave).toBe(open === 0 ? null : (summary.beds.occupied + summary.beds.onLeave) / open);

  // Placements: counts add up; the share over 100 km from the sums.
  for (const field of [
    'active',
    'activeInappropriate',
    'startedThisMonth',
    'inappropriateStartedThisMonth',
    'endedThisMonth',
    'inappropriateEndedThisMonth',
    'bedDaysThisMonth',
    'inappropriateBedDaysThisMonth',
    'costThisMonth',
    'inappropriateCostThisMonth',
    'activeOver100Km',
  ] as const) {
    expect(summary.placements[field]).toBe(sum((t) => t.placements[field]));
  }
  for (const type of PLACEMENT_BED_TYPES) {
    expect(summary.placements.activeByBedType[type]).toBe(sum((t) => t.placements.activeByBedType[type]));
  }
  const active = summary.placements.active;
  expect(summary.placements.shareOver100Km).toBe(active === 0 ? null : summary.placements.activeOver100Km / active);

  // Video: contacts add up; the share from the sums.
  for (const period of ['today', 'thisWeek', 'thisMonth'] as const) {
    const video = sum((t) => t.video[period].video);
    const all = sum((t) => t.video[period].all);
    const faceToFace = sum((t) => t.video[period].faceToFace);
    const telephone = sum((t) => t.video[period].telephone);
    expect(summary.video[period]).toEqual({ video, faceToFace, telephone, all, videoShare: all === 0 ? null : video / all });
  }

  // Waiting lists: per service, counts add up; shares from sums; percentiles re-estimated from the
  // summed bands when more than one trust reports, otherwise the one trust's own.
  const services = new Set(trusts.flatMap((t) => t.waitingLists.map((w) => w.service)));
  expect(summary.waitingLists.map((w) => w.service).sort()).toEqual([...services].sort());
  for (const figures of summary.waitingLists) {
    const parts = trusts.flatMap((t) => t.waitingLists.filter((w) => w.service === figures.service));
    expect(figures.trustsReporting).toBe(parts.length);
    expect(figures.waiting).toBe(parts.reduce((a, p) => a + p.waiting, 0));
    expect(figures.waiting52WeeksPlus).toBe(parts.reduce((a, p) => a + p.waiting52WeeksPlus, 0));
    expect(figures.referralsReceived).toBe(parts.reduce((a, p) => a + p.referralsReceived, 0));
    expect(figures.referralsClosed).toBe(parts.reduce((a, p) => a + p.referralsClosed, 0));
    for (const band of WAIT_BANDS) expect(figures.bands[band.id]).toBe(parts.reduce((a, p) => a + p.bands[band.id], 0));
    figures.standards.forEach((standard, i) => {
      const started = parts.reduce((a, p) => a + p.standards[i]!.started, 0);
      const startedWithin = parts.reduce((a, p) => a + p.standards[i]!.startedWithin, 0);
      expect(standard).toMatchObject({ started, startedWithin, share: started === 0 ? null : startedWithin / started });
    });
    if (parts.length > 1) {
      expect(figures.percentilesEstimated).toBe(true);
      expect(figures.medianWeeks).toBe(percentileFromBands(figures.bands, 0.5));
      expect(figures.p90Weeks).toBe(percentileFromBands(figures.bands, 0.9));
    } else {
      expect(figures).toMatchObject({
        percentilesEstimated: false,
        medianWeeks: parts[0]!.medianWeeks,
        p90Weeks: parts[0]!.p90Weeks,
      });
    }
  }

  // Trust figures: every count adds up over the trusts that reported.
  for (const field of [
    'trustsReporting',
    'referralsWaitingTotal',
    'completedDischarges',
    'section136Breaches',
    'patientsFromOutside',
  ] as const) {
    expect(summary.trustFigures[field]).toBe(sum((t) => t.trustFigures[field]));
  }
  for (const setting of REFERRAL_SETTINGS) {
    expect(summary.trustFigures.referralsWaiting[setting]).toBe(sum((t) => t.trustFigures.referralsWaiting[setting]));
  }
}

describe('summariseLive: a hand-worked collaborative roll-up', () => {
  const scope = parseScope('collaborative:nenc');
  if (!scope.ok) throw new Error(scope.message);
  const records = emptyRecords();
  const state = (counts: Partial<WardBedState>): WardBedState => ({
    commissioned: 20,
    closed: 0,
    closedReason: null,
    source: { kind: 'feed', name: null },
    override: false,
    occupied: 0,
    onLeave: 0,
    pendingAdmissions: 0,
    clinicallyReadyForDischarge: 0,
    observedAt: '2026-12-02T10:00:00Z',
    eventId: 'evt-1',
    ...counts,
  });
  records.wards.set('RX3-W1', state({ commissioned: 20, occupied: 18, onLeave: 1 })); // 1 vacant
  records.wards.set('RX4-W1', state({ commissioned: 24, closed: 4, closedReason: 'staffing', occupied: 19, onLeave: 2 })); // 20 open, 0 vacant (19 + 2 > 20)
  records.wards.set('R1L-W1', state({ commissioned: 18, occupied: 3 })); // outside the collaborative
  // Last reported 23:00 yesterday, 13 h before NOW: past the 12 h limit (domain.md, "Freshness"), so its
  // 14 vacant beds count nowhere.
  records.wards.set('RX4-W2', state({ commissioned: 16, occupied: 2, observedAt: '2026-12-01T23:00:00Z', eventId: 'evt-old' }));
  const details = (
    distanceKm: number,
    dailyCost: number,
    receivingProvider: PlacementDetails['receivingProvider'] = { name: 'Cheadle Royal', sector: 'independent' },
  ): PlacementDetails => ({
    bedType: 'adult-acute',
    appropriate: false,
    reason: 'no-bed-available',
    receivingProvider,
    distanceKm,
    dailyCost,
  });
  const placement = (trust: string, id: string, startedAt: string, d: PlacementDetails): PlacementRecord => ({
    placementId: id,
    sendingTrust: trust,
    startedAt,
    startEventId: `${id}-s`,
    endedAt: null,
    endEventId: null,
    details: d,
    detailsAt: startedAt,
    detailsEventId: `${id}-s`,
  });
  // RX3: since 29 Nov 22:00, 150 km at £600: nights of 1 Dec = 1 December bed day.
  records.placements.set('RX3|RX3-P1', placement('RX3', 'RX3-P1', '2026-11-29T22:00:00Z', details(150, 600)));
  // RX4: since 1 Dec 00:30, 50 km at £500: night of 1 Dec = 1 bed day; since 2 Dec 09:00, 120 km: none yet.
  records.placements.set('RX4|RX4-P1', placement('RX4', 'RX4-P1', '2026-12-01T00:30:00Z', details(50, 500)));
  // RX4-P2 went to a ward of RX3, a fellow member: still out of area for NENC (docs/measures.md).
  const rx3 = { name: 'Tees, Esk and Wear Valleys NHS FT', ods: 'RX3', sector: 'nhs' as const };
  records.placements.set('RX4|RX4-P2', placement('RX4', 'RX4-P2', '2026-12-02T09:00:00Z', details(120, 800, rx3)));
  const bands = (counts: Partial<WaitBands>): WaitBands =>
    ({ ...Object.fromEntries(WAIT_BANDS.map((b) => [b.id, 0])), ...counts }) as WaitBands;
  const talking = (trust: string, b: WaitBands, median: number, p90: number, within6: [number, number]): WaitingListSnapshot => ({
    eventId: `wl-${trust}`,
    trustOds: trust,
    service: 'talking-therapies',
    asOf: '2026-12-02T09:00:00Z',
    periodStart: '2026-11-01',
    periodEnd: '2026-11-30',
    waiting: Object.values(b).reduce((a, n) => a + n, 0),
    bands: b,
    medianWeeks: median,
    p90Weeks: p90,
    referralsReceived: 10,
    referralsClosed: 5,
    standards: [{ standard: '6-weeks', started: within6[0], startedWithin: within6[1] }],
  });
  records.waitingLists.set(
    'RX3|talking-therapies',
    talking('RX3', bands({ under2: 10, from2to4: 20, from4to6: 30, from6to18: 40 }), 5, 14, [100, 75]),
  );
  records.waitingLists.set('RX4|talking-therapies', talking('RX4', bands({ under2: 40, from2to4: 10 }), 1.2, 3, [50, 30]));
  const day = (trust: string, date: string, counts: Record<string, number>): VideoDayRecord => ({
    eventId: `vc-${trust}-${date}`,
    trustOds: trust,
    date,
    observedAt: `${date}T11:00:00Z`,
    counts,
  });
  records.videoDays.set('RX3|*|2026-11-30', day('RX3', '2026-11-30', { '01': 80, '11': 20 }));
  records.videoDays.set('RX3|*|2026-12-02', day('RX3', '2026-12-02', { '01': 30, '11': 10 }));
  records.videoDays.set('RX4|*|2026-12-01', day('RX4', '2026-12-01', { '01': 45, '02': 5, '11': 50 }));
  const figures = (
    trust: string,
    observedAt: string,
    referrals: number[],
    counts: [number, number, number],
  ): TrustFiguresRecord => ({
    eventId: `tf-${trust}`,
    trustOds: trust,
    observedAt,
    referralsWaiting: {
      emergencyDepartment: referrals[0]!,
      communityOrHome: referrals[1]!,
      section136Suite: referrals[2]!,
      policeCustody: referrals[3]!,
      acuteWard: referrals[4]!,
      other: referrals[5]!,
    },
    countingSince: '2026-12-02T10:00:00Z',
    completedDischarges: counts[0],
    section136Breaches: counts[1],
    patientsFromOutside: counts[2],
    source: { kind: 'manual', name: 'Duty bed manager' },
  });
  records.trustFigures.set('RX3', figures('RX3', '2026-12-02T11:30:00Z', [3, 1, 0, 1, 0, 0], [4, 0, 2]));
  records.trustFigures.set('RX4', figures('RX4', '2026-12-02T10:45:00Z', [2, 2, 1, 0, 1, 1], [3, 1, 5]));
  records.trustFigures.set('R1L', figures('R1L', '2026-12-02T11:00:00Z', [9, 9, 9, 9, 9, 9], [9, 9, 9])); // outside

  const summary = summariseLive(snapshotFromRecords(scope.scope, records, NOW), NOW);

  it('names the wards not reporting, for the collaborative and each trust', () => {
    // nenc's wards in directory order: RX3-W1 (reporting), RX3-W2 (never), RX4-W1 (reporting),
    // RX4-W2 (13 h old), RX4-W3 (never).
    expect(summary.notReporting).toEqual({ count: 3, wardIds: ['RX3-W2', 'RX4-W2', 'RX4-W3'] });
    expect(summary.trusts.map((trust) => [trust.ods, trust.notReporting.wardIds])).toEqual([
      ['RX3', ['RX3-W2']],
      ['RX4', ['RX4-W2', 'RX4-W3']],
    ]);
  });

  it('sums the beds of the collaborative’s wards only, and takes occupancy from the sums', () => {
    // Open 20 + 20 = 40; present 18 + 19 = 37; on leave 1 + 2 = 3 → 40 ÷ 40 = 100% including leave.
    expect(summary.beds).toMatchObject({
      commissioned: 44,
      closed: 4,
      open: 40,
      occupied: 37,
      onLeave: 3,
      vacant: 1,
      wardsReporting: 2,
    });
    expect(summary.beds.occupancyExcludingLeave).toBe(37 / 40);
    expect(summary.beds.occupancyIncludingLeave).toBe(1);
  });

  it('sums the placements, bed days and costs of December, and the share over 100 km from the sums', () => {
    // All three are "no bed available": inappropriate, so the OAP01a–04a figures equal the all-OAP ones.
    expect(summary.placements).toEqual({
      active: 3,
      activeInappropriate: 3,
      startedThisMonth: 2, // RX4-P1 (00:30 on 1 Dec) and RX4-P2
      inappropriateStartedThisMonth: 2,
      endedThisMonth: 0,
      inappropriateEndedThisMonth: 0,
      bedDaysThisMonth: 2, // the night of 1 December, for RX3-P1 and RX4-P1
      inappropriateBedDaysThisMonth: 2,
      costThisMonth: 600 + 500,
      inappropriateCostThisMonth: 600 + 500,
      activeByBedType: { 'adult-acute': 3, 'older-adult-acute': 0, picu: 0 },
      activeOver100Km: 2, // 150 and 120 km
      shareOver100Km: 2 / 3, // RX3 alone is 1/1, RX4 1/2: the mean of those would be 3/4
    });
  });

  it('counts a placement from one member to another as out of area for the collaborative', () => {
    // RX4-P2 (RX4 → RX3, both NENC): the sending trust reported it as an OAP, and the
    // collaborative's figures are its members' added up, that one included.
    const rx4 = summary.trusts.find((trust) => trust.ods === 'RX4')!;
    expect(rx4.placements.active).toBe(2);
    expect(summary.placements.active).toBe(1 + 2);
  });

  it('re-estimates the waiting-list percentiles from the summed bands', () => {
    const [tt] = summary.waitingLists;
    // Summed bands 50 / 30 / 30 / 40 (150 waiting): median rank 75 → 2 + 25 ÷ 30 × 2 = 3⅔ weeks;
    // p90 rank 135 → 6 + 25 ÷ 40 × 12 = 13.5 weeks. 6 weeks: 105 of 150 = 70%, below 75%.
    expect(tt).toMatchObject({
      service: 'talking-therapies',
      trustsReporting: 2,
      waiting: 150,
      percentilesEstimated: true,
      p90Weeks: 13.5,
    });
    expect(tt!.medianWeeks).toBeCloseTo(2 + (25 / 30) * 2, 12);
    expect(tt!.standards[0]).toMatchObject({ started: 150, startedWithin: 105, share: 0.7, meetsTarget: false });
    // Each trust keeps its own reported percentiles.
    expect(summary.trusts.map((t) => [t.ods, t.waitingLists[0]!.medianWeeks, t.waitingLists[0]!.percentilesEstimated])).toEqual([
      ['RX3', 5, false],
      ['RX4', 1.2, false],
    ]);
  });

  it('counts video contacts for today, the Monday-start week and the month', () => {
    expect(summary.video).toEqual({
      // Today: RX3's 30 face to face and 10 video.
      today: { video: 10, faceToFace: 30, telephone: 0, all: 40, videoShare: 10 / 40 },
      // Mon 30 Nov – Wed 2 Dec: (20 + 10 + 50) of (100 + 40 + 100); face to face 80 + 30 + 45; telephone 5.
      thisWeek: { video: 80, faceToFace: 155, telephone: 5, all: 240, videoShare: 80 / 240 },
      // December only: (10 + 50) of (40 + 100); face to face 30 + 45; telephone 5.
      thisMonth: { video: 60, faceToFace: 75, telephone: 5, all: 140, videoShare: 60 / 140 },
    });
  });

  it('adds up the trust figures of its members, and is as current as the oldest report', () => {
    expect(summary.trustFigures).toEqual({
      trustsReporting: 2,
      // A&E 3 + 2, community 1 + 2, s136 suite 0 + 1, police custody 1 + 0, acute ward 0 + 1, other 0 + 1.
      referralsWaiting: {
        emergencyDepartment: 5,
        communityOrHome: 3,
        section136Suite: 1,
        policeCustody: 1,
        acuteWard: 1,
        other: 1,
      },
      referralsWaitingTotal: 12,
      completedDischarges: 7,
      section136Breaches: 1,
      patientsFromOutside: 7,
      oldestObservedAt: '2026-12-02T10:45:00Z',
    });
    expect(summary.trusts.map((t) => [t.ods, t.trustFigures.referralsWaitingTotal])).toEqual([
      ['RX3', 5],
      ['RX4', 7],
    ]);
  });

  it('is the sum of its trusts’ figures', () => {
    expect(summary.trusts.map((t) => t.ods)).toEqual(['RX3', 'RX4']);
    expectRollUpOfTrusts(summary);
  });
});

describe('summariseLive after applyLiveChanges: live roll-up consistency', () => {
  for (const scopeText of ['collaborative:nenc', 'trust:RX4']) {
    it(`gives the same figures applying every winning change one delta at a time as building ${scopeText} from scratch`, () => {
      const parsed = parseScope(scopeText);
      if (!parsed.ok) throw new Error(parsed.message);
      const scope = parsed.scope;
      fc.assert(
        fc.property(inputsArb, fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 5 }), (inputs, sizes) => {
          const { changes, accepted } = runWorkers(inputs);

          const live = snapshotFromRecords(scope, emptyRecords(), NOW);
          for (const delta of deltas(changes, sizes)) applyLiveChanges(live, structuredClone(delta), NOW);

          const fromScratch = snapshotFromRecords(scope, finalRecords(accepted), NOW);
          expect(live.wards).toEqual(fromScratch.wards);
          expect(live.totals).toEqual(fromScratch.totals);
          expect(live.notReporting).toEqual(fromScratch.notReporting);
          expect(live.escalation).toEqual(fromScratch.escalation);
          const summary = summariseLive(live, NOW);
          expect(summary).toEqual(summariseLive(fromScratch, NOW));
          if (scope.kind === 'collaborative') expectRollUpOfTrusts(summary);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('reports the wards and trusts a delta changed, and ignores those outside the scope', () => {
    const scope = parseScope('collaborative:nenc');
    if (!scope.ok) throw new Error(scope.message);
    const live = snapshotFromRecords(scope.scope, emptyRecords(), NOW);
    const { changes } = runWorkers([
      {
        kind: 'ward',
        wardId: 'RX4-W2',
        observedAt: '2026-12-02T10:00:00Z',
        counts: {
          commissioned: 16,
          closed: 0,
          closedReason: null,
          occupied: 15,
          onLeave: 0,
          pendingAdmissions: 1,
          clinicallyReadyForDischarge: 0,
        },
      },
      {
        kind: 'ward',
        wardId: 'R1L-W1',
        observedAt: '2026-12-02T10:00:00Z',
        counts: {
          commissioned: 18,
          closed: 0,
          closedReason: null,
          occupied: 15,
          onLeave: 0,
          pendingAdmissions: 1,
          clinicallyReadyForDischarge: 0,
        },
      },
      { kind: 'videoDay', day: { trustOds: 'RX3', date: '2026-12-02', observedAt: '2026-12-02T10:00:00Z', counts: { '11': 4 } } },
      { kind: 'videoDay', day: { trustOds: 'R1L', date: '2026-12-02', observedAt: '2026-12-02T10:00:00Z', counts: { '11': 9 } } },
      { kind: 'escalation', scope: 'collaborative:nenc', level: 3 },
    ]);
    expect(applyLiveChanges(live, changes, NOW)).toEqual(['RX4-W2', 'RX3']);
    const summary = summariseLive(live, NOW);
    expect(summary.beds.occupied).toBe(15);
    expect(summary.video.today.video).toBe(4);
    expect(summary.escalation?.level).toBe(3);
  });
});
