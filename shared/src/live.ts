/**
 * Live state as readers see it: the snapshot of a scope and the deltas that follow it.
 * These shapes are part of Socket.IO contract v1 and of `GET /api/v1/live`.
 */
import { z } from 'zod';
import type { BedFigures, BedTotals } from './bed-occupancy.js';
import { bedFigures, sumBedCounts } from './bed-occupancy.js';
import { bedStateSourceSchema, CLOSED_REASONS } from './bed-state.js';
import { crisisCapacityReportSchema, crisisServiceLiveSchema } from './crisis-capacity.js';
import { alertSummarySchema } from './alerts.js';
import { escalationStateSchema, type EscalationState } from './escalation.js';
import {
  dischargeDelayFigures,
  dischargeDelaysRecordSchema,
  type DischargeDelayFigures,
  type DischargeDelaysRecord,
} from './discharge-delays.js';
import { stayBoardFigures, wardStaysRecordSchema, type StayBoardFigures, type WardStaysRecord } from './ward-stays.js';
import { DEFAULT_FRESHNESS_LIMITS, freshnessLimitsSchema, isReporting, type FreshnessLimits } from './freshness.js';
import { wardSchema } from './org.js';
import { placementFigures, placementRecordSchema, sumPlacementFigures, type PlacementFigures } from './placements.js';
import { s136SuiteLiveSchema, s136SuiteStateSchema } from './s136-suite-state.js';
import { videoConsultationDaySchema, videoDayKey, videoFigures, type VideoFigures } from './video-consultations.js';
import { referralDayKey, referralDaySchema, referralFigures, type ReferralFigures } from './referrals.js';
import { sumTrustFigures, trustFiguresRecordSchema, type TrustFiguresTotals } from './trust-figures.js';
import { waitingListSnapshotSchema, waitingListsWorstFirst, type WaitingListFigures } from './waiting-lists.js';

const count = z.int().nonnegative();
const fraction = z.number().nullable().describe('A fraction (0.93 = 93%); null when no bed is open');

export const bedFiguresSchema = z.object({
  open: count,
  vacant: count,
  occupancyExcludingLeave: fraction,
  occupancyIncludingLeave: fraction,
}) satisfies z.ZodType<BedFigures>;

/** The latest applied observation of one ward. */
export const wardBedStateSchema = z.object({
  commissioned: count,
  closed: count,
  closedReason: z.enum(CLOSED_REASONS).nullable(),
  occupied: count,
  onLeave: count,
  pendingAdmissions: count,
  clinicallyReadyForDischarge: count,
  observedAt: z.string().describe('Source time of the observation (ISO 8601); last-writer-wins compares it'),
  eventId: z.string(),
  source: bedStateSourceSchema.describe('Who or what sent these figures (their time is observedAt)'),
  override: z
    .boolean()
    .describe('True when a person keyed these figures on a ward an electronic source reports; cleared when it next reports'),
});
export type WardBedState = z.infer<typeof wardBedStateSchema>;

export const wardLiveSchema = z.object({
  ward: wardSchema,
  state: wardBedStateSchema.nullable().describe("Null until the ward's first observation arrives"),
  figures: bedFiguresSchema.nullable(),
});
export type WardLive = z.infer<typeof wardLiveSchema>;

export const bedTotalsSchema = z.object({
  ...bedFiguresSchema.shape,
  commissioned: count,
  closed: count,
  occupied: count,
  onLeave: count,
  pendingAdmissions: count,
  clinicallyReadyForDischarge: count,
  wardsReporting: count.describe('Wards whose latest report is within the not-reporting limit (the wards these totals count)'),
}) satisfies z.ZodType<BedTotals>;

/** The wards of a scope left out of its totals: no report yet, or the last one older than the limit. */
export const notReportingWardsSchema = z.object({
  count,
  wardIds: z.array(z.string()).describe("In the scope's ward order"),
});
export type NotReportingWards = z.infer<typeof notReportingWardsSchema>;

/** Trust-level live records: the measures that are reported per trust, its own figures, and its escalation level. */
export const trustLiveSchema = z.object({
  ods: z.string(),
  name: z.string(),
  placements: z.array(placementRecordSchema).describe('Out-of-area placements active now or ended this month'),
  waitingLists: z.array(waitingListSnapshotSchema).describe("Each service's latest snapshot"),
  videoDays: z.array(videoConsultationDaySchema).describe('Daily contact counts from the start of this week or month'),
  trustFigures: trustFiguresRecordSchema
    .nullable()
    .describe(
      'The latest trust figures (referrals waiting, discharges, breaches, patients from other trusts); null until reported',
    ),
  escalation: escalationStateSchema.nullable(),
  population: z
    .int()
    .positive()
    .nullable()
    .optional()
    .describe('Catchment population the trust serves (referrals per 100,000); null or absent when not known'),
  referralDays: z
    .array(referralDaySchema)
    .optional()
    .describe("Today's referrals per service, each the latest report (absent from servers before #17 item 3a)"),
});
export type TrustLive = z.infer<typeof trustLiveSchema>;

export const liveSnapshotSchema = z.object({
  scope: z.string(),
  name: z.string().describe('Display name of the scope: the collaborative, trust or ward name'),
  wards: z.array(wardLiveSchema),
  totals: bedTotalsSchema.describe('Sums over the wards reporting at the time of the snapshot (or of the last change applied)'),
  notReporting: notReportingWardsSchema.describe(
    'Wards left out of the totals: never reported, or the latest report older than their limit (see freshness)',
  ),
  freshness: freshnessLimitsSchema.describe('The not-reporting limits the server applies; a client recomputes with these'),
  trusts: z
    .array(trustLiveSchema)
    .describe(
      'The trusts the scope covers whole: a trust, a region, a place-based collaborative (empty for a ward, a site or a specialised collaborative, which show no trust-level measures)',
    ),
  escalation: escalationStateSchema.nullable().describe("The scope's own escalation level (trust, collaborative or region)"),
  s136Suites: z
    .array(s136SuiteLiveSchema)
    .describe("The Section 136 suites of the scope's trusts and their latest states (empty for a ward)"),
  alerts: z
    .array(alertSummarySchema)
    .describe('Open alerts (firing or recovering) of the scope and, for a collaborative, of its trusts'),
  dischargeDelays: z
    .array(dischargeDelaysRecordSchema)
    .optional()
    .describe("The delayed discharges of the scope's wards that have reported a list (absent from servers before #17)"),
  wardStays: z
    .array(wardStaysRecordSchema)
    .optional()
    .describe("The stays of the scope's wards that have sent any (absent from servers before #17 item 2)"),
  crisisServices: z
    .array(crisisServiceLiveSchema)
    .optional()
    .describe(
      "The alternatives to admission of the scope's trusts and their latest capacity reports (empty for a ward; absent from servers before #17)",
    ),
});
export type LiveSnapshot = z.infer<typeof liveSnapshotSchema>;

/** One change carried by a delta. Versioned by kind name when its shape changes. */
export const liveChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('wardState'), wardId: z.string(), state: wardBedStateSchema, figures: bedFiguresSchema }),
  z
    .object({
      kind: z.literal('wardNotReporting'),
      wardId: z.string(),
      eventId: z.string().describe('The report that is now too old (a change for an earlier report is ignored)'),
      observedAt: z.string(),
      since: z.string().describe('When it passed the limit: observedAt plus the limit for the ward type'),
    })
    .describe("A ward's latest report passed the not-reporting limit: it leaves the totals, with no new fact"),
  z.object({ kind: z.literal('placement'), trustOds: z.string(), placement: placementRecordSchema }),
  z.object({ kind: z.literal('waitingList'), trustOds: z.string(), waitingList: waitingListSnapshotSchema }),
  z.object({ kind: z.literal('videoDay'), trustOds: z.string(), videoDay: videoConsultationDaySchema }),
  z.object({ kind: z.literal('trustFigures'), trustOds: z.string(), trustFigures: trustFiguresRecordSchema }),
  z
    .object({ kind: z.literal('referralDay'), trustOds: z.string(), referralDay: referralDaySchema })
    .describe("A trust's day of referrals to one service: its latest report"),
  z.object({ kind: z.literal('escalation'), escalation: escalationStateSchema }),
  z
    .object({ kind: z.literal('s136Suite'), trustOds: z.string(), suiteId: z.string(), state: s136SuiteStateSchema })
    .describe("A Section 136 suite's new state"),
  z
    .object({
      kind: z.literal('crisisCapacity'),
      trustOds: z.string(),
      serviceId: z.string(),
      report: crisisCapacityReportSchema,
    })
    .describe("An alternative to admission's new capacity report"),
  z.object({ kind: z.literal('alert'), alert: alertSummarySchema }).describe('An alert opened, changed or resolved'),
  z
    .object({ kind: z.literal('dischargeDelays'), wardId: z.string(), record: dischargeDelaysRecordSchema })
    .describe("A ward's delayed discharges changed: its latest list and nightly counts"),
  z
    .object({ kind: z.literal('wardStays'), wardId: z.string(), record: wardStaysRecordSchema })
    .describe("A ward's stays changed: a fresh reading of its inpatients' admissions and today's flow"),
]);
export type LiveChange = z.infer<typeof liveChangeSchema>;
export type LiveChangeKind = LiveChange['kind'];

export const liveDeltaSchema = z.object({
  scope: z.string(),
  seq: z.string().describe('Opaque, increasing per scope; hand it back as `since` to resume'),
  changes: z.array(liveChangeSchema),
});
export type LiveDelta = z.infer<typeof liveDeltaSchema>;

export function wardStateChange(wardId: string, state: WardBedState): LiveChange {
  return { kind: 'wardState', wardId, state, figures: bedFigures(state) };
}

/** Bed totals over the wards reporting at `now` (freshness.ts): a ward not reporting adds nothing. */
export function liveTotals(wards: readonly WardLive[], now: number, limits: FreshnessLimits): BedTotals {
  return sumBedCounts(
    wards.flatMap((ward) => (ward.state && isReporting(ward.state, ward.ward.type, now, limits) ? [ward.state] : [])),
  );
}

/** The wards not reporting at `now`, in the order given. */
export function wardsNotReporting(wards: readonly WardLive[], now: number, limits: FreshnessLimits): NotReportingWards {
  const wardIds = wards.filter((ward) => !isReporting(ward.state, ward.ward.type, now, limits)).map((ward) => ward.ward.id);
  return { count: wardIds.length, wardIds };
}

/** The limits a snapshot was made with; a server from before they were sent applied the default. */
export function snapshotFreshness(snapshot: Pick<LiveSnapshot, 'freshness'>): FreshnessLimits {
  return snapshot.freshness ?? DEFAULT_FRESHNESS_LIMITS;
}

function replaceOrAdd<T>(list: T[], item: T, same: (candidate: T) => boolean): void {
  const index = list.findIndex(same);
  if (index >= 0) list[index] = item;
  else list.push(item);
}

/**
 * Applies a delta's changes to a snapshot in place; returns the ids of wards and suites and the
 * ODS codes of trusts that changed (for marking changed tiles). Totals and the wards not reporting
 * are recomputed at `now` when a ward changed or stopped reporting.
 */
export function applyLiveChanges(snapshot: LiveSnapshot, changes: readonly LiveChange[], now: number): string[] {
  const changed: string[] = [];
  const mark = (id: string) => {
    if (!changed.includes(id)) changed.push(id);
  };
  let wardsChanged = false;
  for (const change of changes) {
    if (change.kind === 'wardState') {
      const ward = snapshot.wards.find((candidate) => candidate.ward.id === change.wardId);
      if (!ward) continue;
      ward.state = change.state;
      ward.figures = change.figures;
      wardsChanged = true;
      mark(change.wardId);
      continue;
    }
    if (change.kind === 'wardNotReporting') {
      // Only about the report it names: a newer report that arrived meanwhile keeps the ward reporting.
      const ward = snapshot.wards.find((candidate) => candidate.ward.id === change.wardId);
      if (!ward || ward.state?.eventId !== change.eventId) continue;
      wardsChanged = true;
      mark(change.wardId);
      continue;
    }
    if (change.kind === 'alert') {
      const index = snapshot.alerts.findIndex((alert) => alert.id === change.alert.id);
      if (change.alert.status === 'resolved') {
        if (index >= 0) snapshot.alerts.splice(index, 1);
      } else if (index >= 0) snapshot.alerts[index] = change.alert;
      else snapshot.alerts.push(change.alert);
      continue;
    }
    if (change.kind === 's136Suite') {
      const suite = snapshot.s136Suites.find((candidate) => candidate.suite.id === change.suiteId);
      if (!suite) continue;
      suite.state = change.state;
      mark(change.suiteId);
      continue;
    }
    if (change.kind === 'crisisCapacity') {
      const service = snapshot.crisisServices?.find((candidate) => candidate.service.id === change.serviceId);
      if (!service) continue;
      service.report = change.report;
      mark(change.serviceId);
      continue;
    }
    if (change.kind === 'dischargeDelays') {
      if (!snapshot.wards.some((candidate) => candidate.ward.id === change.wardId)) continue;
      snapshot.dischargeDelays = snapshot.dischargeDelays ?? [];
      replaceOrAdd(snapshot.dischargeDelays, change.record, (record) => record.wardId === change.wardId);
      mark(change.wardId);
      continue;
    }
    if (change.kind === 'wardStays') {
      if (!snapshot.wards.some((candidate) => candidate.ward.id === change.wardId)) continue;
      snapshot.wardStays = snapshot.wardStays ?? [];
      replaceOrAdd(snapshot.wardStays, change.record, (record) => record.wardId === change.wardId);
      mark(change.wardId);
      continue;
    }
    if (change.kind === 'escalation') {
      if (change.escalation.scope === snapshot.scope) snapshot.escalation = change.escalation;
      const trust = snapshot.trusts.find((candidate) => `trust:${candidate.ods}` === change.escalation.scope);
      if (trust) {
        trust.escalation = change.escalation;
        mark(trust.ods);
      }
      continue;
    }
    const trust = snapshot.trusts.find((candidate) => candidate.ods === change.trustOds);
    if (!trust) continue;
    mark(trust.ods);
    if (change.kind === 'placement') {
      replaceOrAdd(trust.placements, change.placement, (p) => p.placementId === change.placement.placementId);
    } else if (change.kind === 'waitingList') {
      replaceOrAdd(trust.waitingLists, change.waitingList, (w) => w.service === change.waitingList.service);
    } else if (change.kind === 'trustFigures') {
      trust.trustFigures = change.trustFigures;
    } else if (change.kind === 'referralDay') {
      const key = referralDayKey(change.referralDay);
      trust.referralDays = trust.referralDays ?? [];
      replaceOrAdd(trust.referralDays, change.referralDay, (day) => referralDayKey(day) === key);
    } else {
      const key = videoDayKey(change.videoDay);
      replaceOrAdd(trust.videoDays, change.videoDay, (d) => videoDayKey(d) === key);
    }
  }
  if (wardsChanged) {
    const limits = snapshotFreshness(snapshot);
    snapshot.totals = liveTotals(snapshot.wards, now, limits);
    snapshot.notReporting = wardsNotReporting(snapshot.wards, now, limits);
  }
  return changed;
}

/** All the measures of one scope, computed from its live records at a moment. */
export interface MeasureSummary {
  /** Over the wards reporting at the summary's moment. */
  beds: BedTotals;
  /** The wards left out of `beds`. */
  notReporting: NotReportingWards;
  placements: PlacementFigures;
  /** Services worst first. */
  waitingLists: WaitingListFigures[];
  video: VideoFigures;
  /** Trust figures: one trust's latest report, or the members' summed. */
  trustFigures: TrustFiguresTotals;
  /** Delayed discharges of the wards reporting (discharge-delays.ts). */
  dischargeDelays: DischargeDelayFigures;
  /** Length of stay and today's flow from the wards' stays (ward-stays.ts); null until a ward sends stays. */
  stays: StayBoardFigures | null;
  /** Today's referrals of the scope's trusts (referrals.ts). */
  referrals: ReferralFigures;
}

export interface TrustSummary extends MeasureSummary {
  ods: string;
  name: string;
  escalation: EscalationState | null;
}

export interface LiveSummary extends MeasureSummary {
  scope: string;
  /** The moment the time-dependent figures (this month's bed days, today's contacts) refer to. */
  at: string;
  escalation: EscalationState | null;
  trusts: TrustSummary[];
}

/**
 * The roll-up: ward → site → trust → collaborative, computed once here for server and web.
 * Bed totals sum ward counts; OAP figures sum per trust (each placement has one sending trust);
 * waiting lists sum per service with percentiles re-estimated from bands; video sums counts; trust
 * figures sum the trusts' latest reports.
 * A trust in several collaboratives counts once in each. Bed figures count the wards reporting at
 * `now` (not the snapshot's totals, which are as of its last change), so a ward that passed its
 * limit since is left out here too.
 */
/**
 * The delay lists of the wards reporting at `now`: a ward left out of the bed totals is left out
 * here too, so the delays stay comparable with the clinically-ready count beside them.
 */
export function reportingDelayRecords(
  wards: readonly WardLive[],
  records: readonly DischargeDelaysRecord[] | undefined,
  now: number,
  limits: FreshnessLimits,
): DischargeDelaysRecord[] {
  const reporting = new Set(
    wards.filter((ward) => ward.state && isReporting(ward.state, ward.ward.type, now, limits)).map((ward) => ward.ward.id),
  );
  return (records ?? []).filter((record) => reporting.has(record.wardId));
}

export function summariseLive(snapshot: LiveSnapshot, now: number): LiveSummary {
  const limits = snapshotFreshness(snapshot);
  const delaysOf = (wards: readonly WardLive[]) =>
    dischargeDelayFigures(reportingDelayRecords(wards, snapshot.dischargeDelays, now, limits), now);
  // Stays are people, not a bed report: a ward counts whether or not its bed state is fresh.
  const staysOf = (wards: readonly WardLive[]): StayBoardFigures | null => {
    const ids = new Set(wards.map((ward) => ward.ward.id));
    return stayBoardFigures(
      (snapshot.wardStays ?? []).filter((record: WardStaysRecord) => ids.has(record.wardId)),
      now,
    );
  };
  const populations = new Map(snapshot.trusts.map((trust) => [trust.ods, trust.population ?? null]));
  const referralsOf = (of: readonly TrustLive[]) =>
    referralFigures(
      of.flatMap((trust) => trust.referralDays ?? []),
      now,
      (ods) => populations.get(ods),
    );
  const trusts: TrustSummary[] = snapshot.trusts.map((trust) => {
    const wards = snapshot.wards.filter((ward) => ward.ward.trustOds === trust.ods);
    return {
      ods: trust.ods,
      name: trust.name,
      escalation: trust.escalation,
      beds: liveTotals(wards, now, limits),
      notReporting: wardsNotReporting(wards, now, limits),
      placements: placementFigures(trust.placements, now),
      waitingLists: waitingListsWorstFirst(trust.waitingLists),
      video: videoFigures(trust.videoDays, now),
      trustFigures: sumTrustFigures(trust.trustFigures ? [trust.trustFigures] : []),
      dischargeDelays: delaysOf(wards),
      stays: staysOf(wards),
      referrals: referralsOf([trust]),
    };
  });
  return {
    scope: snapshot.scope,
    at: new Date(now).toISOString(),
    escalation: snapshot.escalation,
    beds: liveTotals(snapshot.wards, now, limits),
    notReporting: wardsNotReporting(snapshot.wards, now, limits),
    placements: sumPlacementFigures(trusts.map((trust) => trust.placements)),
    waitingLists: waitingListsWorstFirst(snapshot.trusts.flatMap((trust) => trust.waitingLists)),
    video: videoFigures(
      snapshot.trusts.flatMap((trust) => trust.videoDays),
      now,
    ),
    trustFigures: sumTrustFigures(snapshot.trusts.flatMap((trust) => (trust.trustFigures ? [trust.trustFigures] : []))),
    dischargeDelays: delaysOf(snapshot.wards),
    stays: staysOf(snapshot.wards),
    referrals: referralsOf(snapshot.trusts),
    trusts,
  };
}
