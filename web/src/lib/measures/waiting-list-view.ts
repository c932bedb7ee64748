/**
 * Which waiting lists a compact wall panel shows, and how each standard reads against its target:
 * "met" or "not met" in words with an icon, never colour alone. The figures and the worst-first
 * order come from the shared waitingListsWorstFirst.
 */
import {
  WAIT_BANDS,
  type StandardFigures,
  type WaitBandId,
  type WaitBands,
  type WaitingListFigures,
  type WaitingServiceId,
} from '@wardpulse/shared';
import { formatCount, formatShare, formatWeeks } from './measure-format.js';

/** Service names short enough for one panel line; the full shared label goes to screen readers. */
export const WAITING_SERVICE_SHORT_LABELS: Record<WaitingServiceId, string> = {
  'community-mental-health': 'Community MH (adult)',
  'talking-therapies': 'Talking Therapies',
  cypmhs: 'CYP mental health',
  'early-intervention-psychosis': 'Early intervention',
  'eating-disorders-cyp': 'Eating disorders (CYP)',
  'memory-assessment': 'Memory assessment',
};

export interface PanelSelection<T> {
  shown: T[];
  /** How many were left off for space. */
  hidden: number;
}

/** The first `max` items (the list is already worst first) and how many more there are. */
export function selectForPanel<T>(items: readonly T[], max: number): PanelSelection<T> {
  const limit = Math.max(0, Math.floor(max));
  return { shown: items.slice(0, limit), hidden: Math.max(0, items.length - limit) };
}

export type StandardVerdict = 'met' | 'not-met' | 'no-target' | 'no-data';

export function standardVerdict(standard: StandardFigures): StandardVerdict {
  if (standard.share === null) return 'no-data';
  if (standard.meetsTarget === null) return 'no-target';
  return standard.meetsTarget ? 'met' : 'not-met';
}

export const VERDICT_WORDS: Record<StandardVerdict, string> = {
  met: 'Met',
  'not-met': 'Not met',
  'no-target': 'No national target',
  'no-data': 'No one started yet',
};

/** "≤6 wk 71% / 75%" for the wall; the verdict words go beside it. */
export function standardShortText(standard: StandardFigures): string {
  const share = formatShare(standard.share);
  const target = standard.target === null ? '' : ` / ${formatShare(standard.target)}`;
  return `≤${standard.weeks} wk ${share}${target}`;
}

/** The share with its denominator, as the wall shows it: "142 of 200 finishing treatment" ("none finishing treatment"). */
export function standardDenominatorText(standard: StandardFigures): string {
  if (standard.started === 0) return `none ${standard.countedShort}`;
  return `${formatCount(standard.startedWithin)} of ${formatCount(standard.started)} ${standard.countedShort}`;
}

/**
 * The whole standard in words, for screen readers: "First treatment within 6 weeks of referral: 142
 * of 200 referrals that finished a course of treatment in the period, 71%, against a target of 75%, not met".
 */
export function standardSentence(standard: StandardFigures): string {
  const verdict = standardVerdict(standard);
  if (verdict === 'no-data') return `${standard.label}: none counted in the period (${standard.counted})`;
  const target = standard.target === null ? ', no national target' : `, against a target of ${formatShare(standard.target)}`;
  const outcome = verdict === 'met' ? ', met' : verdict === 'not-met' ? ', not met' : '';
  const counted = `${formatCount(standard.startedWithin)} of ${formatCount(standard.started)} ${standard.counted}`;
  return `${standard.label}: ${counted}, ${formatShare(standard.share)}${target}${outcome}`;
}

const TOP_BAND = WAIT_BANDS.at(-1)!;

/**
 * A median or 90th percentile for the wall: "3 wk", "—" when unknown. A roll-up's estimate that lands
 * in the open top band is its lower bound (percentileFromBands): shown "> 104 wk", which it means.
 */
export function percentileText(list: WaitingListFigures, weeks: number | null, long = false): string {
  if (list.percentilesEstimated && weeks !== null && weeks >= TOP_BAND.fromWeeks) {
    return long ? `more than ${TOP_BAND.fromWeeks} weeks` : `> ${TOP_BAND.fromWeeks} wk`;
  }
  return formatWeeks(weeks, long);
}

export interface BandBar {
  id: WaitBandId;
  label: string;
  count: number;
  /** Height against the fullest band, 0–1 (a band with anyone in it shows at least a sliver). */
  height: number;
  /** Waits of more than 52 weeks (MRS02e). */
  over52: boolean;
}

/** One bar per wait band, shortest waits first, scaled to the fullest band. */
export function bandBars(bands: WaitBands): BandBar[] {
  const fullest = Math.max(0, ...WAIT_BANDS.map((band) => bands[band.id]));
  return WAIT_BANDS.map((band) => {
    const count = bands[band.id];
    return {
      id: band.id,
      label: band.label,
      count,
      height: fullest === 0 || count === 0 ? 0 : Math.max(0.08, count / fullest),
      over52: band.fromWeeks >= 52,
    };
  });
}

/** The bands in words, for screen readers and the bar's tooltip: "Up to 2 weeks 372; Over 2, up to 4 weeks 0; …". */
export function bandsSentence(bands: WaitBands): string {
  return WAIT_BANDS.map((band) => `${band.label} ${formatCount(bands[band.id])}`).join('; ');
}

/** True when any shown service misses a standard (the panel heading says so in words). */
export function anyStandardNotMet(lists: readonly WaitingListFigures[]): boolean {
  return lists.some((list) => list.standards.some((standard) => standardVerdict(standard) === 'not-met'));
}
