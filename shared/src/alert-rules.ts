/**
 * Alert rules and their lifecycle (issue #6), pure: what a rule watches, when its condition holds
 * for a scope's live figures, and how an alert moves Normal → Pending → Firing → Recovering →
 * Normal (plus NoData and Error), so a value that flaps around a threshold neither pages at once
 * nor resolves at once. Evaluation, delivery and storage build on these.
 */
import { z } from 'zod';
import { S136_AGE_GROUPS, WARD_TYPES } from './org.js';
import { PATIENT_SEXES } from './bed-finder.js';
import type { LiveSummary } from './live.js';
import { scopeTextSchema } from './scope.js';
import { WAITING_SERVICE_IDS, type WaitingServiceId } from './waiting-lists.js';

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Live figures a threshold rule can watch, read from a scope's live summary. */
export const LIVE_FIGURES = {
  occupancyIncludingLeave: { label: 'Bed occupancy including leave', read: (s: LiveSummary) => s.beds.occupancyIncludingLeave },
  occupancyExcludingLeave: { label: 'Bed occupancy excluding leave', read: (s: LiveSummary) => s.beds.occupancyExcludingLeave },
  vacantBeds: { label: 'Vacant beds', read: (s: LiveSummary) => (s.beds.wardsReporting > 0 ? s.beds.vacant : null) },
  pendingAdmissions: {
    label: 'Patients waiting for admission',
    read: (s: LiveSummary) => (s.beds.wardsReporting > 0 ? s.beds.pendingAdmissions : null),
  },
  activeOaps: { label: 'Active out-of-area placements', read: (s: LiveSummary) => s.placements.active },
  activeInappropriateOaps: { label: 'Active inappropriate OAPs', read: (s: LiveSummary) => s.placements.activeInappropriate },
  escalationLevel: { label: 'Escalation level (OPEL)', read: (s: LiveSummary) => s.escalation?.level ?? null },
} as const satisfies Record<string, { label: string; read: (summary: LiveSummary) => number | null }>;
export type LiveFigure = keyof typeof LIVE_FIGURES;
const LIVE_FIGURE_IDS = Object.keys(LIVE_FIGURES) as [LiveFigure, ...LiveFigure[]];

export const COMPARATORS = ['>', '>=', '<', '<='] as const;

const seconds = z
  .int('must be whole seconds')
  .min(0, 'must not be negative')
  .max(7 * 86_400, 'must be at most a week');

export const alertConditionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('threshold'),
    figure: z.enum(LIVE_FIGURE_IDS),
    comparator: z.enum(COMPARATORS),
    value: z.number(),
  }),
  z.strictObject({
    kind: z.literal('no-vacant-bed'),
    wardType: z.enum(WARD_TYPES),
    patientSex: z.enum(PATIENT_SEXES).optional(),
  }),
  z.strictObject({ kind: z.literal('new-inappropriate-oap') }),
  z.strictObject({
    kind: z.literal('waiting-list'),
    service: z.enum(WAITING_SERVICE_IDS as [WaitingServiceId, ...WaitingServiceId[]]),
    waitingAbove: z.int().min(0).optional(),
    shareBelow: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Share within the service standard (its first standard) below this fraction'),
  }),
  z.strictObject({ kind: z.literal('escalation-level'), atLeast: z.union([z.literal(2), z.literal(3), z.literal(4)]) }),
  z.strictObject({
    kind: z.literal('feed-silent'),
    minutes: z
      .int()
      .min(1)
      .max(7 * 24 * 60),
  }),
  z
    .strictObject({
      kind: z.literal('no-empty-s136-suite'),
      minutes: z
        .int('must be whole minutes')
        .min(1, 'must be at least 1 minute')
        .max(7 * 24 * 60, 'must be at most a week'),
      ageGroup: z.enum(S136_AGE_GROUPS).optional().describe("Only this age group's suites (default: every suite)"),
    })
    .describe('No commissioned Section 136 suite of the scope has been empty (available) for at least `minutes`'),
  z
    .strictObject({ kind: z.literal('sitrep-unsigned') })
    .describe('A sitrep return of the scope is not signed 30 minutes after it fell due (returns due in the last day)'),
  z
    .strictObject({
      kind: z.literal('delayed-over'),
      days: z.int('must be whole days').min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days'),
    })
    .describe('A delayed discharge of the scope has been delayed for more than `days` days (value: the longest, in days)'),
  z
    .strictObject({
      kind: z.literal('delayed-bed-days'),
      above: z.int('must be a whole number').min(0, 'must not be negative').max(1_000_000),
    })
    .describe("The scope's delayed bed days this month (midnight census) are above `above`"),
]);
export type AlertCondition = z.infer<typeof alertConditionSchema>;

export const alertRuleSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  scope: scopeTextSchema,
  condition: alertConditionSchema,
  severity: z.enum(ALERT_SEVERITIES),
  pendingForSeconds: seconds.describe('How long the condition must hold before the alert fires'),
  keepFiringForSeconds: seconds.describe('How long it keeps firing after the condition clears (no flapping)'),
  labels: z.record(z.string().max(64), z.string().max(200)).default({}),
  description: z.string().max(2000).default(''),
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

/** What one evaluation found: the condition holds, does not, there is no data, or evaluation failed. */
export type ConditionResult =
  | { kind: 'true'; value: number | null }
  | { kind: 'false'; value: number | null }
  | { kind: 'no-data' }
  | { kind: 'error'; message: string };

export interface ConditionContext {
  /** Vacant beds of the watched type (and sex) across the scope, from the bed finder; null without reports. */
  vacantOfType?: number | null;
  /** Inappropriate OAPs started since the previous evaluation. */
  newInappropriateOaps?: number;
  /** Minutes since the scope's last fact. */
  minutesSinceLastFact?: number | null;
  /** Minutes the scope has had no empty Section 136 suite (0 while one is empty); null when no suite reported. */
  minutesWithoutEmptyS136Suite?: number | null;
  /** Sitrep returns of the scope unsigned 30 minutes after they fell due. */
  lateSitreps?: number;
}

function compare(value: number, comparator: (typeof COMPARATORS)[number], threshold: number): boolean {
  switch (comparator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

/** Whether a rule's condition holds for a scope now. */
export function evaluateCondition(
  condition: AlertCondition,
  summary: LiveSummary,
  context: ConditionContext = {},
): ConditionResult {
  switch (condition.kind) {
    case 'threshold': {
      const value = LIVE_FIGURES[condition.figure].read(summary);
      if (value === null) return { kind: 'no-data' };
      return { kind: compare(value, condition.comparator, condition.value) ? 'true' : 'false', value };
    }
    case 'no-vacant-bed': {
      const vacant = context.vacantOfType;
      if (vacant === undefined || vacant === null) return { kind: 'no-data' };
      return { kind: vacant === 0 ? 'true' : 'false', value: vacant };
    }
    case 'new-inappropriate-oap': {
      const started = context.newInappropriateOaps ?? 0;
      return { kind: started > 0 ? 'true' : 'false', value: started };
    }
    case 'waiting-list': {
      const list = summary.waitingLists.find((figures) => figures.service === condition.service);
      if (!list) return { kind: 'no-data' };
      const share = list.standards[0]?.share ?? null;
      const tooMany = condition.waitingAbove !== undefined && list.waiting > condition.waitingAbove;
      const tooSlow = condition.shareBelow !== undefined && share !== null && share < condition.shareBelow;
      return { kind: tooMany || tooSlow ? 'true' : 'false', value: tooSlow ? share : list.waiting };
    }
    case 'escalation-level': {
      const level = summary.escalation?.level ?? null;
      if (level === null) return { kind: 'no-data' };
      return { kind: level >= condition.atLeast ? 'true' : 'false', value: level };
    }
    case 'feed-silent': {
      const minutes = context.minutesSinceLastFact;
      // A feed that never sent anything is silent too.
      if (minutes === undefined) return { kind: 'no-data' };
      return { kind: minutes === null || minutes >= condition.minutes ? 'true' : 'false', value: minutes };
    }
    case 'no-empty-s136-suite': {
      const minutes = context.minutesWithoutEmptyS136Suite;
      // No suite has reported: nothing is known, which is not the same as none empty.
      if (minutes === undefined || minutes === null) return { kind: 'no-data' };
      return { kind: minutes >= condition.minutes ? 'true' : 'false', value: minutes };
    }
    case 'sitrep-unsigned': {
      const late = context.lateSitreps;
      if (late === undefined) return { kind: 'no-data' };
      return { kind: late > 0 ? 'true' : 'false', value: late };
    }
    case 'delayed-over': {
      // No ward of the scope reporting a list: nothing is known, which is not the same as no delay.
      const delays = summary.dischargeDelays;
      if (delays.wardsReporting === 0) return { kind: 'no-data' };
      const longest = delays.longestDays ?? 0;
      return { kind: longest > condition.days ? 'true' : 'false', value: longest };
    }
    case 'delayed-bed-days': {
      const delays = summary.dischargeDelays;
      if (delays.wardsReporting === 0) return { kind: 'no-data' };
      const bedDays = delays.delayedBedDaysThisMonth;
      return { kind: bedDays > condition.above ? 'true' : 'false', value: bedDays };
    }
  }
}

export const ALERT_STATES = ['normal', 'pending', 'firing', 'recovering', 'no-data', 'error'] as const;
export type AlertStateName = (typeof ALERT_STATES)[number];

export interface AlertState {
  state: AlertStateName;
  /** When the current state began (ms). */
  since: number;
  /** When the alert last started firing (kept through Recovering), for notifications and history. */
  firingSince: number | null;
  /** The last value the condition saw. */
  value: number | null;
}

export function initialAlertState(at: number): AlertState {
  return { state: 'normal', since: at, firingSince: null, value: null };
}

/** A transition worth telling people about. */
export type AlertTransition = { to: 'firing'; at: number } | { to: 'resolved'; at: number; firedFor: number } | null;

/**
 * One step of the lifecycle. Called on every relevant change and on a schedule (the same result
 * repeated lets time pass: Pending becomes Firing after `pendingForSeconds`, Recovering becomes
 * Normal after `keepFiringForSeconds`). Silences and maintenance windows do not enter here: they
 * suppress notifications, never evaluation.
 */
export function nextAlertState(
  current: AlertState,
  result: ConditionResult,
  rule: Pick<AlertRule, 'pendingForSeconds' | 'keepFiringForSeconds'>,
  at: number,
): { state: AlertState; transition: AlertTransition } {
  const value = result.kind === 'true' || result.kind === 'false' ? result.value : current.value;
  const become = (state: AlertStateName, extra: Partial<AlertState> = {}): AlertState => ({
    state,
    since: state === current.state ? current.since : at,
    firingSince: current.firingSince,
    value,
    ...extra,
  });
  const fire = (): { state: AlertState; transition: AlertTransition } =>
    current.state === 'firing' || current.state === 'recovering'
      ? { state: become('firing', { since: current.state === 'firing' ? current.since : at }), transition: null }
      : { state: become('firing', { firingSince: at }), transition: { to: 'firing', at } };
  const resolve = (): { state: AlertState; transition: AlertTransition } => ({
    state: become('normal', { firingSince: null }),
    transition: current.firingSince !== null ? { to: 'resolved', at, firedFor: at - current.firingSince } : null,
  });

  if (result.kind === 'error') return { state: become('error'), transition: null };
  if (result.kind === 'no-data') {
    // A firing alert keeps firing through a gap in data rather than resolving silently.
    if (current.state === 'firing' || current.state === 'recovering') return { state: become(current.state), transition: null };
    return { state: become('no-data'), transition: null };
  }
  if (result.kind === 'true') {
    if (current.state === 'firing' || current.state === 'recovering') return fire();
    const pendingSince = current.state === 'pending' ? current.since : at;
    if (at - pendingSince >= rule.pendingForSeconds * 1000) return fire();
    return { state: become('pending', { since: pendingSince }), transition: null };
  }
  // The condition is false.
  if (current.state === 'firing') {
    if (rule.keepFiringForSeconds === 0) return resolve();
    return { state: become('recovering'), transition: null };
  }
  if (current.state === 'recovering') {
    if (at - current.since >= rule.keepFiringForSeconds * 1000) return resolve();
    return { state: become('recovering'), transition: null };
  }
  return { state: become('normal', { firingSince: null }), transition: null };
}

/** One firing alert per rule and scope, however many workers evaluate: its deduplication key. */
export function alertKey(ruleId: string, scope: string): string {
  return `${ruleId}|${scope}`;
}

const PERCENT_FIGURES: readonly LiveFigure[] = ['occupancyIncludingLeave', 'occupancyExcludingLeave'];

/** The figure a condition saw, as people read it in notifications and on screens. */
export function formatAlertValue(condition: AlertCondition, value: number | null): string | null {
  if (value === null) return null;
  const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
  switch (condition.kind) {
    case 'threshold':
      if (PERCENT_FIGURES.includes(condition.figure)) return percent(value);
      if (condition.figure === 'escalationLevel') return `OPEL ${value}`;
      return `${value} ${LIVE_FIGURES[condition.figure].label.toLowerCase()}`;
    case 'no-vacant-bed':
      return `${value} vacant ${value === 1 ? 'bed' : 'beds'}`;
    case 'new-inappropriate-oap':
      return `${value} new inappropriate ${value === 1 ? 'placement' : 'placements'}`;
    case 'waiting-list': {
      // evaluateCondition reports the share when the share breaches, else the number waiting.
      const isShare =
        condition.waitingAbove === undefined || (condition.shareBelow !== undefined && value < 1 && !Number.isInteger(value));
      return isShare ? `${percent(value)} within standard` : `${value} waiting`;
    }
    case 'escalation-level':
      return `OPEL ${value}`;
    case 'feed-silent':
      return `silent for ${Math.round(value)} min`;
    case 'no-empty-s136-suite':
      return value === 0 ? 'a Section 136 suite is empty' : `no empty Section 136 suite for ${Math.round(value)} min`;
    case 'sitrep-unsigned':
      return `${value} late sitrep ${value === 1 ? 'return' : 'returns'}`;
    case 'delayed-over':
      return `longest delay ${value} ${value === 1 ? 'day' : 'days'}`;
    case 'delayed-bed-days':
      return `${value} delayed bed ${value === 1 ? 'day' : 'days'} this month`;
  }
}
