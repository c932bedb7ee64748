/**
 * Wall wording for Section 136 suites: each suite's state as one short line, worst first, so a
 * detention nearing or past its limit is the first thing read. Figures and the clock come from
 * @wardpulse/shared (s136Figures, s136SuiteDetention); only presentation lives here.
 */
import {
  formatDetentionDuration,
  londonClockLabel,
  s136StatusSince,
  s136SuiteDetention,
  type S136SuiteLive,
} from '@wardpulse/shared';
import { formatAge } from '../live/age.js';
import { CLOSED_REASON_LABELS } from '../org/ward-labels.js';

/** How a suite reads on a board; `breached` and `due-soon` are occupied suites near or past the limit. */
export type S136Tone = 'breached' | 'due-soon' | 'occupied' | 'closed' | 'available' | 'unreported';

const TONE_ORDER: readonly S136Tone[] = ['breached', 'due-soon', 'occupied', 'closed', 'available', 'unreported'];

export interface S136SuiteRow {
  id: string;
  name: string;
  trustOds: string;
  commissioned: boolean;
  tone: S136Tone;
  /** The state in words: "Occupied", "Closed: staffing", "Empty" (available). */
  status: string;
  /** Time against the limit, how long empty or closed; null when nothing is known. */
  detail: string | null;
  /** For occupied suites: the limit on London's clocks and any s136B extension. */
  limit: string | null;
}

function rowOf(live: S136SuiteLive, now: number): S136SuiteRow & { remainingMs: number } {
  const base = { id: live.suite.id, name: live.suite.name, trustOds: live.suite.trustOds, commissioned: live.suite.commissioned };
  const state = live.state;
  if (!state) return { ...base, tone: 'unreported', status: 'Not reported', detail: null, limit: null, remainingMs: Infinity };
  const age = formatAge(now - Date.parse(s136StatusSince(state)));
  if (state.status === 'available')
    return { ...base, tone: 'available', status: 'Empty', detail: `for ${age}`, limit: null, remainingMs: Infinity };
  if (state.status === 'closed') {
    return {
      ...base,
      tone: 'closed',
      status: `Closed: ${CLOSED_REASON_LABELS[state.closedReason]}`,
      detail: `for ${age}`,
      limit: null,
      remainingMs: Infinity,
    };
  }
  const clock = s136SuiteDetention(state, now)!;
  const extension = clock.extensionHours > 0 ? `, extended ${clock.extensionHours} h (s136B)` : '';
  return {
    ...base,
    tone: clock.stage === 'within' ? 'occupied' : clock.stage,
    status: clock.stage === 'breached' ? 'Over the limit' : 'Occupied',
    detail:
      clock.stage === 'breached'
        ? `by ${formatDetentionDuration(clock.remainingMs)}`
        : `${formatDetentionDuration(clock.remainingMs)} left`,
    limit: `limit ${londonClockLabel(clock.endsAt)}${extension}`,
    remainingMs: clock.remainingMs,
  };
}

/**
 * Every suite as a row, worst first: over the limit, due soon, occupied (least time left first),
 * closed, available, not reported; uncommissioned suites last. `onlyBusy` keeps occupied and closed
 * suites (a collaborative board lists exceptions; its counts say how many are empty).
 */
export function s136SuiteRows(
  suites: readonly S136SuiteLive[],
  now: number,
  options: { onlyBusy?: boolean } = {},
): S136SuiteRow[] {
  return suites
    .map((live) => rowOf(live, now))
    .filter((row) => !options.onlyBusy || ['breached', 'due-soon', 'occupied', 'closed'].includes(row.tone))
    .sort(
      (a, b) =>
        Number(b.commissioned) - Number(a.commissioned) ||
        TONE_ORDER.indexOf(a.tone) - TONE_ORDER.indexOf(b.tone) ||
        a.remainingMs - b.remainingMs ||
        a.name.localeCompare(b.name),
    )
    .map(({ remainingMs: _remainingMs, ...row }) => row);
}
