/**
 * Accepting the trust-level measures — out-of-area placement events, waiting-list snapshots,
 * video consultation days and trusts' own figures — whatever the door (HTTP API, the quick form,
 * simulator, later CSV). Each batch is
 * checked against the organisation and the definitions in shared/; nothing of a rejected batch is
 * logged. Placement events are also checked against the placement's logged lifecycle (one start,
 * one end, the end not before the start), including earlier events of the same batch; video days
 * against the form their day was first reported in (whole-trust or per service).
 */
import type {
  CrisisCapacityReport,
  DischargeDelaysSnapshot,
  StayRecord,
  ErrorDetail,
  FiguresSource,
  OrgIndex,
  PlacementEvent,
  PlacementRecord,
  ReferralDay,
  TrustFiguresObservation,
  VideoConsultationDay,
  VideoDayForms,
  WaitingListSnapshot,
} from '@wardpulse/shared';
import {
  addVideoDayForm,
  formatPath,
  mergePlacementEvent,
  placementViolations,
  referralDayViolations,
  trustFiguresViolations,
  videoDayFormViolations,
  videoDayViolations,
  waitingListViolations,
} from '@wardpulse/shared';
import type { Logger } from 'pino';
import type { JobQueues } from '../job-queues.js';
import { PlacementLifecycleConflict, type EventLog, type EventPayloads } from '../storage/event-log.js';
import { acceptEvents, type IngestResult } from './log-and-enqueue.js';
import { acceptDischargeDelays } from './discharge-delay-ingest.js';
import { acceptCrisisCapacity } from './crisis-capacity-ingest.js';
import { acceptStays } from './stay-ingest.js';

export interface MeasureIngestDeps {
  eventLog: EventLog;
  queues: JobQueues;
  org: () => OrgIndex;
  logger: Logger;
  now?: () => number;
}

type Paths = (index: number) => PropertyKey[];

export class MeasureIngest {
  constructor(private readonly deps: MeasureIngestDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private unknownTrust(ods: string, path: PropertyKey[]): ErrorDetail[] {
    return this.deps.org().trustsByOds.has(ods) ? [] : [{ path: formatPath(path), message: `unknown trust "${ods}"` }];
  }

  async acceptPlacements(events: readonly PlacementEvent[], source: string, paths: Paths): Promise<IngestResult> {
    const now = this.now();
    const details: ErrorDetail[] = [];
    // Each placement's record so far: the log, then this batch's earlier events.
    const known = new Map<string, PlacementRecord | null>();
    const keyOf = (event: PlacementEvent) => `${event.sendingTrust}|${event.placementId}`;
    const byTrust = new Map<string, Set<string>>();
    for (const event of events)
      byTrust.set(event.sendingTrust, (byTrust.get(event.sendingTrust) ?? new Set()).add(event.placementId));
    for (const [trust, ids] of byTrust) {
      for (const logged of await this.deps.eventLog.placementEvents(trust, [...ids])) {
        known.set(keyOf(logged), mergePlacementEvent(known.get(keyOf(logged)) ?? null, logged));
      }
    }
    events.forEach((event, index) => {
      const problems = [
        ...this.unknownTrust(event.sendingTrust, [...paths(index), 'sendingTrust']),
        ...placementViolations(event, known.get(keyOf(event)) ?? null, now, paths(index)),
      ];
      details.push(...problems);
      if (problems.length === 0) known.set(keyOf(event), mergePlacementEvent(known.get(keyOf(event)) ?? null, event));
    });
    if (details.length > 0) return { ok: false, details };
    try {
      return await acceptEvents(
        this.deps,
        'placement',
        events.map((event) => ({
          eventId: event.eventId,
          trustOds: event.sendingTrust,
          wardId: null,
          observedAt: event.occurredAt,
          payload: event,
        })),
        source,
        paths,
      );
    } catch (error) {
      // Another request started or ended the same placement a moment ago.
      if (error instanceof PlacementLifecycleConflict) {
        return {
          ok: false,
          details: [
            {
              path: formatPath([...paths(0), 'event']),
              message: 'the placement was started or ended by another event at the same moment',
            },
          ],
        };
      }
      throw error;
    }
  }

  /** Anonymous stays (stay-ingest.ts). */
  acceptStays(stays: readonly StayRecord[], source: string, paths: Paths): Promise<IngestResult> {
    return acceptStays(this.deps, stays, source, paths);
  }

  /** Wards' delayed-discharge lists (discharge-delay-ingest.ts). */
  acceptDischargeDelays(snapshots: readonly DischargeDelaysSnapshot[], source: string, paths: Paths): Promise<IngestResult> {
    return acceptDischargeDelays(this.deps, snapshots, source, paths);
  }

  /** Alternatives to admission's capacity reports (crisis-capacity-ingest.ts). */
  acceptCrisisCapacity(reports: readonly CrisisCapacityReport[], source: string, paths: Paths): Promise<IngestResult> {
    return acceptCrisisCapacity(this.deps, reports, source, paths);
  }

  /**
   * A trust-level kind checked one event at a time: its trust is known and its own rules hold
   * (`violations`), then the batch is logged whole, each under its source time (`observedAt`).
   */
  private acceptTrustEvents<Kind extends 'waitingList' | 'referralDay'>(
    kind: Kind,
    events: readonly (EventPayloads[Kind] & { eventId: string; trustOds: string })[],
    violations: (event: EventPayloads[Kind], now: number, prefix: PropertyKey[]) => ErrorDetail[],
    observedAt: (event: EventPayloads[Kind]) => string,
    source: string,
    paths: Paths,
  ): Promise<IngestResult> {
    const now = this.now();
    const details = events.flatMap((event, index) => [
      ...this.unknownTrust(event.trustOds, [...paths(index), 'trustOds']),
      ...violations(event, now, paths(index)),
    ]);
    if (details.length > 0) return Promise.resolve({ ok: false, details });
    return acceptEvents(
      this.deps,
      kind,
      events.map((event) => ({
        eventId: event.eventId,
        trustOds: event.trustOds,
        wardId: null,
        observedAt: observedAt(event),
        payload: event,
      })),
      source,
      paths,
    );
  }

  acceptWaitingLists(snapshots: readonly WaitingListSnapshot[], source: string, paths: Paths): Promise<IngestResult> {
    return this.acceptTrustEvents('waitingList', snapshots, waitingListViolations, (snapshot) => snapshot.asOf, source, paths);
  }

  /** Trusts' days of referrals per service (referrals.ts): last-writer-wins per trust, day and service when applied. */
  acceptReferralDays(days: readonly ReferralDay[], source: string, paths: Paths): Promise<IngestResult> {
    return this.acceptTrustEvents('referralDay', days, referralDayViolations, (day) => day.observedAt, source, paths);
  }

  async acceptVideoDays(days: readonly VideoConsultationDay[], source: string, paths: Paths): Promise<IngestResult> {
    const now = this.now();
    // What each trust's days were reported as so far (whole-trust or which services): the log,
    // then this batch's earlier days.
    const forms: VideoDayForms = new Map();
    const datesByTrust = new Map<string, Set<string>>();
    for (const day of days) datesByTrust.set(day.trustOds, (datesByTrust.get(day.trustOds) ?? new Set()).add(day.date));
    for (const [trustOds, dates] of datesByTrust) {
      for (const logged of await this.deps.eventLog.videoDayForms(trustOds, [...dates]))
        addVideoDayForm(forms, { trustOds, date: logged.date, ...(logged.service === null ? {} : { service: logged.service }) });
    }
    const details: ErrorDetail[] = [];
    days.forEach((day, index) => {
      const problems = [
        ...this.unknownTrust(day.trustOds, [...paths(index), 'trustOds']),
        ...videoDayViolations(day, now, paths(index)),
        ...videoDayFormViolations(day, forms, paths(index)),
      ];
      details.push(...problems);
      if (problems.length === 0) addVideoDayForm(forms, day);
    });
    if (details.length > 0) return { ok: false, details };
    return acceptEvents(
      this.deps,
      'videoDay',
      days.map((day) => ({
        eventId: day.eventId,
        trustOds: day.trustOds,
        wardId: null,
        observedAt: day.observedAt,
        payload: day,
      })),
      source,
      paths,
    );
  }

  /**
   * Trusts' own figures from a feed or a person (`source` says which, and who, for the board).
   * `actor` is the event log's source, as for every fact.
   */
  async acceptTrustFigures(
    reports: readonly TrustFiguresObservation[],
    actor: string,
    source: FiguresSource,
    paths: Paths,
  ): Promise<IngestResult> {
    const now = this.now();
    const details = reports.flatMap((report, index) => [
      ...this.unknownTrust(report.trustOds, [...paths(index), 'trustOds']),
      ...trustFiguresViolations(report, now, paths(index)),
    ]);
    if (details.length > 0) return { ok: false, details };
    return acceptEvents(
      this.deps,
      'trustFigures',
      reports.map((report) => ({
        eventId: report.eventId,
        trustOds: report.trustOds,
        wardId: null,
        observedAt: report.observedAt,
        payload: { ...report, source },
      })),
      actor,
      paths,
    );
  }
}
