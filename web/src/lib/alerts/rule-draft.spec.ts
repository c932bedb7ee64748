import type { StoredAlertRule } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import {
  draftFromRule,
  newRuleDraft,
  parseLabels,
  resolveRulePath,
  ruleInputFromDraft,
  RULE_FIELDS,
  type RuleDraft,
} from './rule-draft.js';

const draft = (overrides: Partial<RuleDraft> = {}): RuleDraft => ({
  ...newRuleDraft('trust:RX4'),
  name: 'RX4 occupancy',
  thresholdValue: '95',
  ...overrides,
});

function problemsOf(result: ReturnType<typeof ruleInputFromDraft>) {
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((problem) => [problem.field.id, problem.message]);
}

describe('ruleInputFromDraft', () => {
  it('sends minutes as seconds and occupancy percentages as fractions', () => {
    const result = ruleInputFromDraft(
      draft({ pendingMinutes: '5', keepFiringMinutes: '0.5', labels: 'team = bed bureau\n\nshift=night' }),
    );
    expect(result).toEqual({
      ok: true,
      input: {
        name: 'RX4 occupancy',
        scope: 'trust:RX4',
        condition: { kind: 'threshold', figure: 'occupancyIncludingLeave', comparator: '>', value: 0.95 },
        severity: 'warning',
        pendingForSeconds: 300,
        keepFiringForSeconds: 30,
        labels: { team: 'bed bureau', shift: 'night' },
        description: '',
        enabled: true,
      },
    });
  });

  it('keeps counts as they are', () => {
    const result = ruleInputFromDraft(draft({ figure: 'pendingAdmissions', comparator: '>=', thresholdValue: '4' }));
    expect(result.ok && result.input.condition).toEqual({
      kind: 'threshold',
      figure: 'pendingAdmissions',
      comparator: '>=',
      value: 4,
    });
  });

  it('builds every other condition kind', () => {
    const condition = (overrides: Partial<RuleDraft>) => {
      const result = ruleInputFromDraft(draft(overrides));
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return result.input.condition;
    };
    expect(condition({ kind: 'no-vacant-bed', wardType: 'picu' })).toEqual({ kind: 'no-vacant-bed', wardType: 'picu' });
    expect(condition({ kind: 'no-vacant-bed', wardType: 'picu', patientSex: 'male' })).toEqual({
      kind: 'no-vacant-bed',
      wardType: 'picu',
      patientSex: 'male',
    });
    expect(condition({ kind: 'new-inappropriate-oap' })).toEqual({ kind: 'new-inappropriate-oap' });
    expect(condition({ kind: 'waiting-list', service: 'talking-therapies', shareBelowPercent: '75' })).toEqual({
      kind: 'waiting-list',
      service: 'talking-therapies',
      shareBelow: 0.75,
    });
    expect(condition({ kind: 'waiting-list', service: 'cypmhs', waitingAbove: '400', shareBelowPercent: '57' })).toEqual({
      kind: 'waiting-list',
      service: 'cypmhs',
      waitingAbove: 400,
      shareBelow: 0.57,
    });
    expect(condition({ kind: 'escalation-level', atLeast: '4' })).toEqual({ kind: 'escalation-level', atLeast: 4 });
    expect(condition({ kind: 'feed-silent', silentMinutes: '45' })).toEqual({ kind: 'feed-silent', minutes: 45 });
    expect(condition({ kind: 'no-empty-s136-suite', noEmptySuiteMinutes: '60' })).toEqual({
      kind: 'no-empty-s136-suite',
      minutes: 60,
    });
    expect(condition({ kind: 'no-empty-s136-suite', noEmptySuiteMinutes: '15', suiteAgeGroup: 'cyp' })).toEqual({
      kind: 'no-empty-s136-suite',
      minutes: 15,
      ageGroup: 'cyp',
    });
  });

  it('says what to type for fields that are not numbers', () => {
    expect(problemsOf(ruleInputFromDraft(draft({ thresholdValue: 'lots', pendingMinutes: '' })))).toEqual([
      [RULE_FIELDS.value.id, 'Enter the threshold as a number'],
      [RULE_FIELDS.pending.id, 'Enter the pending period in minutes (0 for none)'],
    ]);
    expect(problemsOf(ruleInputFromDraft(draft({ kind: 'waiting-list' })))).toEqual([
      [RULE_FIELDS.waitingAbove.id, 'Enter a number of people waiting, a share, or both'],
    ]);
  });

  it("gives the shared schema's reasons beside the fields they concern", () => {
    expect(problemsOf(ruleInputFromDraft(draft({ name: '  ' })))).toEqual([[RULE_FIELDS.name.id, 'Name must not be empty']]);
    expect(problemsOf(ruleInputFromDraft(draft({ keepFiringMinutes: '-1' })))).toEqual([
      [RULE_FIELDS.keepFiring.id, 'Keep-firing period must not be negative'],
    ]);
    expect(problemsOf(ruleInputFromDraft(draft({ kind: 'feed-silent', silentMinutes: '0' })))[0]?.[0]).toBe(
      RULE_FIELDS.minutes.id,
    );
    expect(problemsOf(ruleInputFromDraft(draft({ kind: 'no-empty-s136-suite', noEmptySuiteMinutes: '0' })))).toEqual([
      [RULE_FIELDS.s136Minutes.id, 'Minutes without an empty suite must be at least 1 minute'],
    ]);
    expect(problemsOf(ruleInputFromDraft(draft({ kind: 'waiting-list', shareBelowPercent: '150' })))[0]?.[0]).toBe(
      RULE_FIELDS.shareBelow.id,
    );
    expect(problemsOf(ruleInputFromDraft(draft({ scope: 'ward:RX4-W01' })))).toEqual([
      [RULE_FIELDS.scope.id, 'Watches must be a trust or a collaborative'],
    ]);
  });

  it('asks for a scope before anything else', () => {
    expect(problemsOf(ruleInputFromDraft(draft({ scope: '' })))[0]).toEqual([
      RULE_FIELDS.scope.id,
      'Choose the trust or collaborative the rule watches',
    ]);
  });
});

describe('parseLabels', () => {
  it('refuses lines without a key and repeated keys', () => {
    const { labels, problems } = parseLabels('team=a\nno equals sign\nteam=b\n=x');
    expect(labels).toEqual({ team: 'a' });
    expect(problems.map((problem) => problem.message)).toEqual([
      'Labels line 2 must be written as key=value',
      'Labels line 3 repeats the key “team”',
      'Labels line 4 must be written as key=value',
    ]);
  });

  it('keeps = signs inside values', () => {
    expect(parseLabels('query=a=b').labels).toEqual({ query: 'a=b' });
  });
});

describe('draftFromRule', () => {
  const stored: StoredAlertRule = {
    id: 'rule-1',
    name: 'TT share',
    scope: 'collaborative:nenc',
    condition: { kind: 'waiting-list', service: 'talking-therapies', waitingAbove: 1000, shareBelow: 0.57 },
    severity: 'critical',
    pendingForSeconds: 90,
    keepFiringForSeconds: 600,
    labels: { team: 'tt' },
    description: 'Six-week standard',
    enabled: false,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    createdBy: 'user:1',
    evaluation: null,
  };

  it('fills the form in minutes and percentages, and round-trips', () => {
    const filled = draftFromRule(stored);
    expect(filled).toMatchObject({
      kind: 'waiting-list',
      waitingAbove: '1000',
      shareBelowPercent: '57',
      pendingMinutes: '1.5',
      keepFiringMinutes: '10',
      labels: 'team=tt',
      enabled: false,
    });
    const result = ruleInputFromDraft(filled);
    expect(result.ok && result.input).toEqual({
      name: stored.name,
      scope: stored.scope,
      condition: stored.condition,
      severity: stored.severity,
      pendingForSeconds: stored.pendingForSeconds,
      keepFiringForSeconds: stored.keepFiringForSeconds,
      labels: stored.labels,
      description: stored.description,
      enabled: stored.enabled,
    });
  });

  it('shows an occupancy threshold as a percentage', () => {
    const filled = draftFromRule({
      ...stored,
      condition: { kind: 'threshold', figure: 'occupancyExcludingLeave', comparator: '>=', value: 0.955 },
    });
    expect(filled.thresholdValue).toBe('95.5');
  });
});

describe('resolveRulePath', () => {
  it("maps the server's paths to the form's inputs", () => {
    expect(resolveRulePath('condition.value')).toBe(RULE_FIELDS.value);
    expect(resolveRulePath('labels.team')).toBe(RULE_FIELDS.labels);
    expect(resolveRulePath('keepFiringForSeconds')).toBe(RULE_FIELDS.keepFiring);
    expect(resolveRulePath('nonsense')).toBeUndefined();
    // The minutes of the condition kind shown.
    expect(resolveRulePath('condition.minutes')).toBe(RULE_FIELDS.minutes);
    expect(resolveRulePath('condition.minutes', 'no-empty-s136-suite')).toBe(RULE_FIELDS.s136Minutes);
  });
});
