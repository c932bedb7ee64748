/**
 * The alert rule form's working copy. People think in minutes and percentages; the API takes seconds
 * and fractions (`alertRuleInputSchema`), so the draft keeps the words people type and converts on the
 * way in and out. Every condition kind's fields are kept while another kind is chosen, so switching
 * back and forth loses nothing. Validation runs the shared schema itself, so the form says what the
 * server would say, beside the right field.
 */
import {
  alertRuleInputSchema,
  zodIssuesToDetails,
  type AlertCondition,
  type AlertRuleInput,
  type AlertSeverity,
  type LiveFigure,
  type S136AgeGroup,
  type StoredAlertRule,
  type WaitingServiceId,
  type WardType,
} from '@wardpulse/shared';
import type { FieldRef } from '../forms/form-errors.js';
import { PERCENT_FIGURES } from './alert-text.js';
import { detailProblems, fieldNumber, parseDecimal, parseWhole, type FormProblem } from './draft-errors.js';

export type ConditionKind = AlertCondition['kind'];
export type Comparator = Extract<AlertCondition, { kind: 'threshold' }>['comparator'];

export const CONDITION_KIND_LABELS: Record<ConditionKind, string> = {
  threshold: 'A live figure crosses a threshold',
  'no-vacant-bed': 'No vacant bed in wards of one type',
  'new-inappropriate-oap': 'A new inappropriate out-of-area placement',
  'waiting-list': 'A waiting list grows too long or too slow',
  'escalation-level': 'The escalation level reaches OPEL 2, 3 or 4',
  'feed-silent': 'A feed sends nothing for a while',
  'no-empty-s136-suite': 'No empty Section 136 suite for a while',
  'sitrep-unsigned': 'A sitrep return is not signed 30 minutes after it was due',
  'delayed-over': 'A discharge is delayed over a number of days',
  'delayed-bed-days': 'Delayed bed days this month go above a number',
};

export const COMPARATOR_LABELS: Record<Comparator, string> = {
  '>': 'Above (>)',
  '>=': 'At or above (≥)',
  '<': 'Below (<)',
  '<=': 'At or below (≤)',
};

export interface RuleDraft {
  name: string;
  scope: string;
  severity: AlertSeverity;
  kind: ConditionKind;
  figure: LiveFigure;
  comparator: Comparator;
  /** Percent for occupancy figures, the plain number otherwise. */
  thresholdValue: string;
  wardType: WardType;
  /** '' for any patient. */
  patientSex: '' | 'male' | 'female';
  service: WaitingServiceId;
  waitingAbove: string;
  /** Percent seen within the service's standard. */
  shareBelowPercent: string;
  atLeast: '2' | '3' | '4';
  silentMinutes: string;
  /** Minutes with no empty Section 136 suite. */
  noEmptySuiteMinutes: string;
  /** '' for every suite. */
  suiteAgeGroup: '' | S136AgeGroup;
  /** Days a discharge may be delayed before the rule fires. */
  delayedDays: string;
  /** Delayed bed days this month above which the rule fires. */
  delayedBedDaysAbove: string;
  pendingMinutes: string;
  keepFiringMinutes: string;
  /** `key=value`, one a line. */
  labels: string;
  description: string;
  enabled: boolean;
}

export function newRuleDraft(scope = ''): RuleDraft {
  return {
    name: '',
    scope,
    severity: 'warning',
    kind: 'threshold',
    figure: 'occupancyIncludingLeave',
    comparator: '>',
    thresholdValue: '',
    wardType: 'adult-acute',
    patientSex: '',
    service: 'talking-therapies',
    waitingAbove: '',
    shareBelowPercent: '',
    atLeast: '3',
    silentMinutes: '30',
    noEmptySuiteMinutes: '30',
    suiteAgeGroup: '',
    delayedDays: '28',
    delayedBedDaysAbove: '',
    pendingMinutes: '5',
    keepFiringMinutes: '10',
    labels: '',
    description: '',
    enabled: true,
  };
}

/** The form's fields for a stored rule, ready to edit. */
export function draftFromRule(rule: Pick<StoredAlertRule, keyof AlertRuleInput>): RuleDraft {
  const draft: RuleDraft = {
    ...newRuleDraft(rule.scope),
    name: rule.name,
    severity: rule.severity,
    kind: rule.condition.kind,
    pendingMinutes: fieldNumber(rule.pendingForSeconds / 60),
    keepFiringMinutes: fieldNumber(rule.keepFiringForSeconds / 60),
    labels: Object.entries(rule.labels)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
    description: rule.description,
    enabled: rule.enabled,
  };
  const condition = rule.condition;
  switch (condition.kind) {
    case 'threshold':
      return {
        ...draft,
        figure: condition.figure,
        comparator: condition.comparator,
        thresholdValue: fieldNumber(PERCENT_FIGURES.has(condition.figure) ? condition.value * 100 : condition.value),
      };
    case 'no-vacant-bed':
      return { ...draft, wardType: condition.wardType, patientSex: condition.patientSex ?? '' };
    case 'new-inappropriate-oap':
      return draft;
    case 'waiting-list':
      return {
        ...draft,
        service: condition.service,
        waitingAbove: condition.waitingAbove === undefined ? '' : String(condition.waitingAbove),
        shareBelowPercent: condition.shareBelow === undefined ? '' : fieldNumber(condition.shareBelow * 100),
      };
    case 'escalation-level':
      return { ...draft, atLeast: String(condition.atLeast) as RuleDraft['atLeast'] };
    case 'feed-silent':
      return { ...draft, silentMinutes: String(condition.minutes) };
    case 'no-empty-s136-suite':
      return { ...draft, noEmptySuiteMinutes: String(condition.minutes), suiteAgeGroup: condition.ageGroup ?? '' };
    case 'sitrep-unsigned':
      return draft;
    case 'delayed-over':
      return { ...draft, delayedDays: String(condition.days) };
    case 'delayed-bed-days':
      return { ...draft, delayedBedDaysAbove: String(condition.above) };
  }
}

/** Element ids and labels of the rule form's inputs; the labels start the error messages. */
export const RULE_FIELDS = {
  name: { id: 'rule-name', label: 'Name' },
  scope: { id: 'rule-scope', label: 'Watches' },
  severity: { id: 'rule-severity', label: 'Severity' },
  kind: { id: 'rule-kind', label: 'Condition' },
  figure: { id: 'rule-figure', label: 'Figure' },
  comparator: { id: 'rule-comparator', label: 'Comparison' },
  value: { id: 'rule-value', label: 'Threshold' },
  wardType: { id: 'rule-ward-type', label: 'Ward type' },
  patientSex: { id: 'rule-patient-sex', label: 'Patient' },
  service: { id: 'rule-service', label: 'Service' },
  waitingAbove: { id: 'rule-waiting-above', label: 'People waiting above' },
  shareBelow: { id: 'rule-share-below', label: 'Share seen within the standard below' },
  atLeast: { id: 'rule-at-least', label: 'Escalation level' },
  minutes: { id: 'rule-silent-minutes', label: 'Minutes without data' },
  s136Minutes: { id: 'rule-s136-minutes', label: 'Minutes without an empty suite' },
  s136AgeGroup: { id: 'rule-s136-age-group', label: 'Suites' },
  delayedDays: { id: 'rule-delayed-days', label: 'Days delayed' },
  delayedBedDays: { id: 'rule-delayed-bed-days', label: 'Delayed bed days above' },
  pending: { id: 'rule-pending', label: 'Pending period' },
  keepFiring: { id: 'rule-keep-firing', label: 'Keep-firing period' },
  labels: { id: 'rule-labels', label: 'Labels' },
  description: { id: 'rule-description', label: 'Description' },
  enabled: { id: 'rule-enabled', label: 'Enabled' },
} as const satisfies Record<string, FieldRef>;

const PATH_FIELDS: Record<string, FieldRef> = {
  name: RULE_FIELDS.name,
  scope: RULE_FIELDS.scope,
  severity: RULE_FIELDS.severity,
  condition: RULE_FIELDS.kind,
  'condition.kind': RULE_FIELDS.kind,
  'condition.figure': RULE_FIELDS.figure,
  'condition.comparator': RULE_FIELDS.comparator,
  'condition.value': RULE_FIELDS.value,
  'condition.wardType': RULE_FIELDS.wardType,
  'condition.patientSex': RULE_FIELDS.patientSex,
  'condition.service': RULE_FIELDS.service,
  'condition.waitingAbove': RULE_FIELDS.waitingAbove,
  'condition.shareBelow': RULE_FIELDS.shareBelow,
  'condition.atLeast': RULE_FIELDS.atLeast,
  'condition.ageGroup': RULE_FIELDS.s136AgeGroup,
  'condition.days': RULE_FIELDS.delayedDays,
  'condition.above': RULE_FIELDS.delayedBedDays,
  pendingForSeconds: RULE_FIELDS.pending,
  keepFiringForSeconds: RULE_FIELDS.keepFiring,
  labels: RULE_FIELDS.labels,
  description: RULE_FIELDS.description,
  enabled: RULE_FIELDS.enabled,
};

/**
 * Maps the API's paths (`condition.value`, `labels.team`) to the form's inputs; `condition.minutes`
 * is the input of the condition kind shown.
 */
export function resolveRulePath(path: string, kind: ConditionKind = 'feed-silent'): FieldRef | undefined {
  if (path === 'condition.minutes') return kind === 'no-empty-s136-suite' ? RULE_FIELDS.s136Minutes : RULE_FIELDS.minutes;
  return PATH_FIELDS[path] ?? (path.startsWith('labels.') || path.startsWith('labels[') ? RULE_FIELDS.labels : undefined);
}

/** `key=value` lines → labels; blank lines are skipped. */
export function parseLabels(text: string): { labels: Record<string, string>; problems: FormProblem[] } {
  const labels: Record<string, string> = {};
  const problems: FormProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const equals = line.indexOf('=');
    const key = equals < 0 ? '' : line.slice(0, equals).trim();
    if (key === '') {
      problems.push({ field: RULE_FIELDS.labels, message: `Labels line ${index + 1} must be written as key=value` });
      return;
    }
    if (key in labels) {
      problems.push({ field: RULE_FIELDS.labels, message: `Labels line ${index + 1} repeats the key “${key}”` });
      return;
    }
    labels[key] = line.slice(equals + 1).trim();
  });
  return { labels, problems };
}

type Parsed<T> = { value: T; problems: FormProblem[] };

function minutesToSeconds(text: string, field: FieldRef, what: string): Parsed<number> {
  const minutes = parseDecimal(text);
  if (minutes === null) return { value: 0, problems: [{ field, message: `Enter the ${what} in minutes (0 for none)` }] };
  return { value: Math.round(minutes * 60), problems: [] };
}

function conditionFromDraft(draft: RuleDraft): Parsed<unknown> {
  const problems: FormProblem[] = [];
  switch (draft.kind) {
    case 'threshold': {
      const value = parseDecimal(draft.thresholdValue);
      if (value === null) problems.push({ field: RULE_FIELDS.value, message: 'Enter the threshold as a number' });
      const percent = PERCENT_FIGURES.has(draft.figure);
      return {
        value: {
          kind: 'threshold',
          figure: draft.figure,
          comparator: draft.comparator,
          value: value === null ? 0 : percent ? value / 100 : value,
        },
        problems,
      };
    }
    case 'no-vacant-bed':
      return {
        value: { kind: 'no-vacant-bed', wardType: draft.wardType, ...(draft.patientSex ? { patientSex: draft.patientSex } : {}) },
        problems,
      };
    case 'new-inappropriate-oap':
      return { value: { kind: 'new-inappropriate-oap' }, problems };
    case 'waiting-list': {
      const above = draft.waitingAbove.trim() === '' ? undefined : parseWhole(draft.waitingAbove);
      const percent = draft.shareBelowPercent.trim() === '' ? undefined : parseDecimal(draft.shareBelowPercent);
      if (above === null)
        problems.push({ field: RULE_FIELDS.waitingAbove, message: 'Enter the number of people waiting as a whole number' });
      if (percent === null) problems.push({ field: RULE_FIELDS.shareBelow, message: 'Enter the share as a percentage, e.g. 75' });
      if (above === undefined && percent === undefined)
        problems.push({ field: RULE_FIELDS.waitingAbove, message: 'Enter a number of people waiting, a share, or both' });
      return {
        value: {
          kind: 'waiting-list',
          service: draft.service,
          ...(typeof above === 'number' ? { waitingAbove: above } : {}),
          ...(typeof percent === 'number' ? { shareBelow: percent / 100 } : {}),
        },
        problems,
      };
    }
    case 'escalation-level':
      return { value: { kind: 'escalation-level', atLeast: Number(draft.atLeast) }, problems };
    case 'feed-silent': {
      const minutes = parseWhole(draft.silentMinutes);
      if (minutes === null)
        problems.push({ field: RULE_FIELDS.minutes, message: 'Enter the minutes without data as a whole number' });
      return { value: { kind: 'feed-silent', minutes: minutes ?? 0 }, problems };
    }
    case 'no-empty-s136-suite': {
      const minutes = parseWhole(draft.noEmptySuiteMinutes);
      if (minutes === null)
        problems.push({ field: RULE_FIELDS.s136Minutes, message: 'Enter the minutes without an empty suite as a whole number' });
      return {
        value: {
          kind: 'no-empty-s136-suite',
          minutes: minutes ?? 0,
          ...(draft.suiteAgeGroup ? { ageGroup: draft.suiteAgeGroup } : {}),
        },
        problems,
      };
    }
    case 'sitrep-unsigned':
      return { value: { kind: 'sitrep-unsigned' }, problems };
    case 'delayed-over': {
      const days = parseWhole(draft.delayedDays);
      if (days === null) problems.push({ field: RULE_FIELDS.delayedDays, message: 'Enter the days delayed as a whole number' });
      return { value: { kind: 'delayed-over', days: days ?? 0 }, problems };
    }
    case 'delayed-bed-days': {
      const above = parseWhole(draft.delayedBedDaysAbove);
      if (above === null)
        problems.push({ field: RULE_FIELDS.delayedBedDays, message: 'Enter the delayed bed days as a whole number' });
      return { value: { kind: 'delayed-bed-days', above: above ?? 0 }, problems };
    }
  }
}

export type RuleDraftResult = { ok: true; input: AlertRuleInput } | { ok: false; problems: FormProblem[] };

/** The request body for the draft, or the problems to show (local wording first, then the shared schema's). */
export function ruleInputFromDraft(draft: RuleDraft): RuleDraftResult {
  const condition = conditionFromDraft(draft);
  const pending = minutesToSeconds(draft.pendingMinutes, RULE_FIELDS.pending, 'pending period');
  const keepFiring = minutesToSeconds(draft.keepFiringMinutes, RULE_FIELDS.keepFiring, 'keep-firing period');
  const labels = parseLabels(draft.labels);
  const local = [...condition.problems, ...pending.problems, ...keepFiring.problems, ...labels.problems];
  if (draft.scope === '')
    local.unshift({ field: RULE_FIELDS.scope, message: 'Choose the trust or collaborative the rule watches' });
  const body = {
    name: draft.name,
    scope: draft.scope,
    condition: condition.value,
    severity: draft.severity,
    pendingForSeconds: pending.value,
    keepFiringForSeconds: keepFiring.value,
    labels: labels.labels,
    description: draft.description,
    enabled: draft.enabled,
  };
  const parsed = alertRuleInputSchema.safeParse(body);
  const schema = parsed.success
    ? []
    : detailProblems(zodIssuesToDetails(parsed.error.issues), (path) => resolveRulePath(path, draft.kind), RULE_FIELDS.name);
  // A field with a local problem shows that one: it says what to type, not what zod made of it.
  const localIds = new Set(local.map((problem) => problem.field.id));
  const problems = [...local, ...schema.filter((problem) => !localIds.has(problem.field.id))];
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, input: parsed.data };
}
