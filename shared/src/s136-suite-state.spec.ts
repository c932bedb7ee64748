import { describe, expect, it } from 'vitest';
import { zodIssuesToDetails } from './errors.js';
import type { S136Suite } from './org.js';
import {
  isNewerS136SuiteState,
  minutesWithoutEmptyS136Suite,
  s136Figures,
  s136SuiteStateFromUpdate,
  s136SuiteStateSchema,
  s136SuiteStateViolations,
  s136SuiteUpdateRequestSchema,
  type S136SuiteLive,
  type S136SuiteState,
} from './s136-suite-state.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');

const occupied = (overrides: Partial<Record<string, unknown>> = {}) =>
  ({
    eventId: 'e1',
    suiteId: 'RX4-136-1',
    observedAt: '2026-06-01T11:00:00Z',
    status: 'occupied',
    since: '2026-06-01T09:00:00Z',
    ...overrides,
  }) as S136SuiteState;

const problems = (input: unknown) => {
  const parsed = s136SuiteStateSchema.safeParse(input);
  return parsed.success ? s136SuiteStateViolations(parsed.data, NOW) : zodIssuesToDetails(parsed.error.issues);
};

describe('s136SuiteStateSchema (400: the shape)', () => {
  it('accepts each status with its own fields', () => {
    expect(problems(occupied())).toEqual([]);
    expect(problems(occupied({ detentionStartedAt: '2026-06-01T06:30:00Z', extensionHours: 12 }))).toEqual([]);
    expect(problems({ eventId: 'e2', suiteId: 'RX4-136-1', observedAt: '2026-06-01T11:00:00Z', status: 'available' })).toEqual(
      [],
    );
    expect(
      problems({
        eventId: 'e3',
        suiteId: 'RX4-136-1',
        observedAt: '2026-06-01T11:00:00Z',
        status: 'closed',
        closedReason: 'estates',
      }),
    ).toEqual([]);
  });

  it('names the field an occupied suite lacks, and fields that do not belong to the status', () => {
    expect(problems(occupied({ since: undefined })).map((d) => d.path)).toEqual(['since']);
    expect(
      problems({ eventId: 'e', suiteId: 'RX4-136-1', observedAt: '2026-06-01T11:00:00Z', status: 'closed' }).map((d) => d.path),
    ).toEqual(['closedReason']);
    const available = problems({
      eventId: 'e',
      suiteId: 'RX4-136-1',
      observedAt: '2026-06-01T11:00:00Z',
      status: 'available',
      closedReason: 'staffing',
    });
    expect(available).toEqual([{ path: 'closedReason', message: 'is not a recognised field' }]);
  });

  it('refuses an unknown status and an extension beyond 12 hours', () => {
    expect(problems(occupied({ status: 'full' })).map((d) => d.path)).toEqual(['status']);
    expect(problems(occupied({ extensionHours: 13 }))).toEqual([
      { path: 'extensionHours', message: 'must be at most 12 hours (MHA 1983 s136B)' },
    ]);
    expect(problems(occupied({ extensionHours: 1.5 })).map((d) => d.path)).toEqual(['extensionHours']);
  });
});

describe('s136SuiteStateViolations (422: cannot be true)', () => {
  it('refuses an observation more than 5 minutes in the future', () => {
    expect(problems(occupied({ observedAt: '2026-06-01T12:06:00Z' }))).toEqual([
      { path: 'observedAt', message: 'is more than 5 minutes in the future' },
    ]);
    expect(problems(occupied({ observedAt: '2026-06-01T12:04:00Z' }))).toEqual([]);
  });

  it('refuses a status that began after it was observed', () => {
    expect(problems(occupied({ since: '2026-06-01T11:30:00Z' })).map((d) => d.path)).toEqual(['since']);
  });

  it('refuses a detention that began after the person arrived', () => {
    expect(problems(occupied({ detentionStartedAt: '2026-06-01T09:30:00Z' })).map((d) => d.path)).toEqual(['detentionStartedAt']);
  });

  it('refuses a detention begun more than 7 days before the observation (a mistyped date)', () => {
    expect(problems(occupied({ since: '2026-05-25T10:59:00Z' })).map((d) => d.path)).toEqual(['since']);
    expect(problems(occupied({ since: '2026-05-25T11:00:00Z' }))).toEqual([]);
    expect(problems(occupied({ detentionStartedAt: '2025-06-01T09:00:00Z' })).map((d) => d.path)).toEqual(['detentionStartedAt']);
  });

  it('prefixes paths of a batch', () => {
    expect(s136SuiteStateViolations(occupied({ since: '2026-06-01T11:30:00Z' }), NOW, ['events', 2])[0]?.path).toBe(
      'events[2].since',
    );
  });
});

describe('a person’s update', () => {
  it('becomes an observation made now, arriving now unless told otherwise', () => {
    const update = s136SuiteUpdateRequestSchema.parse({ status: 'occupied' });
    expect(s136SuiteStateFromUpdate(update, 'RX4-136-1', 'manual-1', NOW)).toEqual({
      status: 'occupied',
      since: '2026-06-01T12:00:00.000Z',
      eventId: 'manual-1',
      suiteId: 'RX4-136-1',
      observedAt: '2026-06-01T12:00:00.000Z',
    });
    expect(s136SuiteUpdateRequestSchema.safeParse({ status: 'closed' }).success).toBe(false);
    expect(s136SuiteUpdateRequestSchema.safeParse({ status: 'closed', closedReason: 'staffing' }).success).toBe(true);
  });
});

describe('isNewerS136SuiteState', () => {
  it('takes the later source time, ties to the larger event id', () => {
    const older = occupied({ observedAt: '2026-06-01T10:00:00Z', eventId: 'b' });
    const newer = occupied({ observedAt: '2026-06-01T11:00:00Z', eventId: 'a' });
    expect(isNewerS136SuiteState(newer, older)).toBe(true);
    expect(isNewerS136SuiteState(older, newer)).toBe(false);
    expect(isNewerS136SuiteState(occupied({ eventId: 'z' }), occupied({ eventId: 'y' }))).toBe(true);
    expect(isNewerS136SuiteState(older, null)).toBe(true);
  });
});

const suite = (id: string, overrides: Partial<S136Suite> = {}): S136Suite => ({
  id,
  trustOds: 'RX4',
  siteId: 'RX4-S1',
  name: id,
  ageGroup: 'adult',
  commissioned: true,
  ...overrides,
});
const available = (suiteId: string, since: string): S136SuiteState => ({
  eventId: `a-${suiteId}`,
  suiteId,
  observedAt: since,
  status: 'available',
  since,
});
const closed = (suiteId: string, since: string): S136SuiteState => ({
  eventId: `c-${suiteId}`,
  suiteId,
  observedAt: '2026-06-01T11:59:00Z',
  status: 'closed',
  since,
  closedReason: 'staffing',
});

describe('s136Figures', () => {
  it('counts commissioned suites by state, breaches and near-breaches', () => {
    const suites: S136SuiteLive[] = [
      // Arrived 08:00 on 31 May: 28 hours at noon on 1 June, over the 24-hour limit.
      { suite: suite('A'), state: occupied({ suiteId: 'A', since: '2026-05-31T08:00:00Z' }) },
      // The same arrival with a 12-hour extension: 36 hours end at 20:00, 8 hours left.
      { suite: suite('B'), state: occupied({ suiteId: 'B', since: '2026-05-31T08:00:00Z', extensionHours: 12 }) },
      // Detention began at A&E 23 hours ago, arrived here 3 hours ago: 1 hour left.
      {
        suite: suite('C'),
        state: occupied({ suiteId: 'C', since: '2026-06-01T09:00:00Z', detentionStartedAt: '2026-05-31T13:00:00Z' }),
      },
      { suite: suite('D'), state: available('D', '2026-06-01T10:00:00Z') },
      { suite: suite('E', { ageGroup: 'cyp' }), state: available('E', '2026-06-01T10:00:00Z') },
      { suite: suite('F'), state: closed('F', '2026-06-01T07:00:00Z') },
      { suite: suite('G'), state: null },
      // Not commissioned: never counted, available or not.
      { suite: suite('H', { commissioned: false }), state: available('H', '2026-06-01T10:00:00Z') },
    ];
    expect(s136Figures(suites, NOW)).toEqual({
      coreBase: 7,
      empty: 2,
      occupied: 3,
      closed: 1,
      unreported: 1,
      breached: 1,
      dueSoon: 1,
    });
    expect(s136Figures(suites, NOW, 'cyp')).toEqual({
      coreBase: 1,
      empty: 1,
      occupied: 0,
      closed: 0,
      unreported: 0,
      breached: 0,
      dueSoon: 0,
    });
  });
});

describe('minutesWithoutEmptyS136Suite', () => {
  it('is 0 while a commissioned suite is available', () => {
    expect(
      minutesWithoutEmptyS136Suite(
        [
          { suite: suite('A'), state: occupied({ suiteId: 'A' }) },
          { suite: suite('B'), state: available('B', '2026-06-01T11:00:00Z') },
        ],
        NOW,
      ),
    ).toBe(0);
  });

  it('counts from the latest moment a suite stopped being available', () => {
    // A occupied since 09:00, F closed since 07:00: nothing has been empty since 09:00, 180 minutes at noon.
    const suites: S136SuiteLive[] = [
      { suite: suite('A'), state: occupied({ suiteId: 'A', since: '2026-06-01T09:00:00Z' }) },
      { suite: suite('F'), state: closed('F', '2026-06-01T07:00:00Z') },
      { suite: suite('G'), state: null },
      { suite: suite('H', { commissioned: false }), state: available('H', '2026-06-01T10:00:00Z') },
      { suite: suite('E', { ageGroup: 'cyp' }), state: available('E', '2026-06-01T10:00:00Z') },
    ];
    expect(minutesWithoutEmptyS136Suite(suites, NOW, 'adult')).toBe(180);
    // Without an age group the CYP suite E counts, and it is empty.
    expect(minutesWithoutEmptyS136Suite(suites, NOW)).toBe(0);
  });

  it('has no data when no commissioned suite has reported', () => {
    expect(minutesWithoutEmptyS136Suite([{ suite: suite('G'), state: null }], NOW)).toBeNull();
    expect(minutesWithoutEmptyS136Suite([], NOW)).toBeNull();
  });
});
