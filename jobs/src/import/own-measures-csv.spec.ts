import { describe, expect, it } from 'vitest';
import {
  derivedEventId,
  detectOwnMeasureKind,
  OWN_MEASURE_COLUMNS,
  ownMeasureHeader,
  ownMeasureRow,
} from './own-measures-csv.js';

const names = (kind: keyof typeof OWN_MEASURE_COLUMNS, text: string) => {
  const header = ownMeasureHeader(kind, text.split(','));
  if (!header.ok) throw new Error(header.problem);
  return header.names;
};

describe('own-measures CSV', () => {
  it('tells each kind from its header', () => {
    expect(detectOwnMeasureKind(['wardId', 'observedAt'])).toBe('bed-states');
    expect(detectOwnMeasureKind(['placementId'])).toBe('placements');
    expect(detectOwnMeasureKind(['trustOds', 'waiting'])).toBe('waiting-lists');
    expect(detectOwnMeasureKind(['trustOds', 'date', 'observedAt'])).toBe('video-consultations');
    expect(detectOwnMeasureKind(['something'])).toBeNull();
  });

  it('refuses unknown, repeated and missing columns', () => {
    const header = ownMeasureHeader('bed-states', ['wardId', 'observedAt', 'ocupied', 'wardid']);
    expect(header.ok).toBe(false);
    if (!header.ok) {
      expect(header.problem).toContain('unknown column "ocupied"');
      expect(header.problem).toContain('column "wardId" appears twice');
      expect(header.problem).toContain('missing columns commissioned, closed, occupied');
    }
  });

  it('reads a bed state, deriving the same event id from the same content', () => {
    const header = names(
      'bed-states',
      'wardId,observedAt,commissioned,closed,closedReason,occupied,onLeave,pendingAdmissions,clinicallyReadyForDischarge',
    );
    const fields = ['RX4-W01', '2024-03-01T23:59:00+00:00', '20', '2', 'staffing', '16', '1', '0', '2'];
    const first = ownMeasureRow('bed-states', header, fields);
    const again = ownMeasureRow('bed-states', header, [...fields]);
    expect(first).toMatchObject({ ok: true, payload: { wardId: 'RX4-W01', commissioned: 20, closedReason: 'staffing' } });
    expect(first.ok && again.ok && first.payload.eventId === again.payload.eventId).toBe(true);
    const other = ownMeasureRow(
      'bed-states',
      header,
      fields.map((field) => (field === '16' ? '15' : field)),
    );
    expect(other.ok && first.ok && other.payload.eventId !== first.payload.eventId).toBe(true);
    expect(derivedEventId('bed-states', {}).length).toBeLessThanOrEqual(128);
  });

  it('keeps a given event id and leaves blank optional cells out', () => {
    const header = names(
      'bed-states',
      'eventId,wardId,observedAt,commissioned,closed,closedReason,occupied,onLeave,pendingAdmissions,clinicallyReadyForDischarge',
    );
    const row = ownMeasureRow('bed-states', header, [
      'rio-1',
      'RX4-W01',
      '2024-03-01T12:00:00Z',
      '20',
      '0',
      '',
      '16',
      '1',
      '0',
      '2',
    ]);
    expect(row).toMatchObject({ ok: true, payload: { eventId: 'rio-1' } });
    expect(row.ok && 'closedReason' in row.payload).toBe(false);
  });

  it('says which column is wrong', () => {
    const header = names(
      'bed-states',
      'wardId,observedAt,commissioned,closed,occupied,onLeave,pendingAdmissions,clinicallyReadyForDischarge',
    );
    expect(ownMeasureRow('bed-states', header, ['RX4-W01', '01/03/2024', '20', 'two', '16', '1', '0', '2'])).toEqual({
      ok: false,
      reason: 'closed "two" is not a whole number',
    });
    expect(ownMeasureRow('bed-states', header, ['RX4-W01', '01/03/2024', '20', '2', '16', '1', '0', '2'])).toEqual({
      ok: false,
      reason: 'observedAt must be an ISO 8601 date-time with a UTC offset',
    });
    expect(ownMeasureRow('bed-states', header, ['RX4-W01'])).toEqual({ ok: false, reason: 'has 1 fields; the header has 8' });
  });

  it('reads placements with and without details, waiting lists with standards, and video days by code', () => {
    const placement = names('placements', OWN_MEASURE_COLUMNS.placements.map((spec) => spec.name).join(','));
    expect(
      ownMeasureRow('placements', placement, [
        '',
        'P1',
        'RX4',
        'started',
        '2024-01-02T10:00:00Z',
        'picu',
        'false',
        'no-bed-available',
        'Priory, Hull',
        '',
        'independent',
        '120.5',
        '950',
      ]),
    ).toMatchObject({
      ok: true,
      payload: {
        details: { appropriate: false, receivingProvider: { name: 'Priory, Hull', sector: 'independent' }, distanceKm: 120.5 },
      },
    });
    const ended = ownMeasureRow('placements', placement, [
      '',
      'P1',
      'RX4',
      'ended',
      '2024-01-09T10:00:00Z',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    expect(ended.ok && ended.payload.details).toBeUndefined();

    const waiting = names(
      'waiting-lists',
      'trustOds,service,asOf,periodStart,periodEnd,waiting,under2,from2to4,from4to6,from6to18,from18to52,from52to78,from78to104,over104,medianWeeks,p90Weeks,referralsReceived,referralsClosed,started.6-weeks,startedWithin.6-weeks',
    );
    expect(
      ownMeasureRow('waiting-lists', waiting, [
        'RX4',
        'talking-therapies',
        '2024-01-31T23:00:00Z',
        '2024-01-01',
        '2024-01-31',
        '10',
        '1',
        '1',
        '1',
        '1',
        '1',
        '1',
        '2',
        '2',
        '',
        '',
        '5',
        '4',
        '8',
        '6',
      ]),
    ).toMatchObject({
      ok: true,
      payload: { medianWeeks: null, standards: [{ standard: '6-weeks', started: 8, startedWithin: 6 }] },
    });

    const video = names('video-consultations', 'trustOds,service,date,observedAt,code01,code11');
    expect(
      ownMeasureRow('video-consultations', video, ['RX4', '', '2024-01-05', '2024-01-05T23:00:00Z', '400', '95']),
    ).toMatchObject({
      ok: true,
      payload: { counts: { '01': 400, '11': 95 } },
    });
  });

  it('reads ODS codes in any case or spacing as their written form, and the same row gets the same event id', () => {
    const video = names('video-consultations', 'trustOds,service,date,observedAt,code01,code11');
    const lower = ownMeasureRow('video-consultations', video, [' rx4', '', '2024-01-05', '2024-01-05T23:00:00Z', '400', '95']);
    const upper = ownMeasureRow('video-consultations', video, ['RX4', '', '2024-01-05', '2024-01-05T23:00:00Z', '400', '95']);
    expect(lower).toMatchObject({ ok: true, payload: { trustOds: 'RX4' } });
    expect(lower.ok && upper.ok && lower.payload.eventId === upper.payload.eventId).toBe(true);
  });
});
