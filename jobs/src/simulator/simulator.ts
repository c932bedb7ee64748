/**
 * The built-in simulator: a BullMQ job scheduler that, every tick, moves the demo organisation
 * and sends the new facts through the same ingest path as any source, so a fresh install shows a
 * living collaborative at once:
 * - a share of the wards change bed state (ward-movement.ts);
 * - out-of-area placements start when a trust has no vacant bed of a type and end after stays of
 *   weeks, demo-compressed (placement-movement.ts);
 * - each trust reports its waiting lists every few ticks as they drift (waiting-list-drift.ts);
 * - each trust reports today's contacts by mechanism every few ticks as the London working day
 *   goes by (video-pattern.ts);
 * - each trust's single point of access reports today's referrals every few ticks, decided about
 *   three hours after they arrive, and yesterday's once more when it was left unfinished
 *   (referral-pattern.ts);
 * - Section 136 suites fill and empty as police bring people in and assessments end
 *   (s136-suite-movement.ts);
 * - crisis houses, day services and home treatment teams fill and empty by one now and then, and
 *   report again every half hour (crisis-movement.ts);
 * - each trust reports its own figures every few ticks: referrals arrive and clear, discharges
 *   accumulate until the next return (trust-figures-drift.ts). A bed manager's figures keyed by
 *   hand are left alone for half an hour, then the simulation carries on from them.
 * A trust's first tick seeds what it lacks: waiting lists, the earlier days of this week and month
 * of contacts, a few active placements.
 *
 * Workers apply accepted facts a moment after ingest, so live state may lag what the simulator
 * sent: it remembers what it sent until live state shows it (merging is idempotent, so folding
 * the remembered facts onto live state gives the truth), and never starts or ends a placement twice.
 */
import { randomUUID } from 'node:crypto';
import type {
  BedCounts,
  BedStateObservation,
  ClosedReason,
  DischargeDelaysRecord,
  DischargeDelaysSnapshot,
  OrgIndex,
  PlacementEvent,
  PlacementRecord,
  S136SuiteState,
  CrisisCapacityReport,
  TrustFiguresObservation,
  TrustFiguresRecord,
  ReferralDay,
  VideoConsultationDay,
  VideoDayRecord,
  WaitingListRecord,
  WaitingListSnapshot,
  Ward,
  WardBedState,
} from '@wardpulse/shared';
import {
  earliestLiveVideoDate,
  isNewerCrisisCapacityReport,
  isNewerS136SuiteState,
  countingWindowStart,
  isNewerTrustFigures,
  isNewerReferralDay,
  isNewerVideoDay,
  isNewerWaitingList,
  londonDateOf,
  londonMidnight,
  addDays,
  samePlacement,
} from '@wardpulse/shared';
import type { BedStateIngest } from '../ingest/bed-state-ingest.js';
import type { IngestResult } from '../ingest/log-and-enqueue.js';
import type { MeasureIngest } from '../ingest/measure-ingest.js';
import type { S136SuiteIngest } from '../ingest/s136-suite-ingest.js';
import type { LiveStateRepository } from '../live/live-state-repository.js';
import { seededRandom, type Random } from '../demo/random.js';
import { initialWardState, nextWardState, type SimulatedWardState } from './ward-movement.js';
import {
  SIMULATED_PLACEMENT_PREFIX,
  bedPressure,
  nextPlacementEvents,
  placementBedTypeOf,
  seedPlacements,
  withEvents,
  type NhsProvider,
} from './placement-movement.js';
import { initialWaitingList, nextWaitingList, servicesReportedBy, waitingListProfile } from './waiting-list-drift.js';
import { daysBefore, videoCountsAt, videoProfile, type SimulatedCounts } from './video-pattern.js';
import { referralCountsAt, referralProfile } from './referral-pattern.js';
import { initialS136SuiteState, nextS136SuiteState } from './s136-suite-movement.js';
import { initialCrisisReport, nextCrisisReport } from './crisis-movement.js';
import { nextDelayList } from './delay-movement.js';
import {
  initialTrustFigures,
  nextTrustFigures,
  TRUST_FIGURES_REPORT_CHANCE,
  trustFiguresProfile,
} from './trust-figures-drift.js';

export const SIMULATOR_SCHEDULER_ID = 'demo-simulator';

/** Chance per tick that a trust reports one of its waiting lists (≈ every 8 ticks). */
export const WAITING_LIST_REPORT_CHANCE = 1 / 8;
/** Chance per tick that a trust reports today's contacts (≈ every 3 ticks). */
export const VIDEO_REPORT_CHANCE = 1 / 3;
/** How long figures a person keyed by hand stand before the simulation moves them on. */
export const MANUAL_FIGURES_HOLD_MS = 30 * 60 * 1000;
/** The feed name boards show for the simulator's trust figures. */
export const SIMULATED_FLOW_SYSTEM = 'Simulated patient flow system';
/** How long a sent placement event is remembered if live state never shows it (workers down). */
const REMEMBER_SENT_MS = 30 * 60 * 1000;

export interface SimulatorDeps {
  live: LiveStateRepository;
  ingest: BedStateIngest;
  measures: MeasureIngest;
  s136: S136SuiteIngest;
  org: () => OrgIndex;
  /** Share of wards that change on each tick. */
  share?: number;
  random?: Random;
  now?: () => number;
  /** Seed of each trust's daily contact totals: the same day is reported the same way after a restart. */
  videoSeed?: string;
  /** Fresh unique ids for events and placements. */
  newId?: () => string;
}

/** A ward's counts as live state holds them or as this tick observed them. */
type WardCounts = BedCounts & { closedReason?: ClosedReason | null };

/** What one tick sends, by kind, and what to remember once each kind is accepted. */
interface TickFacts {
  bedStates: BedStateObservation[];
  placements: PlacementEvent[];
  waitingLists: WaitingListSnapshot[];
  videoDays: VideoConsultationDay[];
  s136Suites: S136SuiteState[];
  trustFigures: TrustFiguresObservation[];
  /** Trusts' days of referrals at their single points of access. */
  referralDays: ReferralDay[];
  /** Wards' delayed-discharge lists that follow their ready counts. */
  dischargeDelays: DischargeDelaysSnapshot[];
  /** Alternatives to admission's capacity reports. */
  crisisCapacity: CrisisCapacityReport[];
  /** Placement memory to keep once the placements are logged. */
  placementMemory: Map<string, { event: PlacementEvent; sentAt: number }[]>;
  seededTrusts: string[];
}

export class Simulator {
  private readonly random: Random;
  private readonly newId: () => string;
  /** Placement events sent and not yet seen in live state, per trust, with when they were sent. */
  private readonly sentPlacements = new Map<string, { event: PlacementEvent; sentAt: number }[]>();
  /** Trusts whose placements this simulator seeded. */
  private readonly seededPlacements = new Set<string>();
  /** The last waiting-list snapshot sent per `trust|service`. */
  private readonly sentWaitingLists = new Map<string, WaitingListSnapshot>();
  /** The report last sent per `trust|date`. */
  private readonly sentVideoDays = new Map<string, VideoConsultationDay>();
  /** The referral day last sent per `trust|date`. */
  private readonly sentReferralDays = new Map<string, ReferralDay>();
  /** The state last sent per Section 136 suite. */
  private readonly sentSuiteStates = new Map<string, S136SuiteState>();
  /** The trust figures last sent per trust. */
  private readonly sentTrustFigures = new Map<string, TrustFiguresObservation>();
  /** The delayed-discharge list last sent per ward. */
  private readonly sentDelayLists = new Map<string, DischargeDelaysSnapshot>();
  /** The capacity report last sent per alternative to admission. */
  private readonly sentCrisisReports = new Map<string, CrisisCapacityReport>();

  constructor(private readonly deps: SimulatorDeps) {
    this.random = deps.random ?? seededRandom(Date.now());
    this.newId = deps.newId ?? randomUUID;
  }

  /** One tick of every measure. Returns the number of events sent (all kinds). */
  async tick(): Promise<number> {
    const org = this.deps.org();
    const now = (this.deps.now ?? Date.now)();
    const wards = org.directory.wards;
    const trusts = org.directory.trusts;
    const snapshot = await this.deps.live.snapshot(
      wards.map((ward) => ward.id),
      trusts.map((trust) => trust.ods),
    );
    const facts: TickFacts = {
      bedStates: this.moveWards(wards, snapshot.states, now),
      placements: [],
      waitingLists: [],
      videoDays: [],
      s136Suites: [],
      trustFigures: [],
      referralDays: [],
      dischargeDelays: [],
      crisisCapacity: [],
      placementMemory: new Map(),
      seededTrusts: [],
    };

    // Beds as they are after this tick's moves: what a bed manager would see when placing someone.
    const beds = new Map<string, WardCounts>(snapshot.states);
    for (const observation of facts.bedStates) beds.set(observation.wardId, observation);
    const wardsByTrust = new Map<string, Ward[]>();
    for (const ward of wards) wardsByTrust.set(ward.trustOds, [...(wardsByTrust.get(ward.trustOds) ?? []), ward]);

    for (const trust of trusts) {
      const records = snapshot.trusts.get(trust.ods) ?? {
        placements: [],
        waitingLists: [],
        videoDays: [],
        s136Suites: [],
        crisisServices: [],
        trustFigures: null,
        referralDays: [],
      };
      const trustWards = wardsByTrust.get(trust.ods) ?? [];
      const nhsProviders: NhsProvider[] = trusts.filter((other) => other.ods !== trust.ods);
      facts.placements.push(...this.movePlacements(trust.ods, trustWards, beds, records.placements, nhsProviders, facts, now));
      facts.waitingLists.push(...this.driftWaitingLists(trust.ods, trustWards.length, records.waitingLists, now));
      facts.videoDays.push(...this.reportContacts(trust.ods, trustWards.length, records.videoDays, now));
      facts.s136Suites.push(...this.moveSuites(trust.ods, org, records.s136Suites, now));
      facts.crisisCapacity.push(...this.moveCrisisServices(trust.ods, org, records.crisisServices, now));
      facts.trustFigures.push(...this.moveTrustFigures(trust.ods, trustWards.length, records.trustFigures, now));
      facts.referralDays.push(...this.reportReferrals(trust.ods, trustWards.length, records.referralDays, now));
    }
    facts.dischargeDelays = this.moveDelays(wards, beds, snapshot.dischargeDelays, now);
    await this.send(facts);
    return (
      facts.dischargeDelays.length +
      facts.bedStates.length +
      facts.placements.length +
      facts.waitingLists.length +
      facts.videoDays.length +
      facts.s136Suites.length +
      facts.crisisCapacity.length +
      facts.trustFigures.length +
      facts.referralDays.length
    );
  }

  /**
   * Each reporting ward's delay list follows its clinically-ready count (delay-movement.ts); a list
   * a person saved stands for half an hour, as their figures do.
   */
  private moveDelays(
    wards: readonly Ward[],
    beds: ReadonlyMap<string, WardCounts>,
    records: readonly DischargeDelaysRecord[],
    now: number,
  ): DischargeDelaysSnapshot[] {
    const byWard = new Map(records.map((record) => [record.wardId, record]));
    const today = londonDateOf(now);
    const lists: DischargeDelaysSnapshot[] = [];
    for (const ward of wards) {
      const counts = beds.get(ward.id);
      if (!counts) continue;
      // What this simulator sent may not be applied yet (a busy worker): move on from the latest of
      // the two, or every tick would send each ward a fresh list again and the backlog would grow.
      const applied = byWard.get(ward.id)?.latest ?? null;
      const sent = this.sentDelayLists.get(ward.id) ?? null;
      const latest = sent && (!applied || Date.parse(sent.observedAt) > Date.parse(applied.observedAt)) ? sent : applied;
      if (latest && latest.eventId.startsWith('manual-') && now - Date.parse(latest.observedAt) < MANUAL_FIGURES_HOLD_MS)
        continue;
      const taken = new Set((latest?.delays ?? []).map((delay) => delay.ref.toLowerCase()));
      let n = 0;
      const newRef = () => {
        do n++;
        while (taken.has(`d${n}`));
        taken.add(`d${n}`);
        return `D${n}`;
      };
      const next = nextDelayList(
        latest?.delays ?? null,
        counts.clinicallyReadyForDischarge,
        ward.type,
        today,
        this.random,
        newRef,
      );
      if (next === null) continue;
      lists.push({
        eventId: `sim-delays-${this.newId()}`,
        wardId: ward.id,
        observedAt: new Date(now).toISOString(),
        delays: next,
      });
    }
    return lists;
  }

  /** Suites with no state get one; the others may fill, empty, close or reopen. */
  private moveSuites(trustOds: string, org: OrgIndex, live: readonly S136SuiteState[], now: number): S136SuiteState[] {
    const context = { now, random: this.random, newId: this.newId };
    const states: S136SuiteState[] = [];
    for (const suite of org.s136SuitesIn({ kind: 'trust', id: trustOds }) ?? []) {
      const liveState = live.find((state) => state.suiteId === suite.id) ?? null;
      const sent = this.sentSuiteStates.get(suite.id) ?? null;
      // What this simulator sent may not be applied yet: move on from the latest of the two.
      const latest = sent && isNewerS136SuiteState(sent, liveState) ? sent : liveState;
      const next = latest ? nextS136SuiteState(latest, context) : initialS136SuiteState(suite, context);
      if (next && (!latest || Date.parse(next.observedAt) > Date.parse(latest.observedAt))) states.push(next);
    }
    return states;
  }

  private moveCrisisServices(
    trustOds: string,
    org: OrgIndex,
    live: readonly CrisisCapacityReport[],
    now: number,
  ): CrisisCapacityReport[] {
    const context = { now, random: this.random, newId: this.newId };
    return (org.crisisServicesIn({ kind: 'trust', id: trustOds }) ?? []).flatMap((service) => {
      const liveReport = live.find((report) => report.serviceId === service.id) ?? null;
      const sent = this.sentCrisisReports.get(service.id) ?? null;
      // What this simulator sent may not be applied yet: move on from the latest of the two.
      const latest = sent && isNewerCrisisCapacityReport(sent, liveReport) ? sent : liveReport;
      const next = latest ? nextCrisisReport(service, latest, context) : initialCrisisReport(service, context);
      return next && (!latest || Date.parse(next.observedAt) > Date.parse(latest.observedAt)) ? [next] : [];
    });
  }

  /** Wards with no state get one; a share of the others move. */
  private moveWards(wards: readonly Ward[], states: ReadonlyMap<string, WardBedState>, now: number): BedStateObservation[] {
    const observedAt = new Date(now).toISOString();
    const observations: BedStateObservation[] = [];
    for (const ward of wards) {
      const current = states.get(ward.id);
      let next: SimulatedWardState;
      if (!current) next = initialWardState(ward.commissionedBeds, this.random);
      else if (this.random() < (this.deps.share ?? 0.12)) next = nextWardState(current, this.random);
      else continue;
      observations.push(this.observation(ward.id, next, observedAt));
    }
    return observations;
  }

  private observation(wardId: string, state: SimulatedWardState, observedAt: string): BedStateObservation {
    return {
      eventId: `sim-${this.newId()}`,
      wardId,
      observedAt,
      commissioned: state.commissioned,
      closed: state.closed,
      ...(state.closedReason ? { closedReason: state.closedReason } : {}),
      occupied: state.occupied,
      onLeave: state.onLeave,
      pendingAdmissions: state.pendingAdmissions,
      clinicallyReadyForDischarge: state.clinicallyReadyForDischarge,
    };
  }

  private movePlacements(
    trustOds: string,
    trustWards: readonly Ward[],
    beds: Map<string, WardCounts>,
    live: readonly PlacementRecord[],
    nhsProviders: readonly NhsProvider[],
    facts: TickFacts,
    now: number,
  ): PlacementEvent[] {
    // Forget sent events live state now shows (or that are too old to wait for).
    const sent = (this.sentPlacements.get(trustOds) ?? []).filter(({ event, sentAt }) => {
      const record = live.find((candidate) => candidate.placementId === event.placementId);
      const shown = record !== undefined && samePlacement(withEvents([record], [event])[0]!, record);
      return !shown && now - sentAt < REMEMBER_SENT_MS;
    });
    const records = withEvents(
      live,
      sent.map(({ event }) => event),
    );
    const withState = trustWards.flatMap((ward) => {
      const state = beds.get(ward.id);
      return state ? [{ ward, state }] : [];
    });
    const pressure = bedPressure(withState.map(({ ward, state }) => ({ type: ward.type, state })));
    const context = { trustOds, now, random: this.random, newId: this.newId, nhsProviders };
    let events: PlacementEvent[];
    const ownPlacements = records.some((record) => record.placementId.startsWith(SIMULATED_PLACEMENT_PREFIX));
    if (!ownPlacements && !this.seededPlacements.has(trustOds)) {
      events = seedPlacements(context, pressure);
      facts.seededTrusts.push(trustOds);
    } else {
      const movement = nextPlacementEvents(records, pressure, context);
      events = movement.events;
      // The patient placed out of area no longer waits for a local bed.
      for (const bedType of movement.placedFromQueue) {
        const ward = withState.find(
          ({ ward, state }) => placementBedTypeOf(ward.type) === bedType && state.pendingAdmissions > 0,
        );
        if (ward) this.admitElsewhere(ward.ward.id, ward.state, beds, facts, now);
      }
    }
    facts.placementMemory.set(trustOds, [...sent, ...events.map((event) => ({ event, sentAt: now }))]);
    return events;
  }

  /** One pending admission fewer on a ward: this tick's observation of it, or a new one. */
  private admitElsewhere(wardId: string, state: WardCounts, beds: Map<string, WardCounts>, facts: TickFacts, now: number): void {
    const pendingAdmissions = state.pendingAdmissions - 1;
    const index = facts.bedStates.findIndex((observation) => observation.wardId === wardId);
    if (index >= 0) {
      facts.bedStates[index] = { ...facts.bedStates[index]!, pendingAdmissions };
    } else {
      const next = { ...state, closedReason: state.closedReason ?? null, pendingAdmissions };
      facts.bedStates.push(this.observation(wardId, next, new Date(now).toISOString()));
    }
    beds.set(wardId, { ...state, pendingAdmissions });
  }

  private driftWaitingLists(
    trustOds: string,
    wardCount: number,
    live: readonly WaitingListRecord[],
    now: number,
  ): WaitingListSnapshot[] {
    const snapshots: WaitingListSnapshot[] = [];
    for (const service of servicesReportedBy(trustOds)) {
      const key = `${trustOds}|${service}`;
      const liveRecord = live.find((record) => record.service === service) ?? null;
      const sent = this.sentWaitingLists.get(key) ?? null;
      const latest = sent && isNewerWaitingList(sent, liveRecord) ? sent : liveRecord;
      const profile = waitingListProfile(trustOds, service, wardCount);
      const eventId = `sim-${this.newId()}`;
      let next: WaitingListSnapshot;
      if (!latest) next = initialWaitingList(profile, eventId, now, this.random);
      else if (this.random() < WAITING_LIST_REPORT_CHANCE && Date.parse(latest.asOf) < now)
        next = nextWaitingList(latest, profile, eventId, now, this.random);
      else continue;
      snapshots.push(next);
    }
    return snapshots;
  }

  /** Today's counts every few ticks; earlier days of this week and month once each, when missing or unfinished. */
  private reportContacts(
    trustOds: string,
    wardCount: number,
    live: readonly VideoDayRecord[],
    now: number,
  ): VideoConsultationDay[] {
    const profile = videoProfile(trustOds, wardCount);
    const seed = `${this.deps.videoSeed ?? 'wardpulse-demo'}|${trustOds}`;
    const today = londonDateOf(now);
    const from = earliestLiveVideoDate(now);
    for (const key of this.sentVideoDays.keys()) {
      if (key.startsWith(`${trustOds}|`) && key.slice(trustOds.length + 1) < from) this.sentVideoDays.delete(key);
    }
    const days: VideoConsultationDay[] = [];
    const report = (date: string, counts: SimulatedCounts) => {
      days.push({ eventId: `sim-${this.newId()}`, trustOds, date, observedAt: new Date(now).toISOString(), counts });
    };
    // The day's latest report: live state, or what this simulator sent if live state has not caught up.
    const latest = (date: string) => {
      const record = live.find((candidate) => candidate.date === date && candidate.service === undefined) ?? null;
      const sent = this.sentVideoDays.get(`${trustOds}|${date}`) ?? null;
      return sent && isNewerVideoDay(sent, record) ? sent : record;
    };
    for (const date of daysBefore(from, today)) {
      // A past day is complete once reported after its end; otherwise report its final counts.
      const record = latest(date);
      if (!record || Date.parse(record.observedAt) < londonMidnight(addDays(date, 1)))
        report(date, videoCountsAt(profile, date, now, seed));
    }
    const current = latest(today);
    if (!current || this.random() < VIDEO_REPORT_CHANCE) {
      const counts = videoCountsAt(profile, today, now, seed);
      if (!current || JSON.stringify(current.counts) !== JSON.stringify(counts)) report(today, counts);
    }
    return days;
  }

  /**
   * Today's referrals at the trust's single point of access every few ticks, and yesterday's final
   * counts once when its last report was made before the day ended (pending ones then decided).
   */
  private reportReferrals(trustOds: string, wardCount: number, live: readonly ReferralDay[], now: number): ReferralDay[] {
    const profile = referralProfile(trustOds, wardCount);
    const seed = `${this.deps.videoSeed ?? 'wardpulse-demo'}|${trustOds}`;
    const today = londonDateOf(now);
    const yesterday = addDays(today, -1);
    for (const key of this.sentReferralDays.keys()) {
      if (key.startsWith(`${trustOds}|`) && key.slice(trustOds.length + 1) < yesterday) this.sentReferralDays.delete(key);
    }
    const latest = (date: string) => {
      const record = live.find((candidate) => candidate.date === date && candidate.service === 'single-point-of-access') ?? null;
      const sent = this.sentReferralDays.get(`${trustOds}|${date}`) ?? null;
      return sent && isNewerReferralDay(sent, record) ? sent : record;
    };
    const report = (date: string): ReferralDay => ({
      eventId: `sim-${this.newId()}`,
      trustOds,
      date,
      service: 'single-point-of-access',
      observedAt: new Date(now).toISOString(),
      ...referralCountsAt(profile, date, now, seed),
    });
    const changed = (held: ReferralDay | null, next: ReferralDay) =>
      !held || held.received !== next.received || held.pending !== next.pending;
    const days: ReferralDay[] = [];
    const last = latest(yesterday);
    if (last && last.pending > 0 && changed(last, report(yesterday))) days.push(report(yesterday));
    const current = latest(today);
    if (!current || this.random() < VIDEO_REPORT_CHANCE) {
      const next = report(today);
      if (changed(current, next)) days.push(next);
    }
    return days;
  }

  /**
   * A trust's next report of its own figures, now and then, and at once when a return has fallen due
   * (so boards show the counts starting again). Figures a person keyed by hand stand for a while.
   */
  private moveTrustFigures(
    trustOds: string,
    wardCount: number,
    live: TrustFiguresRecord | null,
    now: number,
  ): TrustFiguresObservation[] {
    const sent = this.sentTrustFigures.get(trustOds) ?? null;
    const latest = sent && isNewerTrustFigures(sent, live) ? sent : live;
    const profile = trustFiguresProfile(wardCount);
    const eventId = `sim-${this.newId()}`;
    if (!latest) return [initialTrustFigures(trustOds, profile, eventId, now, this.random)];
    if (Date.parse(latest.observedAt) >= now) return [];
    if (live && latest === live && live.source.kind === 'manual' && now - Date.parse(live.observedAt) < MANUAL_FIGURES_HOLD_MS)
      return [];
    const newWindow = Date.parse(latest.countingSince) !== countingWindowStart(now);
    if (!newWindow && this.random() >= TRUST_FIGURES_REPORT_CHANCE) return [];
    return [nextTrustFigures(latest, profile, eventId, now, this.random)];
  }

  /** Sends each kind through its ingest; remembers what was sent only once it is accepted. */
  private async send(facts: TickFacts): Promise<void> {
    const check = (kind: string, result: IngestResult) => {
      if (!result.ok) throw new Error(`simulator produced impossible ${kind}: ${JSON.stringify(result.details)}`);
    };
    const paths = (index: number) => ['simulator', index];
    if (facts.bedStates.length > 0) check('bed states', await this.deps.ingest.accept(facts.bedStates, 'simulator', paths));
    if (facts.placements.length > 0)
      check('placements', await this.deps.measures.acceptPlacements(facts.placements, 'simulator', paths));
    for (const [trust, sent] of facts.placementMemory) this.sentPlacements.set(trust, sent);
    for (const trust of facts.seededTrusts) this.seededPlacements.add(trust);
    if (facts.waitingLists.length > 0) {
      check('waiting lists', await this.deps.measures.acceptWaitingLists(facts.waitingLists, 'simulator', paths));
      for (const snapshot of facts.waitingLists) this.sentWaitingLists.set(`${snapshot.trustOds}|${snapshot.service}`, snapshot);
    }
    if (facts.videoDays.length > 0) {
      check('contact counts', await this.deps.measures.acceptVideoDays(facts.videoDays, 'simulator', paths));
      for (const day of facts.videoDays) this.sentVideoDays.set(`${day.trustOds}|${day.date}`, day);
    }
    if (facts.s136Suites.length > 0) {
      check('Section 136 suite states', await this.deps.s136.accept(facts.s136Suites, 'simulator', paths));
      for (const state of facts.s136Suites) this.sentSuiteStates.set(state.suiteId, state);
    }
    if (facts.crisisCapacity.length > 0) {
      check('crisis capacity', await this.deps.measures.acceptCrisisCapacity(facts.crisisCapacity, 'simulator', paths));
      for (const report of facts.crisisCapacity) this.sentCrisisReports.set(report.serviceId, report);
    }
    if (facts.dischargeDelays.length > 0) {
      check('discharge delays', await this.deps.measures.acceptDischargeDelays(facts.dischargeDelays, 'simulator', paths));
      for (const list of facts.dischargeDelays) this.sentDelayLists.set(list.wardId, list);
    }
    if (facts.referralDays.length > 0) {
      check('referrals', await this.deps.measures.acceptReferralDays(facts.referralDays, 'simulator', paths));
      for (const day of facts.referralDays) this.sentReferralDays.set(`${day.trustOds}|${day.date}`, day);
    }
    if (facts.trustFigures.length > 0) {
      const source = { kind: 'feed', name: SIMULATED_FLOW_SYSTEM } as const;
      check('trust figures', await this.deps.measures.acceptTrustFigures(facts.trustFigures, 'simulator', source, paths));
      for (const figures of facts.trustFigures) this.sentTrustFigures.set(figures.trustOds, figures);
    }
  }
}
