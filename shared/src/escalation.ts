/**
 * Escalation level (OPEL 1–4) for a trust or collaborative: a documented, configurable rule over
 * the inputs domain.md lists for a mental health OPEL, as far as WardPulse receives them:
 * bed occupancy, patients waiting for admission, patients clinically ready for discharge,
 * patients placed out of area, and beds closed. (Section 136 suites, s136 breaches and completed
 * discharges are not fed to WardPulse yet; the rule leaves room for them.)
 *
 * Counts are taken per 100 open beds so one rule serves a small trust and a large collaborative
 * (out-of-area placements per 100 open beds of the bed types the rule names).
 * Each indicator is graded 1–4 by its thresholds; the level is the highest L that at least
 * `requiredIndicators[L]` indicators reach. The default asks two indicators for OPEL 4, so one
 * noisy figure alone cannot declare the most severe level.
 */
import { z } from 'zod';
import { sumBedCounts, type BedCounts, type BedTotals } from './bed-occupancy.js';
import { isReporting, type FreshnessLimits } from './freshness.js';
import type { WardType } from './org.js';
import { PLACEMENT_BED_TYPES, placementBedTypeOf, type PlacementBedType, type PlacementFigures } from './placements.js';

export const ESCALATION_INDICATORS = [
  'occupancy',
  'waitingForAdmission',
  'readyForDischarge',
  'placedOutOfArea',
  'bedsClosed',
] as const;
export type EscalationIndicator = (typeof ESCALATION_INDICATORS)[number];

export const ESCALATION_INDICATOR_LABELS: Record<EscalationIndicator, string> = {
  occupancy: 'Bed occupancy including leave (%)',
  waitingForAdmission: 'Patients waiting for admission per 100 open beds',
  readyForDischarge: 'Patients clinically ready for discharge per 100 open beds',
  placedOutOfArea: 'Patients placed out of area per 100 open beds of the same bed types',
  bedsClosed: 'Commissioned beds closed (%)',
};

export type OpelLevel = 1 | 2 | 3 | 4;

export const DEFAULT_MINIMUM_WARDS_REPORTING = 0.5;

const thresholdsSchema = z
  .strictObject({ opel2: z.number(), opel3: z.number(), opel4: z.number() })
  .refine(
    (t) => t.opel2 <= t.opel3 && t.opel3 <= t.opel4,
    'levels must nest: thresholds must not decrease from opel2 to opel4 (a value at OPEL 3 is at OPEL 2 too)',
  )
  .nullable()
  .describe('Value at or above which the indicator reaches each level; null switches the indicator off');

const requiredCount = z.int().min(1).max(ESCALATION_INDICATORS.length);

export const escalationRuleSchema = z
  .strictObject({
    indicators: z.strictObject(
      Object.fromEntries(ESCALATION_INDICATORS.map((name) => [name, thresholdsSchema])) as Record<
        EscalationIndicator,
        typeof thresholdsSchema
      >,
    ),
    requiredIndicators: z
      .strictObject({ opel2: requiredCount, opel3: requiredCount, opel4: requiredCount })
      .describe('How many indicators must reach a level for the scope to be at it; must not decrease from opel2 to opel4'),
    minimumWardsReporting: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("Share of the scope's wards that must have reported before a level is declared (default 0.5)"),
    placedOutOfAreaBedTypes: z
      .array(z.enum(PLACEMENT_BED_TYPES))
      .min(1, 'must name at least one bed type (switch the indicator off with indicators.placedOutOfArea: null)')
      .refine((types) => new Set(types).size === types.length, 'must not name a bed type twice')
      .optional()
      .describe(
        'Bed types placedOutOfArea counts: active OAPs of these bed types per 100 open beds of wards of the same types (default: all three, the national OAP scope)',
      ),
  })
  .superRefine((rule, ctx) => {
    // Levels nest: a scope at OPEL 3 is at OPEL 2 too. With fewer indicators asked for a higher
    // level, one indicator at OPEL 3 could give OPEL 3 where the same indicator at OPEL 2 gives OPEL 1.
    const required = rule.requiredIndicators;
    // A count out of range is reported by its own check already.
    const inRange = (n: number) => Number.isInteger(n) && n >= 1 && n <= ESCALATION_INDICATORS.length;
    if (!inRange(required.opel2) || !inRange(required.opel3) || !inRange(required.opel4)) return;
    for (const [lower, higher] of [
      ['opel2', 'opel3'],
      ['opel3', 'opel4'],
    ] as const) {
      if (required[higher] < required[lower]) {
        ctx.addIssue({
          code: 'custom',
          path: ['requiredIndicators', higher],
          message: `levels must nest: ${higher} asks for ${required[higher]} indicators, fewer than ${lower}'s ${required[lower]}, so a scope could reach ${higher.toUpperCase()} without reaching ${lower.toUpperCase()}`,
        });
      }
    }
    // A level that asks for more indicators than the rule switches on can never be reached.
    const enabled = ESCALATION_INDICATORS.filter((name) => rule.indicators[name] !== null).length;
    for (const level of ['opel2', 'opel3', 'opel4'] as const) {
      if (required[level] > enabled) {
        ctx.addIssue({
          code: 'custom',
          path: ['requiredIndicators', level],
          message: `asks for ${required[level]} indicators but the rule switches on only ${enabled}, so ${level.toUpperCase()} could never be reached`,
        });
      }
    }
  });
export type EscalationRule = z.infer<typeof escalationRuleSchema>;

/** Shipped default. Occupancy bands follow RCPsych's 85% and the 95–105% mental health wards run at (domain.md). */
export const DEFAULT_ESCALATION_RULE: EscalationRule = {
  indicators: {
    occupancy: { opel2: 90, opel3: 97, opel4: 103 },
    waitingForAdmission: { opel2: 2, opel3: 5, opel4: 10 },
    readyForDischarge: { opel2: 5, opel3: 10, opel4: 15 },
    placedOutOfArea: { opel2: 1, opel3: 3, opel4: 6 },
    bedsClosed: { opel2: 3, opel3: 6, opel4: 10 },
  },
  requiredIndicators: { opel2: 1, opel3: 1, opel4: 2 },
  minimumWardsReporting: 0.5,
  placedOutOfAreaBedTypes: [...PLACEMENT_BED_TYPES],
};

/**
 * Whether enough of a scope's wards are reporting for a level to mean anything: one full PICU
 * reporting out of 26 wards must not declare a trust at OPEL 4. `beds` are the totals over the wards
 * reporting now (freshness.ts), so a ward silent past its limit counts against the share, as one that
 * never reported does.
 */
export function enoughWardsReporting(beds: Pick<BedTotals, 'wardsReporting'>, wardCount: number, rule: EscalationRule): boolean {
  if (wardCount === 0) return false;
  return beds.wardsReporting / wardCount >= (rule.minimumWardsReporting ?? DEFAULT_MINIMUM_WARDS_REPORTING);
}

export type EscalationInputs = Record<EscalationIndicator, number | null>;

/**
 * The open beds placedOutOfArea is taken per: those of the reporting wards whose beds count as one
 * of the rule's OAP bed types (placementBedTypeOf), so placements of adult acute beds are set
 * against adult acute beds, not against CAMHS or secure wards.
 */
export function placedOutOfAreaBedTypes(rule: EscalationRule): readonly PlacementBedType[] {
  return rule.placedOutOfAreaBedTypes ?? PLACEMENT_BED_TYPES;
}

/**
 * The rule's inputs from a scope's reporting wards (their type and latest counts) and its OAP
 * figures. Null where there is no data. placedOutOfArea counts all active OAPs (whatever the
 * reason: patients placed outside the trust, domain.md) of the rule's bed types, per 100 open beds
 * of wards of those types.
 */
export function escalationInputs(
  wards: readonly { type: WardType; state: BedCounts }[],
  placements: PlacementFigures | null,
  rule: EscalationRule = DEFAULT_ESCALATION_RULE,
): EscalationInputs {
  const beds = sumBedCounts(wards.map((ward) => ward.state));
  // Multiply before dividing: (29 / 50) * 100 is 57.99999999999999, 29 * 100 / 50 is exactly 58,
  // so a value exactly at a threshold grades at it.
  const per100 = (value: number, open: number) => (open === 0 ? null : (value * 100) / open);
  const oapTypes = placedOutOfAreaBedTypes(rule);
  const oapWards = wards.filter((ward) => {
    const type = placementBedTypeOf(ward.type);
    return type !== null && oapTypes.includes(type);
  });
  const oapBeds = sumBedCounts(oapWards.map((ward) => ward.state));
  const placed = placements === null ? 0 : oapTypes.reduce((sum, type) => sum + placements.activeByBedType[type], 0);
  return {
    occupancy: beds.occupancyIncludingLeave === null ? null : ((beds.occupied + beds.onLeave) * 100) / beds.open,
    waitingForAdmission: beds.wardsReporting === 0 ? null : per100(beds.pendingAdmissions, beds.open),
    readyForDischarge: beds.wardsReporting === 0 ? null : per100(beds.clinicallyReadyForDischarge, beds.open),
    placedOutOfArea: placements === null || oapBeds.wardsReporting === 0 ? null : per100(placed, oapBeds.open),
    bedsClosed: beds.commissioned === 0 ? null : (beds.closed * 100) / beds.commissioned,
  };
}

/** One ward as the level needs it: its type (for its freshness limit) and its latest report. */
export interface EscalationWard {
  ward: { type: WardType };
  state: (BedCounts & { observedAt: string }) | null;
}

/**
 * A scope's level at `now` from its wards' latest reports and its OAP figures: the rule over the wards
 * reporting, or no level while too few of the scope's wards report. The one definition behind the
 * live level (jobs escalation-evaluator) and the level a sitrep return suggests.
 */
export function assessScopeEscalation(
  wards: readonly EscalationWard[],
  placements: PlacementFigures | null,
  now: number,
  limits: FreshnessLimits,
  rule: EscalationRule = DEFAULT_ESCALATION_RULE,
): EscalationAssessment {
  const reporting = wards.flatMap((ward) =>
    ward.state && isReporting(ward.state, ward.ward.type, now, limits) ? [{ type: ward.ward.type, state: ward.state }] : [],
  );
  const beds = sumBedCounts(reporting.map((ward) => ward.state));
  if (!enoughWardsReporting(beds, wards.length, rule)) return { level: null, indicators: [] };
  return assessEscalation(escalationInputs(reporting, placements, rule), rule);
}

export interface IndicatorGrade {
  indicator: EscalationIndicator;
  value: number;
  level: OpelLevel;
}

export interface EscalationAssessment {
  /** Null when no indicator has data. */
  level: OpelLevel | null;
  /** Indicators with data and their grades, most severe first. */
  indicators: IndicatorGrade[];
}

export function gradeIndicator(value: number, thresholds: { opel2: number; opel3: number; opel4: number }): OpelLevel {
  if (value >= thresholds.opel4) return 4;
  if (value >= thresholds.opel3) return 3;
  if (value >= thresholds.opel2) return 2;
  return 1;
}

export function assessEscalation(inputs: EscalationInputs, rule: EscalationRule = DEFAULT_ESCALATION_RULE): EscalationAssessment {
  const indicators: IndicatorGrade[] = [];
  for (const indicator of ESCALATION_INDICATORS) {
    const value = inputs[indicator];
    const thresholds = rule.indicators[indicator];
    if (value === null || thresholds === null) continue;
    indicators.push({ indicator, value, level: gradeIndicator(value, thresholds) });
  }
  indicators.sort((a, b) => b.level - a.level);
  if (indicators.length === 0) return { level: null, indicators };
  const reaching = (level: OpelLevel) => indicators.filter((grade) => grade.level >= level).length;
  let level: OpelLevel = 1;
  if (reaching(2) >= rule.requiredIndicators.opel2) level = 2;
  if (reaching(3) >= rule.requiredIndicators.opel3) level = 3;
  if (reaching(4) >= rule.requiredIndicators.opel4) level = 4;
  return { level, indicators };
}

/** What live state keeps and sends for a scope's level. */
export const escalationStateSchema = z.object({
  scope: z.string(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).nullable(),
  previousLevel: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).nullable(),
  indicators: z.array(z.object({ indicator: z.enum(ESCALATION_INDICATORS), value: z.number(), level: z.number() })),
  changedAt: z.string().describe('When the level last changed'),
  assessedAt: z.string(),
});
export type EscalationState = z.infer<typeof escalationStateSchema>;

export const OPEL_DESCRIPTIONS: Record<OpelLevel, string> = {
  1: 'OPEL 1 — able to meet demand',
  2: 'OPEL 2 — under pressure',
  3: 'OPEL 3 — severe pressure',
  4: 'OPEL 4 — extreme pressure, unable to deliver comprehensive care',
};
