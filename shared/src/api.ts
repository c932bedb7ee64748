/** Request and response bodies of the HTTP API, defined once (the OpenAPI document is generated from them). */
import { z } from 'zod';
import { MAX_BATCH_EVENTS } from './bed-state.js';
import { escalationStateSchema } from './escalation.js';
import { bedTotalsSchema, liveSnapshotSchema, notReportingWardsSchema, type LiveSummary } from './live.js';
import { placementEventSchema } from './placements.js';
import { s136SuiteStateSchema } from './s136-suite-state.js';
import { REFERRAL_SETTINGS, type ReferralSetting } from './sitrep.js';
import { trustFiguresRecordSchema, trustFiguresSchema, type TrustFiguresTotals } from './trust-figures.js';
import { videoConsultationDaySchema } from './video-consultations.js';
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
export const trustFiguresBatchSchema = eventBatchSchema(trustFiguresSchema);

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

const placementFiguresSchema = z.object({
  active: count,
  activeInappropriate: count,
  startedThisMonth: count.describe('OAP01a for the month so far'),
  endedThisMonth: count.describe('OAP04a for the month so far'),
  bedDaysThisMonth: count.describe('OAP02a: nights active at midnight, clipped to the month and to now'),
  costThisMonth: z.number().describe('£: bed days this month × daily cost'),
  activeOver100Km: count,
  shareOver100Km: share,
});

const waitingListFiguresSchema = z.object({
  service: z.enum(WAITING_SERVICE_IDS as [WaitingServiceId, ...WaitingServiceId[]]),
  label: z.string(),
  trustsReporting: count,
  waiting: count,
  bands: z.object(Object.fromEntries(WAIT_BANDS.map((band) => [band.id, count])) as Record<WaitBandId, typeof count>),
  waiting52WeeksPlus: count,
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
      started: count,
      startedWithin: count,
      share,
      meetsTarget: z.boolean().nullable(),
    }),
  ),
});

const contactTotalsSchema = z.object({ video: count, all: count, videoShare: share });
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
