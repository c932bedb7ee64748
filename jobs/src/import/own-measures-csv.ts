/**
 * The generic CSV layout of WardPulse's own measures, for trusts back-loading history
 * (docs/import.md): one header row, a column per field of the shared schemas (nested fields
 * flattened), ISO 8601 times with an offset, blank cells for absent optional fields. An optional
 * `eventId` column; without it the id is derived from the row's content, so importing the same
 * file again adds nothing.
 */
import { createHash } from 'node:crypto';
import type {
  BedStateObservation,
  DischargeDelaysSnapshot,
  PlacementEvent,
  VideoConsultationDay,
  WaitingListSnapshot,
} from '@wardpulse/shared';
import {
  bedStateSchema,
  dischargeDelaysSnapshotSchema,
  CONSULTATION_MECHANISM_CODES,
  normaliseOdsCode,
  placementEventSchema,
  videoConsultationDaySchema,
  WAIT_BANDS,
  WAITING_SERVICES,
  waitingListSnapshotSchema,
  REFERRAL_COUNT_FIELDS,
  REFERRAL_SOURCE_CODES,
  referralDaySchema,
  type ReferralDay,
} from '@wardpulse/shared';
import type { z } from 'zod';
import type { OwnMeasureKind } from './import-report.js';

export interface OwnMeasurePayloads {
  'bed-states': BedStateObservation;
  placements: PlacementEvent;
  'waiting-lists': WaitingListSnapshot;
  'video-consultations': VideoConsultationDay;
  /** One row per ward and moment: its whole list in the `delays` cell (parseDelaysCell). */
  'discharge-delays': DischargeDelaysSnapshot;
  /** One row per trust, day and service: received, the decisions, sources as `source.<code>` columns. */
  referrals: ReferralDay;
}

interface ColumnSpec {
  name: string;
  required: boolean;
}

const STANDARD_IDS = [
  ...new Set(Object.values(WAITING_SERVICES).flatMap((service) => service.standards.map((standard) => standard.id as string))),
];

const required = (...names: string[]): ColumnSpec[] => names.map((name) => ({ name, required: true }));
const optional = (...names: string[]): ColumnSpec[] => names.map((name) => ({ name, required: false }));

/** Each kind's columns, in the documented order. */
export const OWN_MEASURE_COLUMNS: Record<OwnMeasureKind, readonly ColumnSpec[]> = {
  'bed-states': [
    ...optional('eventId'),
    ...required('wardId', 'observedAt', 'commissioned', 'closed'),
    ...optional('closedReason'),
    ...required('occupied', 'onLeave', 'pendingAdmissions', 'clinicallyReadyForDischarge'),
  ],
  placements: [
    ...optional('eventId'),
    ...required('placementId', 'sendingTrust', 'event', 'occurredAt'),
    ...optional(
      'bedType',
      'appropriate',
      'reason',
      'receivingProviderName',
      'receivingProviderOds',
      'receivingProviderSector',
      'distanceKm',
      'dailyCost',
    ),
  ],
  'waiting-lists': [
    ...optional('eventId'),
    ...required('trustOds', 'service', 'asOf', 'periodStart', 'periodEnd', 'waiting'),
    ...required(...WAIT_BANDS.map((band) => band.id)),
    ...optional('medianWeeks', 'p90Weeks'),
    ...required('referralsReceived', 'referralsClosed'),
    ...optional(...STANDARD_IDS.flatMap((id) => [`started.${id}`, `startedWithin.${id}`])),
  ],
  'video-consultations': [
    ...optional('eventId'),
    ...required('trustOds'),
    ...optional('service'),
    ...required('date', 'observedAt'),
    ...optional(...CONSULTATION_MECHANISM_CODES.map((code) => `code${code}`)),
  ],
  'discharge-delays': [...optional('eventId'), ...required('wardId', 'observedAt', 'delays')],
  referrals: [
    ...optional('eventId'),
    ...required('trustOds', 'date', 'service', 'observedAt', ...REFERRAL_COUNT_FIELDS),
    ...optional(...REFERRAL_SOURCE_CODES.map((code) => `source.${code}`)),
  ],
};

/**
 * A ward's delays in one cell: `ref/reason/attribution/delayedSince` entries separated by `;`, the
 * attribution blank when not recorded — `D1/18/05/2026-10-02; D2/09//2026-11-14`. A blank cell is an
 * empty list (no delay open). Shapes are checked by the shared schema afterwards.
 */
export function parseDelaysCell(cell: string): { delays: Record<string, string | undefined>[] } | { problem: string } {
  const entries = cell
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const delays: Record<string, string | undefined>[] = [];
  for (const [index, entry] of entries.entries()) {
    const parts = entry.split('/').map((part) => part.trim());
    if (parts.length !== 4) {
      return { problem: `delays entry ${index + 1} "${entry.slice(0, 40)}" is not ref/reason/attribution/delayedSince` };
    }
    const [ref, reason, attributableTo, delayedSince] = parts as [string, string, string, string];
    delays.push(defined({ ref, reason, attributableTo: attributableTo === '' ? undefined : attributableTo, delayedSince }));
  }
  return { delays };
}

/** Which kind a header is, from the columns only that kind has; null when none matches. */
export function detectOwnMeasureKind(header: readonly string[]): OwnMeasureKind | null {
  const names = new Set(header.map((name) => name.trim().toLowerCase()));
  if (names.has('wardid') && names.has('delays')) return 'discharge-delays';
  if (names.has('wardid')) return 'bed-states';
  if (names.has('placementid')) return 'placements';
  if (names.has('waiting')) return 'waiting-lists';
  if (names.has('received') && names.has('accepted')) return 'referrals';
  if (names.has('date') && names.has('observedat')) return 'video-consultations';
  return null;
}

export type OwnHeader = { ok: true; names: string[] } | { ok: false; problem: string };

/** The header's columns by their canonical names; unknown, repeated or missing columns are a problem. */
export function ownMeasureHeader(kind: OwnMeasureKind, header: readonly string[]): OwnHeader {
  const specs = OWN_MEASURE_COLUMNS[kind];
  const byLower = new Map(specs.map((spec) => [spec.name.toLowerCase(), spec.name]));
  const names: string[] = [];
  const problems: string[] = [];
  for (const raw of header) {
    const name = byLower.get(raw.trim().toLowerCase());
    if (!name) problems.push(`unknown column "${raw.trim().slice(0, 60)}"`);
    else if (names.includes(name)) problems.push(`column "${name}" appears twice`);
    else names.push(name);
  }
  const missing = specs.filter((spec) => spec.required && !names.includes(spec.name)).map((spec) => spec.name);
  if (missing.length > 0) problems.push(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return problems.length > 0
    ? { ok: false, problem: `not a ${kind} file (docs/import.md): ${problems.join('; ')}` }
    : { ok: true, names };
}

type Cells = Record<string, string>;

class CellReader {
  readonly problems: string[] = [];
  constructor(private readonly cells: Cells) {}

  has(name: string): boolean {
    return (this.cells[name] ?? '').trim() !== '';
  }

  text(name: string): string | undefined {
    const value = (this.cells[name] ?? '').trim();
    return value === '' ? undefined : value;
  }

  /** An ODS code column, in its written form whatever the file's case or spacing. */
  ods(name: string): string | undefined {
    const value = this.text(name);
    return value === undefined ? undefined : normaliseOdsCode(value);
  }

  number(name: string, whole: boolean): number | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    const pattern = whole ? /^[+-]?\d+$/ : /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
    if (!pattern.test(value)) {
      this.problems.push(`${name} "${value.slice(0, 40)}" is not ${whole ? 'a whole number' : 'a number'}`);
      return undefined;
    }
    return Number(value);
  }

  boolean(name: string): boolean | undefined {
    const value = this.text(name)?.toLowerCase();
    if (value === undefined) return undefined;
    if (value === 'true' || value === 'yes') return true;
    if (value === 'false' || value === 'no') return false;
    this.problems.push(`${name} "${value.slice(0, 40)}" is not true or false`);
    return undefined;
  }
}

/** Drops undefined fields, so the strict schemas see absent optional fields as absent. */
function defined<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/** A row's object in the shape of the shared schema (not yet checked), without its event id. */
function candidate(kind: OwnMeasureKind, read: CellReader): Record<string, unknown> {
  switch (kind) {
    case 'bed-states':
      return defined({
        wardId: read.text('wardId'),
        observedAt: read.text('observedAt'),
        commissioned: read.number('commissioned', true),
        closed: read.number('closed', true),
        closedReason: read.text('closedReason'),
        occupied: read.number('occupied', true),
        onLeave: read.number('onLeave', true),
        pendingAdmissions: read.number('pendingAdmissions', true),
        clinicallyReadyForDischarge: read.number('clinicallyReadyForDischarge', true),
      });
    case 'placements': {
      const detailColumns = OWN_MEASURE_COLUMNS.placements.slice(5).map((spec) => spec.name);
      const details = detailColumns.some((name) => read.has(name))
        ? defined({
            bedType: read.text('bedType'),
            appropriate: read.boolean('appropriate'),
            reason: read.text('reason'),
            receivingProvider: defined({
              name: read.text('receivingProviderName'),
              ods: read.ods('receivingProviderOds'),
              sector: read.text('receivingProviderSector'),
            }),
            distanceKm: read.number('distanceKm', false),
            dailyCost: read.number('dailyCost', false),
          })
        : undefined;
      return defined({
        placementId: read.text('placementId'),
        sendingTrust: read.ods('sendingTrust'),
        event: read.text('event'),
        occurredAt: read.text('occurredAt'),
        details,
      });
    }
    case 'waiting-lists':
      return defined({
        trustOds: read.ods('trustOds'),
        service: read.text('service'),
        asOf: read.text('asOf'),
        periodStart: read.text('periodStart'),
        periodEnd: read.text('periodEnd'),
        waiting: read.number('waiting', true),
        bands: defined(Object.fromEntries(WAIT_BANDS.map((band) => [band.id, read.number(band.id, true)]))),
        medianWeeks: read.number('medianWeeks', false) ?? null,
        p90Weeks: read.number('p90Weeks', false) ?? null,
        referralsReceived: read.number('referralsReceived', true),
        referralsClosed: read.number('referralsClosed', true),
        standards: STANDARD_IDS.filter((id) => read.has(`started.${id}`) || read.has(`startedWithin.${id}`)).map((id) =>
          defined({
            standard: id,
            started: read.number(`started.${id}`, true),
            startedWithin: read.number(`startedWithin.${id}`, true),
          }),
        ),
      });
    case 'video-consultations':
      return defined({
        trustOds: read.ods('trustOds'),
        service: read.text('service'),
        date: read.text('date'),
        observedAt: read.text('observedAt'),
        counts: defined(Object.fromEntries(CONSULTATION_MECHANISM_CODES.map((code) => [code, read.number(`code${code}`, true)]))),
      });
    case 'referrals': {
      const sources = REFERRAL_SOURCE_CODES.filter((code) => read.has(`source.${code}`));
      return defined({
        trustOds: read.ods('trustOds'),
        date: read.text('date'),
        service: read.text('service'),
        observedAt: read.text('observedAt'),
        ...Object.fromEntries(REFERRAL_COUNT_FIELDS.map((field) => [field, read.number(field, true)])),
        bySource:
          sources.length > 0 ? Object.fromEntries(sources.map((code) => [code, read.number(`source.${code}`, true)])) : undefined,
      });
    }
    case 'discharge-delays': {
      const parsed = parseDelaysCell(read.text('delays') ?? '');
      if ('problem' in parsed) read.problems.push(parsed.problem);
      return defined({
        wardId: read.text('wardId'),
        observedAt: read.text('observedAt'),
        delays: 'delays' in parsed ? parsed.delays : [],
      });
    }
  }
}

const SCHEMAS: Record<OwnMeasureKind, z.ZodType> = {
  'bed-states': bedStateSchema,
  placements: placementEventSchema,
  'waiting-lists': waitingListSnapshotSchema,
  'video-consultations': videoConsultationDaySchema,
  'discharge-delays': dischargeDelaysSnapshotSchema,
  referrals: referralDaySchema,
};

/** An event id from the row's content: the same row always gets the same id. */
export function derivedEventId(kind: OwnMeasureKind, content: Record<string, unknown>): string {
  return `import-${kind}-${createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 40)}`;
}

/** Where a schema path points in the file's columns (`details.receivingProvider.name` → receivingProviderName). */
function columnOf(path: readonly PropertyKey[]): string {
  const [head, second, third] = path.map(String);
  if (head === 'details' && second === 'receivingProvider')
    return `receivingProvider${(third ?? '').replace(/^./, (c) => c.toUpperCase())}`;
  if (head === 'details') return second ?? 'details';
  if (head === 'bands') return second ?? 'bands';
  if (head === 'counts') return second ? `code${second}` : 'code columns';
  if (head === 'bySource') return second ? `source.${second}` : 'source columns';
  if (head === 'delays' && typeof path[1] === 'number') return `delays entry ${path[1] + 1} ${third ?? ''}`.trim();
  return path.map(String).join('.');
}

/** One row of a generic CSV as the shared schema's object (shape checked, not yet against the organisation). */
export function ownMeasureRow<Kind extends OwnMeasureKind>(
  kind: Kind,
  names: readonly string[],
  fields: readonly string[],
): { ok: true; payload: OwnMeasurePayloads[Kind] } | { ok: false; reason: string } {
  if (fields.length !== names.length) return { ok: false, reason: `has ${fields.length} fields; the header has ${names.length}` };
  const cells: Cells = Object.fromEntries(names.map((name, index) => [name, fields[index]!]));
  const read = new CellReader(cells);
  const content = candidate(kind, read);
  if (read.problems.length > 0) return { ok: false, reason: read.problems.join('; ') };
  const eventId = read.text('eventId') ?? derivedEventId(kind, content);
  const parsed = SCHEMAS[kind].safeParse({ eventId, ...content });
  if (!parsed.success) {
    return {
      ok: false,
      reason: parsed.error.issues.map((issue) => `${columnOf(issue.path)} ${issue.message}`.trim()).join('; '),
    };
  }
  return { ok: true, payload: parsed.data as OwnMeasurePayloads[Kind] };
}
