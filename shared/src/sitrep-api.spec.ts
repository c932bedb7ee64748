import { describe, expect, it } from 'vitest';
import {
  latestSitrepSlot,
  sitrepCsv,
  sitrepEditChanges,
  sitrepEditRequestSchema,
  sitrepId,
  sitrepStatus,
  type SitrepSummary,
} from './sitrep-api.js';
import { SITREP_FIELDS, type SitrepFigures } from './sitrep.js';

const DUE = Date.parse('2026-03-30T13:00:00Z');
const zeros = Object.fromEntries(SITREP_FIELDS.map((field) => [field, 0])) as SitrepFigures;

describe('sitrep API rules', () => {
  it('names a return by trust, kind and slot', () => {
    expect(sitrepId('RX4', 'adult', '2026-03-30', '14:00')).toBe('RX4-adult-2026-03-30-1400');
  });

  it('is unsigned, then late 30 minutes after it fell due, and signed once signed', () => {
    expect(sitrepStatus(DUE, null, DUE + 29 * 60_000)).toBe('unsigned');
    expect(sitrepStatus(DUE, null, DUE + 30 * 60_000)).toBe('late');
    expect(sitrepStatus(DUE, DUE + 45 * 60_000, DUE + 60 * 60_000)).toBe('signed');
  });

  it('finds the latest slot due: today’s last time passed, else yesterday’s last', () => {
    const schedule = { adult: ['10:00', '14:00', '18:00'], camhs: ['10:00', '17:00'] };
    // 13:00 UTC on 30 March is 14:00 BST: the 14:00 return has just fallen due.
    expect(latestSitrepSlot(schedule, 'adult', DUE)).toMatchObject({ date: '2026-03-30', time: '14:00', dueAt: DUE });
    expect(latestSitrepSlot(schedule, 'camhs', DUE)).toMatchObject({ date: '2026-03-30', time: '10:00' });
    // 08:00 BST: before today's first return, so yesterday's 18:00.
    expect(latestSitrepSlot(schedule, 'adult', Date.parse('2026-03-30T07:00:00Z'))).toMatchObject({
      date: '2026-03-29',
      time: '18:00',
    });
    expect(latestSitrepSlot({ adult: [], camhs: [] }, 'adult', DUE)).toBeNull();
  });

  it('lists only the figures an edit changes', () => {
    const current = { ...zeros, emptyBeds: 3, opelLevel: null };
    expect(sitrepEditChanges(current, { emptyBeds: 3, opelLevel: 2, closedOther: 1 })).toEqual([
      { field: 'closedOther', before: 0, after: 1 },
      { field: 'opelLevel', before: null, after: 2 },
    ]);
  });

  it('refuses an edit with a negative figure, no figure or no reason, naming the field', () => {
    const negative = sitrepEditRequestSchema.safeParse({ figures: { emptyBeds: -1 }, reason: 'recount' });
    expect(negative.error?.issues[0]).toMatchObject({ path: ['figures', 'emptyBeds'] });
    const empty = sitrepEditRequestSchema.safeParse({ figures: {}, reason: 'recount' });
    expect(empty.error?.issues[0]).toMatchObject({ path: ['figures'], message: 'must change at least one figure' });
    const noReason = sitrepEditRequestSchema.safeParse({ figures: { emptyBeds: 1 }, reason: '  ' });
    expect(noReason.error?.issues[0]).toMatchObject({ path: ['reason'], message: 'must say why the figures change' });
  });

  it('writes CSV with the form labels, blanks as empty cells and formula-like text defused', () => {
    const row: SitrepSummary = {
      id: 'RX4-adult-2026-03-30-1400',
      trustOds: 'RX4',
      trustName: 'Cumbria, Northumberland, Tyne and Wear NHS FT',
      kind: 'adult',
      date: '2026-03-30',
      time: '14:00',
      dueAt: '2026-03-30T13:00:00.000Z',
      assembledAt: '2026-03-30T13:00:01.000Z',
      status: 'signed',
      figures: { ...zeros, coreBeds: 45, emptyBeds: null, opelLevel: 3 },
      violations: [],
      edits: 0,
      signature: { name: '=Pat Smith', actor: 'user:1', at: '2026-03-30T13:20:00.000Z' },
    };
    const [header, line] = sitrepCsv([row]).split('\r\n');
    expect(header!.startsWith('Trust ODS code,Trust,Return,Date,Time,Status,Signed by,Signed at,Core bed base,Empty beds,')).toBe(
      true,
    );
    expect(line).toBe(
      `RX4,"Cumbria, Northumberland, Tyne and Wear NHS FT",Adult mental health sitrep,2026-03-30,14:00,signed,'=Pat Smith,2026-03-30T13:20:00.000Z,45,,${Array(17).fill('0').join(',')},3`,
    );
  });
});
