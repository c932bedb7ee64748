import { describe, expect, it } from 'vitest';
import type { BedCounts } from './bed-occupancy.js';
import { DEFAULT_FRESHNESS_LIMITS, type FreshnessLimits } from './freshness.js';
import {
  assessEscalation,
  assessScopeEscalation,
  DEFAULT_ESCALATION_RULE,
  enoughWardsReporting,
  ESCALATION_INDICATORS,
  escalationInputs,
  escalationRuleSchema,
  gradeIndicator,
  type EscalationInputs,
  type EscalationRule,
} from './escalation.js';
import {
  emptyPlacement,
  placementFigures,
  sumPlacementFigures,
  type PlacementBedType,
  type PlacementFigures,
  type PlacementRecord,
} from './placements.js';
import type { WardType } from './org.js';

function inputs(values: Partial<EscalationInputs> = {}): EscalationInputs {
  return {
    occupancy: null,
    waitingForAdmission: null,
    readyForDischarge: null,
    placedOutOfArea: null,
    bedsClosed: null,
    ...values,
  };
}

function ward(counts: Partial<BedCounts>): BedCounts {
  return {
    commissioned: 20,
    closed: 0,
    occupied: 0,
    onLeave: 0,
    pendingAdmissions: 0,
    clinicallyReadyForDischarge: 0,
    ...counts,
  };
}

/** Active OAPs, adult acute unless said otherwise. */
function activePlacements(active: number, byType: Partial<Record<PlacementBedType, number>> = { 'adult-acute': active }) {
  const none = placementFigures([], 0);
  return { ...none, active, activeByBedType: { ...none.activeByBedType, ...byType } } satisfies PlacementFigures;
}

/** A reporting ward of a type (adult acute unless said otherwise). */
function of(counts: Partial<BedCounts>, type: WardType = 'adult-acute') {
  return { type, state: ward(counts) };
}

describe('gradeIndicator', () => {
  it('reaches each level at its threshold, not before (default occupancy bands 90 / 97 / 103%)', () => {
    const thresholds = DEFAULT_ESCALATION_RULE.indicators.occupancy!;
    expect(thresholds).toEqual({ opel2: 90, opel3: 97, opel4: 103 });
    expect(gradeIndicator(0, thresholds)).toBe(1);
    expect(gradeIndicator(89.99, thresholds)).toBe(1);
    expect(gradeIndicator(90, thresholds)).toBe(2);
    expect(gradeIndicator(96.99, thresholds)).toBe(2);
    expect(gradeIndicator(97, thresholds)).toBe(3);
    expect(gradeIndicator(102.99, thresholds)).toBe(3);
    expect(gradeIndicator(103, thresholds)).toBe(4);
    expect(gradeIndicator(150, thresholds)).toBe(4);
  });

  it('grades every default indicator at each edge', () => {
    for (const indicator of ESCALATION_INDICATORS) {
      const t = DEFAULT_ESCALATION_RULE.indicators[indicator]!;
      expect(
        [t.opel2 - 0.001, t.opel2, t.opel3 - 0.001, t.opel3, t.opel4 - 0.001, t.opel4].map((v) => gradeIndicator(v, t)),
      ).toEqual([1, 2, 2, 3, 3, 4]);
    }
  });

  it('jumps straight to the highest level whose threshold is met when thresholds coincide', () => {
    expect(gradeIndicator(5, { opel2: 5, opel3: 5, opel4: 8 })).toBe(3);
  });
});

describe('assessEscalation with the default rule', () => {
  it('is OPEL 1 when every indicator is below its OPEL 2 threshold', () => {
    const result = assessEscalation(
      inputs({ occupancy: 85, waitingForAdmission: 0, readyForDischarge: 4, placedOutOfArea: 0, bedsClosed: 0 }),
    );
    expect(result.level).toBe(1);
    expect(result.indicators).toHaveLength(5);
  });

  it('rises to OPEL 2 and OPEL 3 on one indicator alone', () => {
    expect(assessEscalation(inputs({ occupancy: 90, bedsClosed: 0 })).level).toBe(2);
    expect(assessEscalation(inputs({ occupancy: 85, waitingForAdmission: 5 })).level).toBe(3);
  });

  it('needs two indicators at OPEL 4 to declare OPEL 4: one alone gives OPEL 3', () => {
    // 103% occupancy reaches 4; everything else calm → OPEL 3.
    expect(assessEscalation(inputs({ occupancy: 103, waitingForAdmission: 0, bedsClosed: 0 })).level).toBe(3);
    // One at 4 and one at 3 → still 3.
    expect(assessEscalation(inputs({ occupancy: 103, waitingForAdmission: 5 })).level).toBe(3);
    // Two at 4 (103% and 10 waiting per 100 open beds) → OPEL 4.
    expect(assessEscalation(inputs({ occupancy: 103, waitingForAdmission: 10 })).level).toBe(4);
  });

  it('ignores indicators without data', () => {
    const result = assessEscalation(inputs({ bedsClosed: 12 }));
    expect(result.level).toBe(3); // the one indicator with data is at 4, and OPEL 4 needs two
    expect(result.indicators).toEqual([{ indicator: 'bedsClosed', value: 12, level: 4 }]);
  });

  it('has no level when no indicator has data', () => {
    expect(assessEscalation(inputs())).toEqual({ level: null, indicators: [] });
  });

  it('lists the graded indicators most severe first', () => {
    const result = assessEscalation(inputs({ occupancy: 91, waitingForAdmission: 0, readyForDischarge: 16, placedOutOfArea: 3 }));
    expect(result.indicators.map((g) => [g.indicator, g.level])).toEqual([
      ['readyForDischarge', 4],
      ['placedOutOfArea', 3],
      ['occupancy', 2],
      ['waitingForAdmission', 1],
    ]);
  });
});

describe('assessEscalation with a configured rule', () => {
  const rule = (
    changes: Partial<EscalationRule['requiredIndicators']>,
    indicators: Partial<EscalationRule['indicators']> = {},
  ): EscalationRule => ({
    indicators: { ...DEFAULT_ESCALATION_RULE.indicators, ...indicators },
    requiredIndicators: { ...DEFAULT_ESCALATION_RULE.requiredIndicators, ...changes },
  });

  it('declares OPEL 4 on one indicator when the rule asks for one', () => {
    expect(assessEscalation(inputs({ occupancy: 103 }), rule({ opel4: 1 })).level).toBe(4);
  });

  it('stays lower when fewer indicators reach a level than the rule asks', () => {
    // Two needed for OPEL 2: one at 2 is not enough.
    expect(assessEscalation(inputs({ occupancy: 92, bedsClosed: 0 }), rule({ opel2: 2 })).level).toBe(1);
    expect(assessEscalation(inputs({ occupancy: 92, bedsClosed: 3 }), rule({ opel2: 2 })).level).toBe(2);
  });

  it('takes the highest level whose requirement is met, even if a lower one is not', () => {
    // OPEL 2 needs 3 indicators, OPEL 3 only 1: a single indicator at 3 makes OPEL 3.
    expect(assessEscalation(inputs({ occupancy: 98, bedsClosed: 0 }), rule({ opel2: 3 })).level).toBe(3);
  });

  it('ignores an indicator the rule switches off', () => {
    const result = assessEscalation(inputs({ occupancy: 110, bedsClosed: 0 }), rule({}, { occupancy: null }));
    expect(result).toEqual({ level: 1, indicators: [{ indicator: 'bedsClosed', value: 0, level: 1 }] });
  });
});

describe('escalationInputs', () => {
  it('derives the inputs from the reporting wards and OAP figures by hand', () => {
    // Two adult acute wards: 24 + 20 commissioned, 4 closed → 40 open; 38 present and 3 on leave.
    const wards = [
      of({ commissioned: 24, closed: 4, occupied: 20, onLeave: 2, pendingAdmissions: 1, clinicallyReadyForDischarge: 3 }),
      of({ commissioned: 20, closed: 0, occupied: 18, onLeave: 1, pendingAdmissions: 1, clinicallyReadyForDischarge: 1 }),
    ];
    const values = escalationInputs(wards, activePlacements(3));
    expect(values).toEqual({
      occupancy: 102.5, // (38 + 3) ÷ 40 = 102.5% including leave
      waitingForAdmission: 5, // 2 per 40 open beds = 5 per 100
      readyForDischarge: 10, // 4 per 40 = 10 per 100
      placedOutOfArea: 7.5, // 3 per 40 = 7.5 per 100
      bedsClosed: expect.closeTo(9.0909, 4), // 4 of 44 commissioned ≈ 9.09%
    });
    // Graded: occupancy 3, waiting 3, ready 3, placed 4, closed 3 → OPEL 3 (only one at 4).
    expect(assessEscalation(escalationInputs(wards, activePlacements(3))).level).toBe(3);
  });

  describe('placedOutOfArea counts the bed types the rule says', () => {
    // Adult acute 20 open, PICU 10 open, older adult (organic) 10 open, CAMHS 30 open, low secure 20 open:
    // 90 open beds in all, 40 of them in the national OAP scope.
    const wards = [
      of({ commissioned: 20 }, 'adult-acute'),
      of({ commissioned: 10 }, 'picu'),
      of({ commissioned: 10 }, 'older-adult-organic'),
      of({ commissioned: 30 }, 'camhs'),
      of({ commissioned: 20 }, 'adult-secure-low'),
    ];
    // Active OAPs: 3 adult acute, 1 PICU, 1 older adult acute.
    const placements = activePlacements(5, { 'adult-acute': 3, picu: 1, 'older-adult-acute': 1 });
    const withTypes = (types: PlacementBedType[]): EscalationRule => ({
      ...DEFAULT_ESCALATION_RULE,
      placedOutOfAreaBedTypes: types,
    });

    it('by default: OAPs of the national scope per 100 open beds of those wards', () => {
      // (3 + 1 + 1) × 100 ÷ (20 + 10 + 10) = 12.5, not 5 × 100 ÷ 90 ≈ 5.6 over every bed.
      expect(escalationInputs(wards, placements).placedOutOfArea).toBe(12.5);
      expect(escalationInputs(wards, placements, DEFAULT_ESCALATION_RULE).placedOutOfArea).toBe(12.5);
    });

    it('only the types named, over the wards of those types', () => {
      expect(escalationInputs(wards, placements, withTypes(['adult-acute'])).placedOutOfArea).toBe(15); // 3 × 100 ÷ 20
      expect(escalationInputs(wards, placements, withTypes(['picu'])).placedOutOfArea).toBe(10); // 1 × 100 ÷ 10
      // Older adult acute beds are the older adult wards, functional and organic: 1 × 100 ÷ 10.
      expect(escalationInputs(wards, placements, withTypes(['older-adult-acute'])).placedOutOfArea).toBe(10);
      // Adult acute and PICU: 4 × 100 ÷ 30.
      expect(escalationInputs(wards, placements, withTypes(['adult-acute', 'picu'])).placedOutOfArea).toBeCloseTo(13.333, 3);
    });

    it('has no value when no ward of those types reports', () => {
      const noPicu = wards.filter((w) => w.type !== 'picu');
      expect(escalationInputs(noPicu, placements, withTypes(['picu'])).placedOutOfArea).toBeNull();
      // The other indicators are over every ward: occupancy 0 of 80 open.
      expect(escalationInputs(noPicu, placements, withTypes(['picu'])).occupancy).toBe(0);
    });
  });

  it('counts a placement from one collaborative member to another, as the figures do (docs/measures.md)', () => {
    // RX4 places one person in an RX3 ward, both North East and North Cumbria; RX3 places one with an
    // independent provider. The collaborative's figures add its members' up: 2 active, so 2 per 20 beds.
    const placed = (trust: string, id: string, receiving: PlacementRecord['details']): PlacementRecord => ({
      ...emptyPlacement(id, trust),
      startedAt: '2026-11-10T10:00:00Z',
      startEventId: `${id}-s`,
      details: receiving,
      detailsAt: '2026-11-10T10:00:00Z',
      detailsEventId: `${id}-s`,
    });
    const details = (receivingProvider: NonNullable<PlacementRecord['details']>['receivingProvider']) => ({
      bedType: 'adult-acute' as const,
      appropriate: false,
      reason: 'no-bed-available' as const,
      receivingProvider,
      distanceKm: 80,
      dailyCost: 600,
    });
    const now = Date.parse('2026-11-18T12:00:00Z');
    const rx4 = placementFigures([placed('RX4', 'P1', details({ name: 'TEWV', ods: 'RX3', sector: 'nhs' }))], now);
    const rx3 = placementFigures([placed('RX3', 'P2', details({ name: 'Cheadle Royal', sector: 'independent' }))], now);
    const collaborative = sumPlacementFigures([rx3, rx4]);
    expect(collaborative.active).toBe(2);
    expect(escalationInputs([of({ commissioned: 20 })], collaborative).placedOutOfArea).toBe(10); // 2 × 100 ÷ 20
  });

  it('is all null when no ward has reported', () => {
    expect(escalationInputs([], activePlacements(2))).toEqual(inputs());
    expect(assessEscalation(escalationInputs([], null)).level).toBeNull();
  });

  it('has no out-of-area input without OAP figures', () => {
    expect(escalationInputs([of({ occupied: 10 })], null).placedOutOfArea).toBeNull();
  });

  it('has no per-bed inputs when every bed is closed, but counts the closure', () => {
    expect(escalationInputs([of({ commissioned: 20, closed: 20, pendingAdmissions: 2 })], activePlacements(1))).toEqual(
      inputs({ bedsClosed: 100 }),
    );
  });

  it('reaches a configured threshold exactly at it: 29 of 50 beds is 58%, not 57.999…%', () => {
    // (29 ÷ 50) × 100 is 57.99999999999999 in floating point; 29 × 100 ÷ 50 is exactly 58.
    const wards = [of({ commissioned: 50, closed: 0, occupied: 29, pendingAdmissions: 29, clinicallyReadyForDischarge: 29 })];
    const values = escalationInputs(wards, activePlacements(29));
    expect(values).toEqual({ occupancy: 58, waitingForAdmission: 58, readyForDischarge: 58, placedOutOfArea: 58, bedsClosed: 0 });
    const closed = escalationInputs([of({ commissioned: 50, closed: 29, occupied: 10 })], null);
    expect(closed.bedsClosed).toBe(58);
    const at58 = { opel2: 58, opel3: 70, opel4: 80 };
    expect(gradeIndicator(values.occupancy!, at58)).toBe(2);
  });
});

describe('escalationRuleSchema', () => {
  it('accepts the default rule', () => {
    expect(escalationRuleSchema.safeParse(DEFAULT_ESCALATION_RULE).success).toBe(true);
  });

  it('rejects thresholds that decrease', () => {
    const bad = {
      ...DEFAULT_ESCALATION_RULE,
      indicators: { ...DEFAULT_ESCALATION_RULE.indicators, occupancy: { opel2: 97, opel3: 90, opel4: 103 } },
    };
    const result = escalationRuleSchema.safeParse(bad);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['indicators', 'occupancy'],
        message: 'levels must nest: thresholds must not decrease from opel2 to opel4 (a value at OPEL 3 is at OPEL 2 too)',
      }),
    ]);
  });

  it('rejects required indicators whose levels do not nest, naming the setting', () => {
    // opel2: 2, opel3: 1 — one indicator at OPEL 3 would give OPEL 3, the same indicator at OPEL 2 OPEL 1.
    const result = escalationRuleSchema.safeParse({
      ...DEFAULT_ESCALATION_RULE,
      requiredIndicators: { opel2: 2, opel3: 1, opel4: 2 },
    });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['requiredIndicators', 'opel3'],
        message:
          "levels must nest: opel3 asks for 1 indicators, fewer than opel2's 2, so a scope could reach OPEL3 without reaching OPEL2",
      }),
    ]);
    // opel4 below opel3 likewise; equal counts nest.
    const four = escalationRuleSchema.safeParse({
      ...DEFAULT_ESCALATION_RULE,
      requiredIndicators: { opel2: 1, opel3: 3, opel4: 2 },
    });
    expect(four.error?.issues.map((issue) => issue.path)).toEqual([['requiredIndicators', 'opel4']]);
    expect(
      escalationRuleSchema.safeParse({ ...DEFAULT_ESCALATION_RULE, requiredIndicators: { opel2: 2, opel3: 2, opel4: 2 } })
        .success,
    ).toBe(true);
  });

  it('rejects a level that asks for more indicators than the rule switches on', () => {
    // Three of five switched off: two left, and OPEL 4 asks for three.
    const result = escalationRuleSchema.safeParse({
      ...DEFAULT_ESCALATION_RULE,
      indicators: { ...DEFAULT_ESCALATION_RULE.indicators, readyForDischarge: null, placedOutOfArea: null, bedsClosed: null },
      requiredIndicators: { opel2: 1, opel3: 1, opel4: 3 },
    });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['requiredIndicators', 'opel4'],
        message: 'asks for 3 indicators but the rule switches on only 2, so OPEL4 could never be reached',
      }),
    ]);
  });

  it('takes the OAP bed types from the national scope only, at least one and each once', () => {
    const parse = (types: unknown) =>
      escalationRuleSchema.safeParse({ ...DEFAULT_ESCALATION_RULE, placedOutOfAreaBedTypes: types });
    expect(parse(['adult-acute', 'picu']).success).toBe(true);
    expect(parse(['camhs']).error?.issues[0]?.path).toEqual(['placedOutOfAreaBedTypes', 0]);
    expect(parse([]).error?.issues[0]?.message).toMatch(/at least one bed type/);
    expect(parse(['picu', 'picu']).error?.issues[0]?.message).toBe('must not name a bed type twice');
    const { placedOutOfAreaBedTypes: _none, ...withoutTypes } = DEFAULT_ESCALATION_RULE;
    expect(escalationRuleSchema.safeParse(withoutTypes).success).toBe(true);
  });

  it('rejects asking for no indicators, or more than there are', () => {
    const none = escalationRuleSchema.safeParse({
      ...DEFAULT_ESCALATION_RULE,
      requiredIndicators: { opel2: 0, opel3: 1, opel4: 6 },
    });
    expect(none.error?.issues.map((issue) => issue.path)).toEqual([
      ['requiredIndicators', 'opel2'],
      ['requiredIndicators', 'opel4'],
    ]);
  });
});

describe('enoughWardsReporting', () => {
  // One full PICU out of 26 wards must not put a trust at OPEL 4: half the wards must report first.
  it('asks for the rule share of wards (half by default) before a level is declared', () => {
    expect(enoughWardsReporting({ wardsReporting: 1 }, 26, DEFAULT_ESCALATION_RULE)).toBe(false);
    expect(enoughWardsReporting({ wardsReporting: 13 }, 26, DEFAULT_ESCALATION_RULE)).toBe(true);
    expect(enoughWardsReporting({ wardsReporting: 12 }, 26, DEFAULT_ESCALATION_RULE)).toBe(false);
  });

  it('follows a configured share, and a scope without wards never has enough', () => {
    const rule = { ...DEFAULT_ESCALATION_RULE, minimumWardsReporting: 0 };
    expect(enoughWardsReporting({ wardsReporting: 0 }, 10, rule)).toBe(true);
    expect(enoughWardsReporting({ wardsReporting: 0 }, 0, rule)).toBe(false);
    const { minimumWardsReporting: _omitted, ...withoutShare } = DEFAULT_ESCALATION_RULE;
    expect(enoughWardsReporting({ wardsReporting: 5 }, 10, withoutShare)).toBe(true);
  });
});

describe('assessScopeEscalation: only wards reporting feed the level (domain.md, "Freshness")', () => {
  const NOW = Date.parse('2026-05-06T12:00:00Z');
  const type = { type: 'adult-acute' as const };
  const at = (observedAt: string, counts: Partial<BedCounts>) => ({ ward: type, state: { ...ward(counts), observedAt } });
  const fresh = '2026-05-06T11:00:00Z'; // 1 h old
  const old = '2026-05-05T20:00:00Z'; // 16 h old: past the 12 h limit
  // Two wards of 20 beds each reporting: A 17 occupied (85%), B 16 occupied + 1 on leave (85%).
  const a = at(fresh, { occupied: 17 });
  const b = at(fresh, { occupied: 16, onLeave: 1 });
  // C is full and waiting on 10 admissions, but its figures are 16 h old.
  const c = at(old, { occupied: 20, onLeave: 2, pendingAdmissions: 10 });

  it('leaves a silent ward’s figures out of the inputs', () => {
    // A + B: occupancy (17 + 16 + 1) × 100 / 40 = 85% → OPEL 1; waiting 0 → 1; every indicator below
    // OPEL 2: OPEL 1. Counting C's old figures would give (34 + 22) × 100 / 60 = 93.3% → 2 and waiting
    // 10 × 100 / 60 = 16.7 → 4; one indicator at 4 (OPEL 4 needs two) still reaches 3: OPEL 3.
    const assessment = assessScopeEscalation([a, b, c], null, NOW, DEFAULT_FRESHNESS_LIMITS);
    expect(assessment.level).toBe(1);
    expect(assessment.indicators.find((grade) => grade.indicator === 'occupancy')?.value).toBe(85);
    expect(
      assessScopeEscalation([a, b, { ...c, state: { ...c.state, observedAt: fresh } }], null, NOW, DEFAULT_FRESHNESS_LIMITS)
        .level,
    ).toBe(3);
  });

  it('counts a silent ward against the share that must report', () => {
    // A, C and a ward that never reported: 1 of 3 reporting is below the default half: no level.
    const never = { ward: type, state: null };
    expect(assessScopeEscalation([a, c, never], null, NOW, DEFAULT_FRESHNESS_LIMITS)).toEqual({ level: null, indicators: [] });
    // A and C alone: 1 of 2 is exactly half: a level, from A alone (17 × 100 / 20 = 85% → OPEL 1).
    expect(assessScopeEscalation([a, c], null, NOW, DEFAULT_FRESHNESS_LIMITS).level).toBe(1);
    // With a 20 h limit C reports again: 2 of 3, and its figures count.
    const longer: FreshnessLimits = { notReportingAfterMs: 20 * 3_600_000, byWardType: {} };
    expect(assessScopeEscalation([a, c, never], null, NOW, longer).level).not.toBeNull();
  });
});
