/**
 * A ward's stays as a board needs them live (issue #17 items 2 and 4): the admission instants of
 * the people in now, and the admissions and discharges since the start of the London day the stays
 * were read on. Re-read from storage whenever a stay of the ward is applied (the stay table is the
 * truth, last-writer-wins per stay), so the live record is a reading, not a merge of facts: a later
 * reading replaces an earlier one. Instants only — no stay keys, nothing about a person.
 *
 * Board figures (docs/measures.md, "Length of stay on boards"): current length of stay of the
 * people in at the summary's moment, in nights (stayNights), its median and the counts of 60 or
 * more and 90 or more nights; admissions and discharges on today's London date.
 */
import { z } from 'zod';
import { londonDateOf } from './calendar.js';
import { LONG_STAY_NIGHTS, lengthOfStayFigures, stayNights } from './length-of-stay.js';

export const wardStaysRecordSchema = z.object({
  wardId: z.string(),
  readAt: z.string().describe('When the stays were read from storage: a later reading replaces an earlier one'),
  inpatientsAdmittedAt: z.array(z.string()).describe("Admission instants of the ward's stays in progress at readAt"),
  admittedAt: z.array(z.string()).describe("Admission instants since the start of readAt's London day"),
  dischargedAt: z.array(z.string()).describe("Discharge instants since the start of readAt's London day"),
});
export type WardStaysRecord = z.infer<typeof wardStaysRecordSchema>;

/** The next live record from a new reading: null when the reading is older or changes nothing. */
export function mergeWardStays(current: WardStaysRecord | null, reading: WardStaysRecord): WardStaysRecord | null {
  if (!current) return reading;
  if (Date.parse(reading.readAt) < Date.parse(current.readAt)) return null;
  const same =
    JSON.stringify([reading.inpatientsAdmittedAt, reading.admittedAt, reading.dischargedAt]) ===
    JSON.stringify([current.inpatientsAdmittedAt, current.admittedAt, current.dischargedAt]);
  return same ? null : reading;
}

export const stayBoardFiguresSchema = z.object({
  wardsWithStays: z.int().describe('Wards that have sent stays'),
  inpatients: z.int().describe('Stays in progress'),
  medianNights: z.number().nullable().describe('Median current length of stay of the people in, in nights'),
  nights60Plus: z.int().describe(`People in for ${LONG_STAY_NIGHTS[0]} or more nights`),
  nights90Plus: z.int().describe(`People in for ${LONG_STAY_NIGHTS[1]} or more nights`),
  admissionsToday: z.int().describe("Admissions on today's London date"),
  dischargesToday: z.int().describe("Discharges on today's London date"),
});
export type StayBoardFigures = z.infer<typeof stayBoardFiguresSchema>;

/** A scope's board figures from its wards' records at `now`; null when none of its wards has sent stays. */
export function stayBoardFigures(records: readonly WardStaysRecord[], now: number): StayBoardFigures | null {
  if (records.length === 0) return null;
  const today = londonDateOf(now);
  const onToday = (instants: readonly string[]) =>
    instants.filter((instant) => Date.parse(instant) <= now && londonDateOf(Date.parse(instant)) === today).length;
  const current = lengthOfStayFigures(
    records.flatMap((record) =>
      record.inpatientsAdmittedAt.filter((instant) => Date.parse(instant) <= now).map((instant) => stayNights(instant, now)),
    ),
  );
  return {
    wardsWithStays: records.length,
    inpatients: current.stays,
    medianNights: current.medianNights,
    nights60Plus: current.nights60Plus,
    nights90Plus: current.nights90Plus,
    admissionsToday: records.reduce((sum, record) => sum + onToday(record.admittedAt), 0),
    dischargesToday: records.reduce((sum, record) => sum + onToday(record.dischargedAt), 0),
  };
}
