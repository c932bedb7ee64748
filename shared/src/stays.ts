/**
 * Anonymous stays as facts (issue #17 item 2): a source (a PAS extract, or WardPulse's own HL7
 * visits) says a stay began on a ward and, later, that it ended. No identity: the stay is named by
 * a key the source chose (`stayRef`), opaque like a delay's. Each fact is the stay as the source
 * holds it at `recordedAt`; the latest (ties by event id) is the stay, so a discharge cancelled
 * at source is a later fact with `dischargedAt: null`. Figures: length-of-stay.ts.
 */
import { z } from 'zod';
import { eventIdSchema, MAX_BATCH_EVENTS, MAX_FUTURE_SKEW_MS } from './bed-state.js';
import type { ErrorDetail } from './errors.js';
import { formatPath } from './errors.js';
import { looksLikeNhsNumber, NHS_NUMBER_REFUSAL, opaqueRefSchema } from './opaque-ref.js';
import { wardIdSchema } from './org.js';
import { sourceTimeViolations } from './text.js';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a UTC offset' });

/** Keys WardPulse gives the stays it derives from HL7 visits (jobs/src/hl7/hl7-census.ts); a source may not use them. */
export const HL7_STAY_REF_PREFIX = 'hl7.';

/** A stay longer than this (about 27 years) is a typing error, not a stay. */
export const MAX_STAY_NIGHTS = 10_000;

export const stayRecordSchema = z.strictObject({
  eventId: eventIdSchema,
  stayRef: opaqueRefSchema(64).describe(
    'An opaque key the source chooses for this stay, the same in every fact about it; never an NHS number, name or hospital number',
  ),
  wardId: wardIdSchema.describe('The ward the stay is on (where it ended, once discharged)'),
  admittedAt: instant.describe('When the person was admitted'),
  dischargedAt: instant
    .nullable()
    .describe('When they were discharged; null while they are in (or when a discharge was cancelled)'),
  recordedAt: instant.describe('When the source recorded the stay as sent: the latest is the stay'),
});
export type StayRecord = z.infer<typeof stayRecordSchema>;

export const stayBatchSchema = z.strictObject({
  events: z
    .array(stayRecordSchema)
    .min(1, 'must hold at least one stay')
    .max(MAX_BATCH_EVENTS, `must hold at most ${MAX_BATCH_EVENTS} stays`),
});

/** What makes a well-formed stay impossible (422); empty when it can be accepted. */
export function stayViolations(stay: StayRecord, nowMs: number, prefix: readonly PropertyKey[] = []): ErrorDetail[] {
  const at = (field: string) => formatPath([...prefix, field]);
  const violations: ErrorDetail[] = [];
  if (looksLikeNhsNumber(stay.stayRef)) violations.push({ path: at('stayRef'), message: NHS_NUMBER_REFUSAL });
  if (stay.stayRef.toLowerCase().startsWith(HL7_STAY_REF_PREFIX))
    violations.push({
      path: at('stayRef'),
      message: `must not start with "${HL7_STAY_REF_PREFIX}": those keys are WardPulse's own, for stays from HL7`,
    });
  const admitted = Date.parse(stay.admittedAt);
  const latest = nowMs + MAX_FUTURE_SKEW_MS;
  if (admitted > latest) violations.push({ path: at('admittedAt'), message: 'is in the future' });
  if (Date.parse(stay.recordedAt) > latest) violations.push({ path: at('recordedAt'), message: 'is in the future' });
  if (stay.dischargedAt !== null) {
    const discharged = Date.parse(stay.dischargedAt);
    if (discharged < admitted)
      violations.push({ path: at('dischargedAt'), message: `is before admittedAt (${stay.admittedAt})` });
    if (discharged > latest) violations.push({ path: at('dischargedAt'), message: 'is in the future' });
    if (Date.parse(stay.recordedAt) < discharged)
      violations.push({ path: at('recordedAt'), message: 'is before the discharge it records' });
  }
  if (Date.parse(stay.recordedAt) < admitted)
    violations.push({ path: at('recordedAt'), message: 'is before the admission it records' });
  if ((nowMs - admitted) / 86_400_000 > MAX_STAY_NIGHTS)
    violations.push({ path: at('admittedAt'), message: `is more than ${MAX_STAY_NIGHTS} days ago` });
  for (const field of ['admittedAt', 'recordedAt', 'dischargedAt'] as const) {
    const value = stay[field];
    if (value !== null) violations.push(...sourceTimeViolations(value, [...prefix, field]));
  }
  return violations;
}
