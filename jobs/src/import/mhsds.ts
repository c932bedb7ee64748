/**
 * The MHSDS published-measures file format (domain.md, "Waiting times"): one header row
 * `REPORTING_PERIOD_START, REPORTING_PERIOD_END, STATUS, BREAKDOWN, PRIMARY_LEVEL,
 * PRIMARY_LEVEL_DESCRIPTION, SECONDARY_LEVEL, SECONDARY_LEVEL_DESCRIPTION, MEASURE_ID,
 * MEASURE_NAME, MEASURE_VALUE`, dates as dd/mm/yyyy and `*` for a suppressed value (small numbers
 * withheld: not zero). Every month of every MHSDS measure family (MRS, OAP, …) shares it.
 *
 * Columns are found by name, so a month that reorders them still imports. Breakdowns are kept as
 * published, known or not (England, ICB of GP Practice or Residence, Provider, and any other).
 */
import { isStorableText, normaliseOdsCode } from '@wardpulse/shared';
import { z } from 'zod';
import type { CsvRecord } from './csv-records.js';

/** MEASURE_IDs are unique across the MHSDS publications, so one source name covers them all. */
export const MHSDS_SOURCE = 'mhsds';

export const MHSDS_COLUMNS = [
  'REPORTING_PERIOD_START',
  'REPORTING_PERIOD_END',
  'STATUS',
  'BREAKDOWN',
  'PRIMARY_LEVEL',
  'PRIMARY_LEVEL_DESCRIPTION',
  'SECONDARY_LEVEL',
  'SECONDARY_LEVEL_DESCRIPTION',
  'MEASURE_ID',
  'MEASURE_NAME',
  'MEASURE_VALUE',
] as const;
export type MhsdsColumn = (typeof MHSDS_COLUMNS)[number];

/**
 * How final a published figure is. MHSDS labels data submitted the month after activity
 * Provisional, the figures used to monitor performance Performance, and the year-end refresh Final
 * (before April 2020: Primary, then Refresh, which was final). NHS England, "Changing the submission
 * windows for the Mental Health Services Data", background. A less final figure never replaces a more
 * final one; a status not listed ranks as Performance.
 */
export const PUBLISHED_STATUS_RANK: Record<string, number> = { provisional: 0, primary: 0, performance: 1, refresh: 1, final: 2 };
const DEFAULT_STATUS_RANK = 1;

export function publishedStatusRank(status: string): number {
  return PUBLISHED_STATUS_RANK[status.trim().toLowerCase()] ?? DEFAULT_STATUS_RANK;
}

/** The same ranking as an SQL expression over a status column (the upsert compares stored and incoming). */
export function publishedStatusRankSql(column: string): string {
  const cases = Object.entries(PUBLISHED_STATUS_RANK)
    .map(([status, rank]) => `when '${status}' then ${rank}`)
    .join(' ');
  return `(case lower(trim(${column})) ${cases} else ${DEFAULT_STATUS_RANK} end)`;
}

/**
 * Breakdowns whose PRIMARY_LEVEL is an organisation code (ODS): normalised to upper case without
 * spaces, so "rx4 " in one month's file is the same provider as "RX4" in the next.
 */
const ORGANISATION_BREAKDOWN = /provider|icb|sub[- ]?icb|ccg|stp|commissioning|region/i;

export function normalisedPrimaryLevel(breakdown: string, level: string): string {
  return ORGANISATION_BREAKDOWN.test(breakdown) ? normaliseOdsCode(level) : level;
}

/** The value published when a count is too small to show. */
export const SUPPRESSED = '*';

/** One published figure, as stored in `published_measure`. */
export interface PublishedMeasureRow {
  source: string;
  periodStart: string;
  periodEnd: string;
  status: string;
  breakdown: string;
  primaryLevel: string;
  primaryDescription: string;
  secondaryLevel: string;
  secondaryDescription: string;
  measureId: string;
  measureName: string;
  /** Null when suppressed. */
  value: number | null;
  suppressed: boolean;
}

const normaliseHeader = (name: string) => name.trim().toUpperCase();

/** Where each MHSDS column is in this file's header; or the columns it lacks. */
export function mhsdsHeader(header: readonly string[]): { ok: true; columns: number[] } | { ok: false; missing: string[] } {
  const names = header.map(normaliseHeader);
  const missing = MHSDS_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, columns: MHSDS_COLUMNS.map((column) => names.indexOf(column)) };
}

const DAY_MONTH_YEAR = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const YEAR_MONTH_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `dd/mm/yyyy` (as published) or `yyyy-mm-dd` as a real calendar date `YYYY-MM-DD`; null otherwise. */
export function publishedDate(text: string): string | null {
  const dmy = DAY_MONTH_YEAR.exec(text);
  const ymd = dmy ? null : YEAR_MONTH_DAY.exec(text);
  const [year, month, day] = dmy ? [dmy[3], dmy[2], dmy[1]].map(Number) : ymd ? [ymd[1], ymd[2], ymd[3]].map(Number) : [];
  if (year === undefined || month === undefined || day === undefined) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

const text = (max: number) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(
      z
        .string()
        .max(max, `must be at most ${max} characters`)
        .refine(isStorableText, 'must not contain NUL or broken characters'),
    );
const required = (max: number) => text(max).pipe(z.string().min(1, 'must not be empty'));

const date = z.string().transform((value, ctx) => {
  const trimmed = value.trim();
  const iso = publishedDate(trimmed);
  if (iso === null) {
    ctx.addIssue({ code: 'custom', message: `"${trimmed.slice(0, 40)}" is not a date as dd/mm/yyyy` });
    return z.NEVER;
  }
  if (iso < '2000-01-01') {
    ctx.addIssue({ code: 'custom', message: `${trimmed} is before 2000: not a plausible reporting period` });
    return z.NEVER;
  }
  return iso;
});

const measureValue = z.string().transform((value, ctx): { value: number | null; suppressed: boolean } => {
  const trimmed = value.trim();
  if (trimmed === SUPPRESSED) return { value: null, suppressed: true };
  const number = NUMBER.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(number)) {
    ctx.addIssue({
      code: 'custom',
      message:
        trimmed === ''
          ? 'is empty (a suppressed value is published as "*")'
          : `"${trimmed.slice(0, 40)}" is not a number or "*" (suppressed)`,
    });
    return z.NEVER;
  }
  return { value: number, suppressed: false };
});

/** One MHSDS row by column name, checked and converted. */
export const mhsdsRowSchema = z
  .object({
    REPORTING_PERIOD_START: date,
    REPORTING_PERIOD_END: date,
    STATUS: text(100),
    BREAKDOWN: required(200),
    PRIMARY_LEVEL: required(100),
    PRIMARY_LEVEL_DESCRIPTION: text(500),
    SECONDARY_LEVEL: text(100),
    SECONDARY_LEVEL_DESCRIPTION: text(500),
    MEASURE_ID: required(50),
    MEASURE_NAME: text(1000),
    MEASURE_VALUE: measureValue,
  })
  .refine((row) => row.REPORTING_PERIOD_END >= row.REPORTING_PERIOD_START, {
    path: ['REPORTING_PERIOD_END'],
    message: 'is before REPORTING_PERIOD_START',
  });

/** Reads one record of an MHSDS file (fields in the header's order) as a published figure, or says why not. */
export function mhsdsRow(
  fields: readonly string[],
  header: { columns: readonly number[]; width: number },
): { ok: true; row: PublishedMeasureRow } | { ok: false; reason: string } {
  if (fields.length !== header.width) {
    return { ok: false, reason: `has ${fields.length} fields; the header has ${header.width}` };
  }
  const byName = Object.fromEntries(MHSDS_COLUMNS.map((column, index) => [column, fields[header.columns[index]!] ?? '']));
  const parsed = mhsdsRowSchema.safeParse(byName);
  if (!parsed.success) {
    return { ok: false, reason: parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ') };
  }
  const row = parsed.data;
  return {
    ok: true,
    row: {
      source: MHSDS_SOURCE,
      periodStart: row.REPORTING_PERIOD_START,
      periodEnd: row.REPORTING_PERIOD_END,
      status: row.STATUS,
      breakdown: row.BREAKDOWN,
      primaryLevel: normalisedPrimaryLevel(row.BREAKDOWN, row.PRIMARY_LEVEL),
      primaryDescription: row.PRIMARY_LEVEL_DESCRIPTION,
      secondaryLevel: row.SECONDARY_LEVEL,
      secondaryDescription: row.SECONDARY_LEVEL_DESCRIPTION,
      measureId: row.MEASURE_ID,
      measureName: row.MEASURE_NAME,
      value: row.MEASURE_VALUE.value,
      suppressed: row.MEASURE_VALUE.suppressed,
    },
  };
}

/** The key of `published_measure`: two rows with one key are the same figure. */
export function publishedMeasureKey(row: PublishedMeasureRow): string {
  return JSON.stringify([
    row.source,
    row.periodStart,
    row.periodEnd,
    row.breakdown,
    row.primaryLevel,
    row.secondaryLevel,
    row.measureId,
  ]);
}

export type MhsdsRecord = { line: number; row: PublishedMeasureRow } | { line: number; reason: string };

/** The rows after an MHSDS header (the header's column positions from `mhsdsHeader`): each a figure or a rejection. */
export async function* mhsdsRows(
  header: { columns: readonly number[]; width: number },
  records: AsyncIterable<CsvRecord>,
): AsyncGenerator<MhsdsRecord> {
  for await (const record of records) {
    if ('problem' in record) {
      yield { line: record.line, reason: record.problem };
      continue;
    }
    const parsed = mhsdsRow(record.fields, header);
    yield parsed.ok ? { line: record.line, row: parsed.row } : { line: record.line, reason: parsed.reason };
  }
}
