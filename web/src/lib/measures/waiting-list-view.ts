/**
 * Which waiting lists a compact wall panel shows, and how each standard reads against its target:
 * "met" or "not met" in words with an icon, never colour alone. The figures and the worst-first
 * order come from the shared waitingListsWorstFirst.
 */
import type { StandardFigures, WaitingListFigures, WaitingServiceId } from '@wardpulse/shared';
import { formatShare } from './measure-format.js';

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

/** The whole standard in words, for screen readers: "Within 6 weeks: 71% against a target of 75%, not met". */
export function standardSentence(standard: StandardFigures): string {
  const verdict = standardVerdict(standard);
  if (verdict === 'no-data') return `${standard.label}: no one started treatment in the period`;
  const target = standard.target === null ? ', no national target' : ` against a target of ${formatShare(standard.target)}`;
  const outcome = verdict === 'met' ? ', met' : verdict === 'not-met' ? ', not met' : '';
  return `${standard.label}: ${formatShare(standard.share)}${target}${outcome}`;
}

/** True when any shown service misses a standard (the panel heading says so in words). */
export function anyStandardNotMet(lists: readonly WaitingListFigures[]): boolean {
  return lists.some((list) => list.standards.some((standard) => standardVerdict(standard) === 'not-met'));
}
