import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escalationChain,
  escalationSteps,
  handoverAt,
  londonLocalInstant,
  nextHandovers,
  onCallAt,
  rotaSchema,
  rotaViolations,
  type Rota,
  WEEKDAY_LABELS,
} from './on-call.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

// London clocks in 2026: forward at 01:00 GMT on Sunday 29 March, back at 01:00 GMT (02:00 BST)
// on Sunday 25 October. GMT = UTC; BST = UTC+1, so 09:00 London is 09:00Z in winter, 08:00Z in summer.
//
// The rota below hands over on Mondays at 09:00 London, first on Monday 23 March 2026:
//   week 0  Mon 23 Mar 09:00 GMT = 09:00Z  → alice   (167 h: clocks go forward on Sun 29 Mar)
//   week 1  Mon 30 Mar 09:00 BST = 08:00Z  → bob
//   week 2  Mon  6 Apr 09:00 BST = 08:00Z  → carol
//   week 3  Mon 13 Apr                     → alice again
//   …
//   week 30 Mon 19 Oct 09:00 BST = 08:00Z  → alice   (210 days = 30 weeks after 23 Mar; 30 mod 3 = 0)
//                                                    (169 h: clocks go back on Sun 25 Oct)
//   week 31 Mon 26 Oct 09:00 GMT = 09:00Z  → bob
const rota: Rota = {
  id: 'rx4-l1',
  name: 'RX4 site manager on call',
  scope: 'trust:RX4',
  level: 1,
  handover: { weekday: 0, time: '09:00' },
  startsOn: '2026-03-23',
  members: ['alice', 'bob', 'carol'],
  overrides: [],
};

describe('rotaSchema', () => {
  it('accepts a well-formed rota', () => {
    expect(rotaSchema.safeParse(rota).success).toBe(true);
  });

  it('rejects a ward scope, a bad time, a weekday out of range and no members', () => {
    const result = rotaSchema.safeParse({
      ...rota,
      scope: 'ward:RX4-W12',
      handover: { weekday: 7, time: '24:00' },
      members: [],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['scope', 'handover.weekday', 'handover.time', 'members']));
  });
});

describe('londonLocalInstant', () => {
  it('turns a London wall-clock time into the instant, in winter and in summer', () => {
    expect(londonLocalInstant('2026-03-23', '09:00')).toBe(at('2026-03-23T09:00:00Z'));
    expect(londonLocalInstant('2026-03-30', '09:00')).toBe(at('2026-03-30T08:00:00Z'));
  });

  it('takes a skipped time an hour later and a repeated time at its second occurrence', () => {
    // 01:30 does not exist on 29 March: clocks jump from 01:00 GMT to 02:00 BST. 02:30 BST = 01:30Z.
    expect(londonLocalInstant('2026-03-29', '01:30')).toBe(at('2026-03-29T01:30:00Z'));
    // 01:30 happens twice on 25 October: 01:30 BST (00:30Z) then 01:30 GMT (01:30Z).
    expect(londonLocalInstant('2026-10-25', '01:30')).toBe(at('2026-10-25T01:30:00Z'));
  });
});

describe('onCallAt: weekly rotation across the clock changes', () => {
  it('is nobody before the first handover', () => {
    expect(onCallAt(rota, at('2026-03-23T08:59:59.999Z'))).toBeNull();
    expect(onCallAt(rota, at('2025-01-01T00:00:00Z'))).toBeNull();
  });

  it('rotates alice → bob → carol → alice at 09:00 London on Mondays', () => {
    expect(onCallAt(rota, at('2026-03-23T09:00:00Z'))).toEqual({
      personId: 'alice',
      from: at('2026-03-23T09:00:00Z'),
      to: at('2026-03-30T08:00:00Z'),
      override: false,
    });
    expect(onCallAt(rota, at('2026-04-01T12:00:00Z'))?.personId).toBe('bob');
    expect(onCallAt(rota, at('2026-04-08T12:00:00Z'))?.personId).toBe('carol');
    expect(onCallAt(rota, at('2026-04-15T12:00:00Z'))?.personId).toBe('alice');
  });

  it('keeps the handover at 09:00 local over the March change: that week is 167 hours', () => {
    const week0 = onCallAt(rota, at('2026-03-29T12:00:00Z'));
    expect(week0).toMatchObject({ personId: 'alice', from: at('2026-03-23T09:00:00Z'), to: at('2026-03-30T08:00:00Z') });
    expect((week0!.to - week0!.from) / HOUR).toBe(167);
    // 07:59:59Z on the Monday is 08:59:59 BST: still alice; 08:00Z is 09:00 BST: bob.
    expect(onCallAt(rota, at('2026-03-30T07:59:59.999Z'))?.personId).toBe('alice');
    expect(onCallAt(rota, at('2026-03-30T08:00:00Z'))).toEqual({
      personId: 'bob',
      from: at('2026-03-30T08:00:00Z'),
      to: at('2026-04-06T08:00:00Z'),
      override: false,
    });
  });

  it('keeps the handover at 09:00 local over the October change: that week is 169 hours', () => {
    const week30 = onCallAt(rota, at('2026-10-25T12:00:00Z'));
    expect(week30).toMatchObject({ personId: 'alice', from: at('2026-10-19T08:00:00Z'), to: at('2026-10-26T09:00:00Z') });
    expect((week30!.to - week30!.from) / HOUR).toBe(169);
    // 08:30Z on Monday 26 October is 08:30 GMT: still alice until 09:00Z.
    expect(onCallAt(rota, at('2026-10-26T08:30:00Z'))?.personId).toBe('alice');
    expect(onCallAt(rota, at('2026-10-26T09:00:00Z'))).toEqual({
      personId: 'bob',
      from: at('2026-10-26T09:00:00Z'),
      to: at('2026-11-02T09:00:00Z'),
      override: false,
    });
  });
});

describe('onCallAt: overrides', () => {
  // Bob's week is 30 Mar 08:00Z – 6 Apr 08:00Z. Dana covers Wednesday noon to Thursday noon (BST).
  const withOverride: Rota = {
    ...rota,
    overrides: [{ personId: 'dana', from: '2026-04-01T12:00:00+01:00', to: '2026-04-02T12:00:00+01:00', reason: 'leave' }],
  };

  it('hands the covered period to the override, reporting its own from/to', () => {
    expect(onCallAt(withOverride, at('2026-04-01T11:00:00Z'))).toEqual({
      personId: 'dana',
      from: at('2026-04-01T11:00:00Z'),
      to: at('2026-04-02T11:00:00Z'),
      override: true,
    });
    expect(onCallAt(withOverride, at('2026-04-02T10:59:59.999Z'))?.personId).toBe('dana');
  });

  it('gives the week back when the override ends, and says when the rota person is interrupted', () => {
    // Before: bob, until dana takes over.
    expect(onCallAt(withOverride, at('2026-03-31T12:00:00Z'))).toEqual({
      personId: 'bob',
      from: at('2026-03-30T08:00:00Z'),
      to: at('2026-04-01T11:00:00Z'),
      override: false,
    });
    // After: bob again, from the override's end to the next handover.
    expect(onCallAt(withOverride, at('2026-04-02T11:00:00Z'))).toEqual({
      personId: 'bob',
      from: at('2026-04-02T11:00:00Z'),
      to: at('2026-04-06T08:00:00Z'),
      override: false,
    });
    // The next week is untouched.
    expect(onCallAt(withOverride, at('2026-04-06T08:00:00Z'))?.personId).toBe('carol');
  });
});

describe('nextHandovers', () => {
  it('lists the next handovers after an instant, across the October change', () => {
    expect(nextHandovers(rota, at('2026-10-20T00:00:00Z'), 3)).toEqual([
      at('2026-10-26T09:00:00Z'),
      at('2026-11-02T09:00:00Z'),
      at('2026-11-09T09:00:00Z'),
    ]);
  });

  it('starts at the first handover when asked from before it, and excludes a handover at the instant itself', () => {
    expect(nextHandovers(rota, at('2026-01-01T00:00:00Z'), 2)).toEqual([at('2026-03-23T09:00:00Z'), at('2026-03-30T08:00:00Z')]);
    expect(nextHandovers(rota, at('2026-03-30T08:00:00Z'), 1)).toEqual([at('2026-04-06T08:00:00Z')]);
    expect(nextHandovers(rota, at('2026-03-30T08:00:00Z'), 0)).toEqual([]);
  });
});

describe('rotaViolations', () => {
  it('is empty for a possible rota', () => {
    expect(rotaViolations(rota)).toEqual([]);
  });

  it('reports a first handover not on the handover weekday', () => {
    // 24 March 2026 is a Tuesday.
    expect(rotaViolations({ ...rota, startsOn: '2026-03-24' })).toEqual([
      { path: 'startsOn', message: 'is a Tuesday, but handovers are on Monday' },
    ]);
  });

  it('reports no members', () => {
    expect(rotaViolations({ ...rota, members: [] })).toEqual([{ path: 'members', message: 'must contain at least one person' }]);
  });

  it('reports an override ending before (or when) it starts, and overlapping overrides, with prefixed paths', () => {
    const broken: Rota = {
      ...rota,
      overrides: [
        { personId: 'dana', from: '2026-04-01T12:00:00+01:00', to: '2026-04-02T12:00:00+01:00' },
        { personId: 'erin', from: '2026-04-03T12:00:00Z', to: '2026-04-03T11:00:00Z' },
        // Dana's runs to 12:00 BST = 11:00Z on 2 April, so fred's start at 10:30Z is inside it.
        { personId: 'fred', from: '2026-04-02T10:30:00Z', to: '2026-04-02T14:00:00Z' },
        // Touching (starting exactly when fred's ends) is not overlapping.
        { personId: 'gail', from: '2026-04-02T14:00:00Z', to: '2026-04-02T15:00:00Z' },
        { personId: 'hal', from: '2026-04-05T12:00:00Z', to: '2026-04-05T12:00:00Z' },
      ],
    };
    expect(rotaViolations(broken, ['rotas', 2])).toEqual([
      { path: 'rotas[2].overrides[1].to', message: 'must be after the override starts' },
      { path: 'rotas[2].overrides[4].to', message: 'must be after the override starts' },
      { path: 'rotas[2].overrides[2]', message: 'overlaps overrides[0]' },
    ]);
  });

  it('reports an override inside a longer one', () => {
    const nested: Rota = {
      ...rota,
      overrides: [
        { personId: 'dana', from: '2026-04-01T00:00:00Z', to: '2026-04-05T00:00:00Z' },
        { personId: 'erin', from: '2026-04-02T00:00:00Z', to: '2026-04-02T06:00:00Z' },
        { personId: 'fred', from: '2026-04-03T00:00:00Z', to: '2026-04-03T06:00:00Z' },
      ],
    };
    expect(rotaViolations(nested)).toEqual([
      { path: 'overrides[1]', message: 'overlaps overrides[0]' },
      { path: 'overrides[2]', message: 'overlaps overrides[0]' },
    ]);
  });
});

describe('escalationChain', () => {
  const level2: Rota = {
    ...rota,
    id: 'rx4-l2',
    name: 'RX4 director on call',
    level: 2,
    members: ['victor', 'wendy'],
    startsOn: '2026-03-30',
  };

  it('lists each level’s person on call, level 1 first, whatever order the rotas come in', () => {
    // 1 Apr 2026: level 1 is in week 1 (bob); level 2 is in its week 0 (victor).
    expect(escalationChain([level2, rota], at('2026-04-01T12:00:00Z'))).toEqual([
      { level: 1, rotaId: 'rx4-l1', personId: 'bob', override: false },
      { level: 2, rotaId: 'rx4-l2', personId: 'victor', override: false },
    ]);
  });

  it('skips a level with nobody on call', () => {
    // 25 March: level 2 has not started yet (its first handover is 30 March).
    expect(escalationChain([rota, level2], at('2026-03-25T12:00:00Z'))).toEqual([
      { level: 1, rotaId: 'rx4-l1', personId: 'alice', override: false },
    ]);
  });
});

describe('escalationSteps', () => {
  it('notifies L1 at 0, L2 at 10, then starts again: L1 at 20, L2 at 30 (waitMinutes 10, repeats 2)', () => {
    const chain = [
      { level: 1, personId: 'bob' },
      { level: 2, personId: 'victor' },
    ];
    expect(escalationSteps(chain, { waitMinutes: 10, repeats: 2 })).toEqual([
      { level: 1, personId: 'bob', afterMinutes: 0 },
      { level: 2, personId: 'victor', afterMinutes: 10 },
      { level: 1, personId: 'bob', afterMinutes: 20 },
      { level: 2, personId: 'victor', afterMinutes: 30 },
    ]);
  });

  it('plans nothing for an empty chain, and one pass for repeats 1', () => {
    expect(escalationSteps([], { waitMinutes: 10, repeats: 3 })).toEqual([]);
    expect(escalationSteps([{ level: 1, personId: 'bob' }], { waitMinutes: 15, repeats: 1 })).toEqual([
      { level: 1, personId: 'bob', afterMinutes: 0 },
    ]);
  });
});

describe('onCallAt properties (no overrides)', () => {
  const DAY = 24 * HOUR;
  const arbitraryRota = fc
    .record({
      // Any date 2020–2030; the first handover is moved on to the handover weekday.
      dayOffset: fc.integer({ min: 0, max: 3650 }),
      weekday: fc.integer({ min: 0, max: 6 }),
      hours: fc.integer({ min: 0, max: 23 }),
      minutes: fc.integer({ min: 0, max: 59 }),
      memberCount: fc.integer({ min: 1, max: 5 }),
    })
    .map(({ dayOffset, weekday, hours, minutes, memberCount }): Rota => {
      const base = new Date(Date.UTC(2020, 0, 1) + dayOffset * DAY);
      const shift = (weekday - ((base.getUTCDay() + 6) % 7) + 7) % 7;
      const startsOn = new Date(base.getTime() + shift * DAY).toISOString().slice(0, 10);
      return {
        id: 'r',
        name: 'r',
        scope: 'trust:RX4',
        level: 1,
        handover: { weekday, time: `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` },
        startsOn,
        members: Array.from({ length: memberCount }, (_, index) => `person-${index}`),
        overrides: [],
      };
    });

  it('returns a member for any instant after the first handover, for a week bounded by handovers', () => {
    fc.assert(
      fc.property(arbitraryRota, fc.integer({ min: 0, max: 6 * 365 * 24 * 60 }), (rota, minutesAfter) => {
        const instant = handoverAt(rota, 0) + minutesAfter * 60_000;
        const shift = onCallAt(rota, instant);
        expect(shift).not.toBeNull();
        expect(rota.members).toContain(shift!.personId);
        expect(shift!.override).toBe(false);
        expect(shift!.from).toBeLessThanOrEqual(instant);
        expect(shift!.to).toBeGreaterThan(instant);
        // The week ends at the next handover and began at a handover (the one before it).
        expect(shift!.to).toBe(nextHandovers(rota, instant, 1)[0]);
        expect(nextHandovers(rota, shift!.from - 1, 1)[0]).toBe(shift!.from);
        // A London week is 167, 168 or 169 hours long.
        expect([167, 168, 169]).toContain((shift!.to - shift!.from) / HOUR);
        // The handover is at the rota's wall-clock time on the rota's weekday in London.
        const local = new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Europe/London',
          weekday: 'long',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).format(shift!.to);
        if (!(rota.handover.time >= '01:00' && rota.handover.time < '02:00')) {
          expect(local).toBe(`${WEEKDAY_LABELS[rota.handover.weekday]} ${rota.handover.time}`);
        }
      }),
    );
  });

  it('changes the person only at handover instants', () => {
    fc.assert(
      fc.property(
        arbitraryRota,
        fc.integer({ min: 1, max: 320 }),
        // Around a handover (to hit it exactly) or anywhere in the following week.
        fc.oneof(
          fc.integer({ min: -3, max: 3 }),
          fc.integer({ min: -2 * 60, max: 2 * 60 }).map((m) => m * 60_000),
          fc.integer({ min: 0, max: 7 * 24 * 60 }).map((m) => m * 60_000),
        ),
        (rota, week, offset) => {
          const instant = handoverAt(rota, week) + offset;
          const before = onCallAt(rota, instant - 1);
          const now = onCallAt(rota, instant);
          const isHandover = nextHandovers(rota, instant - 1, 1)[0] === instant;
          if (rota.members.length > 1) expect(before!.personId !== now!.personId).toBe(isHandover);
          else expect(now!.personId).toBe(before!.personId);
        },
      ),
    );
  });
});
