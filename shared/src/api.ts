/** Request and response bodies of the HTTP API, defined once (the OpenAPI document is generated from them). */
import { referralDaySchema, referralFiguresSchema } from './referrals.js';
import { z } from 'zod';
import { MAX_BATCH_EVENTS } from './bed-state.js';
import { crisisCapacityReportSchema } from './crisis-capacity.js';
import { dischargeDelayFiguresSchema, dischargeDelaysSnapshotSchema } from './discharge-delays.js';
import { escalationStateSchema } from './escalation.js';
import { bedTotalsSchema, liveSnapshotSchema, notReportingWardsSchema, type LiveSummary } from './live.js';
import { PLACEMENT_BED_TYPES, placementEventSchema, type PlacementBedType, type PlacementFigures } from './placements.js';
import { s136SuiteStateSchema } from './s136-suite-state.js';
import { REFERRAL_SETTINGS, type ReferralSetting } from './sitrep.js';
import { trustFiguresRecordSchema, trustFiguresSchema, type TrustFiguresTotals } from './trust-figures.js';
import { videoConsultationDaySchema, type ContactTotals } from './video-consultations.js';
import { stayBoardFiguresSchema } from './ward-stays.js';
import {
  WAIT_BANDS,
  WAITING_SERVICE_IDS,
  waitingListSnapshotSchema,
  type WaitBandId,
  type WaitingServiceId,
} from './waiting-lists.js';

/** `{"events":[…]}`: a batch of one kind of event, all or nothing. */
export function eventBatchSchema<T extends z.ZodType>(event: T) {
  return z.strictObject({
    events: z
      .array(event)
      .min(1, 'must contain at least one event')
      .max(MAX_BATCH_EVENTS, `must contain at most ${MAX_BATCH_EVENTS} events`),
  });
}
export const placementBatchSchema = eventBatchSchema(placementEventSchema);
export const waitingListBatchSchema = eventBatchSchema(waitingListSnapshotSchema);
export const videoConsultationBatchSchema = eventBatchSchema(videoConsultationDaySchema);
export const s136SuiteStateBatchSchema = eventBatchSchema(s136SuiteStateSchema);
export const crisisCapacityBatchSchema = eventBatchSchema(crisisCapacityReportSchema);
export const trustFiguresBatchSchema = eventBatchSchema(trustFiguresSchema);
export const dischargeDelaysBatchSchema = eventBatchSchema(dischargeDelaysSnapshotSchema);
export const referralBatchSchema = eventBatchSchema(referralDaySchema);

/** The answer to a bed manager's quick update: the report as logged (applied to live state a moment later). */
export const trustFiguresUpdateResponseSchema = z.object({
  eventId: z.string(),
  trustFigures: trustFiguresRecordSchema,
});
export type TrustFiguresUpdateResponse = z.infer<typeof trustFiguresUpdateResponseSchema>;

export const ingestResponseSchema = z.object({
  accepted: z.int().nonnegative().describe('Events logged for the first time'),
  duplicates: z.int().nonnegative().describe('Events whose id was already logged: counted once, not applied again'),
  events: z.array(z.object({ eventId: z.string(), status: z.enum(['accepted', 'duplicate']) })),
});
export type IngestResponse = z.infer<typeof ingestResponseSchema>;

const count = z.int().nonnegative();
const share = z.number().nullable().describe('A fraction (0.57 = 57%); null when undefined (nothing to divide by)');

/**
 * The published OAP measures count inappropriate placements only (reason "no bed available");
 * the figures named "all OAPs" count every placement, whatever its reason, and are never OAP01a–04a.
 */
const placementFiguresSchema = z.object({
  active: count.describe('All OAPs active now, whatever the reason (not OAP03a)'),
  activeInappropriate: count.describe('OAP03a now: inappropriate OAPs (no local bed available) active'),
  startedThisMonth: count.describe('All OAPs started this month (not OAP01a)'),
  inappropriateStartedThisMonth: count.describe('OAP01a for the month so far: inappropriate OAPs started'),
  endedThisMonth: count.describe('All OAPs ended this month (not OAP04a)'),
  inappropriateEndedThisMonth: count.describe('OAP04a for the month so far: inappropriate OAPs ended'),
  bedDaysThisMonth: count.describe('All OAPs: nights active at midnight, clipped to the month and to now (not OAP02a)'),
  inappropriateBedDaysThisMonth: count.describe('OAP02a for the month so far: bed days of inappropriate OAPs'),
  costThisMonth: z.number().describe("£, all OAPs: each bed day this month at the placement's daily cost in force that day"),
  inappropriateCostThisMonth: z
    .number()
    .describe('£, inappropriate OAPs: their bed days this month at the cost in force each day'),
  activeByBedType: z
    .object(Object.fromEntries(PLACEMENT_BED_TYPES.map((type) => [type, count])) as Record<PlacementBedType, typeof count>)
    .describe('All OAPs active now, by bed type'),
  activeOver100Km: count.describe('All OAPs active now more than 100 km from home'),
  shareOver100Km: share.describe('activeOver100Km ÷ active; null when none is active'),
}) satisfies z.ZodType<PlacementFigures>;

const waitingListFiguresSchema = z.object({
  service: z.enum(WAITING_SERVICE_IDS as [WaitingServiceId, ...WaitingServiceId[]]),
  label: z.string(),
  trustsReporting: count,
  waiting: count,
  bands: z.object(Object.fromEntries(WAIT_BANDS.map((band) => [band.id, count])) as Record<WaitBandId, typeof count>),
  waitingMoreThan52Weeks: count.describe('Waiting more than 52 weeks (exactly 52 is not more than 52), as MRS02e'),
  waiting52WeeksPlus: count.describe('Deprecated: the v1 name of waitingMoreThan52Weeks, the same value'),
  medianWeeks: z.number().nullable(),
  p90Weeks: z.number().nullable(),
  percentilesEstimated: z.boolean().describe('True for roll-ups: estimated from the summed wait bands'),
  referralsReceived: count,
  referralsClosed: count,
  standards: z.array(
    z.object({
      standard: z.string(),
      label: z.string(),
      weeks: z.number(),
      target: z.number().nullable(),
      counted: z.string().describe("What the standard's denominator counts, e.g. referrals that finished a course of treatment"),
      countedShort: z.string().describe('The same in a few words, e.g. "finishing treatment"'),
      started: count.describe("The standard's denominator for the period (wire name kept from v1)"),
      startedWithin: count.describe('Of them, those within the standard'),
      share,
      meetsTarget: z.boolean().nullable(),
    }),
  ),
});

const contactTotalsSchema = z.object({
  video: count.describe('Video consultations: CONSULTATION MECHANISM 11, and the retired 03 (telemedicine web camera)'),
  faceToFace: count.describe('Face to face (01)'),
  telephone: count.describe('Telephone (02)'),
  all: count.describe('Every contact, whatever the mechanism'),
  videoShare: share,
}) satisfies z.ZodType<ContactTotals>;
const videoFiguresSchema = z.object({
  today: contactTotalsSchema,
  thisWeek: contactTotalsSchema,
  thisMonth: contactTotalsSchema,
});

const trustFiguresTotalsSchema = z.object({
  trustsReporting: count.describe('Trusts whose latest report is included'),
  referralsWaiting: z.object(
    Object.fromEntries(REFERRAL_SETTINGS.map((setting) => [setting, count])) as Record<ReferralSetting, typeof count>,
  ),
  referralsWaitingTotal: count,
  completedDischarges: count.describe("Summed over the trusts' counting windows (since each one's last return)"),
  section136Breaches: count,
  patientsFromOutside: count,
  oldestObservedAt: z.string().nullable().describe('The oldest report included; null when no trust has reported'),
}) satisfies z.ZodType<TrustFiguresTotals>;

const measureSummaryShape = {
  beds: bedTotalsSchema.describe('Over the wards reporting at `at`'),
  notReporting: notReportingWardsSchema.describe('The wards left out of `beds`: never reported, or silent past their limit'),
  placements: placementFiguresSchema,
  waitingLists: z.array(waitingListFiguresSchema).describe('Services, worst first'),
  video: videoFiguresSchema,
  trustFigures: trustFiguresTotalsSchema,
  dischargeDelays: dischargeDelayFiguresSchema.describe('Delayed discharges of the wards reporting'),
  stays: stayBoardFiguresSchema
    .nullable()
    .describe("Length of stay of the people in and today's admissions and discharges, from stays; null until a ward sends stays"),
  referrals: referralFiguresSchema.describe("Today's referrals of the scope's trusts, acceptance rate and rate per 100,000"),
};

export const liveSummarySchema = z.object({
  scope: z.string(),
  at: z.string().describe('The moment time-dependent figures refer to'),
  escalation: escalationStateSchema.nullable(),
  ...measureSummaryShape,
  trusts: z.array(
    z.object({ ods: z.string(), name: z.string(), escalation: escalationStateSchema.nullable(), ...measureSummaryShape }),
  ),
}) satisfies z.ZodType<LiveSummary>;

export const liveResponseSchema = z.object({
  seq: z.string().describe('Sequence of the last change included; pass as `since` when subscribing over Socket.IO'),
  snapshot: liveSnapshotSchema,
  summary: liveSummarySchema.describe('Every measure for the scope and each of its trusts, computed from the snapshot'),
});
export type LiveResponse = z.infer<typeof liveResponseSchema>;
