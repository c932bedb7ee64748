/**
 * What a board says about an escalation level: "OPEL 3" and its meaning in words (never colour
 * alone), and the indicators that put the scope there as the reason. Levels and grades come from
 * the shared rule (escalation.ts); this only words them for the wall.
 */
import { OPEL_DESCRIPTIONS, type EscalationIndicator, type EscalationState, type OpelLevel } from '@wardpulse/shared';

/** Short indicator names for the header line; the shared ESCALATION_INDICATOR_LABELS are the long ones. */
export const ESCALATION_INDICATOR_SHORT_LABELS: Record<EscalationIndicator, string> = {
  occupancy: 'Occupancy incl. leave',
  waitingForAdmission: 'Waiting for admission',
  readyForDischarge: 'Ready for discharge',
  placedOutOfArea: 'Placed out of area',
  bedsClosed: 'Beds closed',
};

/** Indicators measured in percent; the others are counts per 100 open beds. */
const PERCENT_INDICATORS: ReadonlySet<EscalationIndicator> = new Set(['occupancy', 'bedsClosed']);

export interface EscalationView {
  level: OpelLevel | null;
  /** "OPEL 3", or "OPEL not assessed". */
  label: string;
  /** "severe pressure"; empty when not assessed. */
  meaning: string;
  /** The indicators that reach the level, most severe first, worded for the header. */
  reasons: string[];
}

function isOpelLevel(level: number): level is OpelLevel {
  return level === 1 || level === 2 || level === 3 || level === 4;
}

/** "severe pressure" from OPEL_DESCRIPTIONS' "OPEL 3 — severe pressure". */
export function opelMeaning(level: OpelLevel): string {
  const description = OPEL_DESCRIPTIONS[level];
  const dash = description.indexOf('—');
  return dash < 0 ? description : description.slice(dash + 1).trim();
}

/** One indicator's value as the header shows it: "104%", "6.2 per 100 beds". */
export function formatIndicatorValue(indicator: EscalationIndicator, value: number): string {
  if (PERCENT_INDICATORS.has(indicator)) return `${Math.round(value)}%`;
  const rounded = value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} per 100 beds`;
}

/**
 * The level and its reasons. Reasons are the indicators graded above OPEL 1 (a scope at OPEL 1 has
 * none to give), most severe first as the shared assessment sorts them, at most `maxReasons`.
 */
export function escalationView(state: EscalationState | null, maxReasons = 2): EscalationView {
  const level = state?.level ?? null;
  if (state === null || level === null) return { level: null, label: 'OPEL not assessed', meaning: '', reasons: [] };
  const reasons = [...state.indicators]
    .filter((grade) => grade.level >= 2)
    .sort((a, b) => b.level - a.level)
    .slice(0, maxReasons)
    .map((grade) => {
      const levelText = isOpelLevel(grade.level) && grade.level !== level ? ` (OPEL ${grade.level})` : '';
      return `${ESCALATION_INDICATOR_SHORT_LABELS[grade.indicator]} ${formatIndicatorValue(grade.indicator, grade.value)}${levelText}`;
    });
  return { level, label: `OPEL ${level}`, meaning: opelMeaning(level), reasons };
}
