/**
 * The sitrep API's bodies (`/api/v1/sitreps`), defined once: the server validates and answers
 * with these, the web app reads them, the OpenAPI document is generated from them. Also the CSV a
 * list downloads as, and the small rules both sides apply (a return's id, status, edits).
 */
import { z } from 'zod';
import { calendarDateSchema } from './calendar.js';
import { csvNumber, csvText } from './csv-cells.js';
import { odsCodeSchema } from './org.js';
import { collaborativeIdSchema } from './scope.js';
import { addDays, londonDateOf } from './calendar.js';
import {
  isSitrepLate,
  londonTimeOn,
  MAX_SITREP_FIGURE,
  SITREP_FIELD_LABELS,
  SITREP_FIELDS,
  SITREP_KIND_LABELS,
  SITREP_KINDS,
  sitrepFiguresSchema,
  sitrepSlot,
  type SitrepField,
  type SitrepSchedule,
  type SitrepSlot,
  type SitrepFigures,
  type SitrepKind,
} from './sitrep.js';
import { storableText } from './text.js';

export const SITREP_STATUSES = ['unsigned', 'late', 'signed'] as const;
export type SitrepStatus = (typeof SITREP_STATUSES)[number];

export const SITREP_STATUS_LABELS: Record<SitrepStatus | 'missing', string> = {
  unsigned: 'Awaiting sign-off',
  late: 'Late: not signed 30 minutes after it was due',
  signed: 'Signed',
  missing: 'Not assembled',
};

/** A return's status at `now`: signed, or unsigned and (30 minutes after it fell due) late. */
export function sitrepStatus(dueAt: number, signedAt: number | null, now: number): SitrepStatus {
  if (signedAt !== null) return 'signed';
  return isSitrepLate({ dueAt }, null, now) ? 'late' : 'unsigned';
}

/** The stable id of a trust's return: `RX4-adult-2026-03-30-1400` (one return per trust, kind and slot). */
export function sitrepId(trustOds: string, kind: SitrepKind, date: string, time: string): string {
  return `${trustOds}-${kind}-${date}-${time.replace(':', '')}`;
}

/** The latest slot of a kind that has fallen due by `now` (null when the kind has no times). */
export function latestSitrepSlot(schedule: SitrepSchedule, kind: SitrepKind, now: number): SitrepSlot | null {
  const times = [...schedule[kind]].sort().reverse();
  // Today's times that have passed, latest first, else yesterday's last.
  for (const date of [londonDateOf(now), addDays(londonDateOf(now), -1)]) {
    const time = times.find((candidate) => londonTimeOn(date, candidate) <= now);
    if (time) return sitrepSlot(kind, date, time);
  }
  return null;
}

const isoDateTime = z.string().describe('ISO 8601 date-time');
const figureOrBlank = z.int().nullable();

export const sitrepSignatureSchema = z.object({
  name: z.string().describe('The name the duty bed manager signed off with'),
  actor: z.string().describe('Who was signed in: `user:<id>`'),
  at: isoDateTime,
});
export type SitrepSignature = z.infer<typeof sitrepSignatureSchema>;

/** A return as listed: its figures now (after any edits) and whether they pass the form's rules. */
export const sitrepSummarySchema = z.object({
  id: z.string().describe('e.g. RX4-adult-2026-03-30-1400'),
  trustOds: z.string(),
  trustName: z.string(),
  kind: z.enum(SITREP_KINDS),
  date: z.string().describe('London date it is for, YYYY-MM-DD'),
  time: z.string().describe('London time it fell due, HH:MM'),
  dueAt: isoDateTime,
  assembledAt: isoDateTime.describe('When WardPulse assembled it from live data'),
  status: z.enum(SITREP_STATUSES),
  figures: sitrepFiguresSchema.describe('Current figures (as assembled, then edited); null is a blank'),
  violations: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .describe('Why the regional form would refuse the figures; a return can be signed only when empty'),
  edits: z.int().nonnegative().describe('How many figures were edited by hand'),
  signature: sitrepSignatureSchema.nullable(),
});
export type SitrepSummary = z.infer<typeof sitrepSummarySchema>;

export const sitrepEditSchema = z.object({
  at: isoDateTime,
  actor: z.string(),
  actorName: z.string(),
  field: z.enum(SITREP_FIELDS),
  before: figureOrBlank,
  after: figureOrBlank,
  reason: z.string(),
});
export type SitrepEdit = z.infer<typeof sitrepEditSchema>;

/** A return in full: as assembled, where each figure came from, every edit. */
export const sitrepDetailSchema = sitrepSummarySchema.extend({
  assembled: sitrepFiguresSchema.describe('The figures as WardPulse assembled them'),
  sources: z.record(z.enum(SITREP_FIELDS), z.string()).describe('Where each assembled figure came from, or why it is blank'),
  wards: z.array(z.string()).describe('Wards the return counts'),
  wardsNotReporting: z.array(z.string()).describe('Those with no bed state when it was assembled'),
  editHistory: z.array(sitrepEditSchema).describe('Oldest first'),
});
export type SitrepDetail = z.infer<typeof sitrepDetailSchema>;

export const sitrepListQuerySchema = z.strictObject({
  trust: odsCodeSchema.optional(),
  collaborative: collaborativeIdSchema.optional(),
  kind: z.enum(SITREP_KINDS).optional(),
  status: z.enum(SITREP_STATUSES).optional(),
  from: calendarDateSchema.optional().describe('Returns from this London date'),
  to: calendarDateSchema.optional().describe('Returns up to and including this London date'),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export type SitrepListQuery = z.infer<typeof sitrepListQuerySchema>;

export const sitrepListResponseSchema = z.object({ sitreps: z.array(sitrepSummarySchema).describe('Newest first') });

export const sitrepOverviewQuerySchema = z.strictObject({
  collaborative: collaborativeIdSchema.optional().describe('Omit for every trust you may read (the region)'),
});

/** One member's returns of one kind in the overview: its latest due return, or none assembled. */
export const sitrepOverviewEntrySchema = z.object({
  kind: z.enum(SITREP_KINDS),
  /** The latest slot that has fallen due for this kind (null when none has yet). */
  due: z.object({ date: z.string(), time: z.string(), dueAt: isoDateTime }).nullable(),
  status: z.enum([...SITREP_STATUSES, 'missing']).describe('Of the latest due return; `missing`: none was assembled for it'),
  latest: sitrepSummarySchema.nullable().describe('The latest return assembled'),
});
export type SitrepOverviewEntry = z.infer<typeof sitrepOverviewEntrySchema>;

export const sitrepOverviewSchema = z.object({
  scope: z.string().describe('`collaborative:<id>` or `region`'),
  name: z.string(),
  at: isoDateTime,
  trusts: z.array(z.object({ ods: z.string(), name: z.string(), returns: z.array(sitrepOverviewEntrySchema) })),
  notSubmitted: z
    .array(z.object({ ods: z.string(), name: z.string(), kind: z.enum(SITREP_KINDS) }))
    .describe('Members whose latest due return is not signed'),
});
export type SitrepOverview = z.infer<typeof sitrepOverviewSchema>;

/** A figure keyed by hand: the form's own rules (whole, not negative, not absurd) refuse anything else at once. */
const keyedFigure = z
  .int('must be a whole number')
  .min(0, 'must not be negative: enter 0 where it does not apply')
  .max(MAX_SITREP_FIGURE, `must be at most ${MAX_SITREP_FIGURE}`);

export const sitrepEditRequestSchema = z.strictObject({
  figures: z
    .strictObject(
      Object.fromEntries(SITREP_FIELDS.map((field) => [field, keyedFigure.optional()])) as Record<
        SitrepField,
        z.ZodOptional<typeof keyedFigure>
      >,
    )
    .refine((figures) => Object.values(figures).some((value) => value !== undefined), 'must change at least one figure'),
  reason: storableText(500).refine((text) => text.trim().length > 0, 'must say why the figures change'),
});
export type SitrepEditRequest = z.infer<typeof sitrepEditRequestSchema>;

export const sitrepSignRequestSchema = z.strictObject({
  name: storableText(200).refine((name) => name.trim().length > 0, 'must be the name you sign off with'),
});
export type SitrepSignRequest = z.infer<typeof sitrepSignRequestSchema>;

/** The fields an edit changes, with their values before and after (a figure set to what it was is no change). */
export function sitrepEditChanges(
  current: SitrepFigures,
  edit: SitrepEditRequest['figures'],
): { field: SitrepField; before: number | null; after: number }[] {
  return SITREP_FIELDS.flatMap((field) => {
    const after = edit[field];
    return after === undefined || after === current[field] ? [] : [{ field, before: current[field], after }];
  });
}

/** Returns as CSV, one row each: who, which, status and signature, then every field by its form label. */
export function sitrepCsv(rows: readonly SitrepSummary[]): string {
  const header = [
    'Trust ODS code',
    'Trust',
    'Return',
    'Date',
    'Time',
    'Status',
    'Signed by',
    'Signed at',
    ...SITREP_FIELDS.map((field) => SITREP_FIELD_LABELS[field]),
  ].map(csvText);
  const lines = rows.map((row) => [
    csvText(row.trustOds),
    csvText(row.trustName),
    csvText(SITREP_KIND_LABELS[row.kind]),
    row.date,
    row.time,
    row.status,
    csvText(row.signature?.name ?? ''),
    row.signature?.at ?? '',
    ...SITREP_FIELDS.map((field) => csvNumber(row.figures[field])),
  ]);
  return [header, ...lines].map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}
