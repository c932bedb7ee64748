import { describe, expect, it } from 'vitest';
import { testAlert } from './alert-fixtures.js';
import {
  acknowledgementText,
  actorText,
  alertAgeText,
  describeCondition,
  escalationText,
  eventDetailText,
  formatDateTimeSeconds,
  formatDuration,
  formatPeriodSeconds,
  isSilenced,
  SEVERITY_ICONS,
  SEVERITY_LABELS,
  silenceText,
} from './alert-text.js';

const at = (iso: string) => Date.parse(iso);

describe('formatDuration', () => {
  it('words minutes, hours and days', () => {
    expect(formatDuration(30_000)).toBe('under a minute');
    expect(formatDuration(12 * 60_000 + 59_000)).toBe('12 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2 h');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
  });

  it('treats a negative or impossible span as none', () => {
    expect(formatDuration(-5000)).toBe('under a minute');
    expect(formatDuration(Number.NaN)).toBe('under a minute');
  });
});

describe('formatDateTimeSeconds', () => {
  it('gives UK time to the second, in summer and winter', () => {
    expect(formatDateTimeSeconds('2026-06-05T13:05:09Z')).toBe('5 Jun 2026, 14:05:09');
    expect(formatDateTimeSeconds('2026-01-05T13:05:09Z')).toBe('5 Jan 2026, 13:05:09');
    expect(formatDateTimeSeconds('nonsense')).toBe('nonsense');
  });
});

describe('severity and status words', () => {
  it('gives each severity a word and its own icon', () => {
    expect(SEVERITY_LABELS).toEqual({ critical: 'Critical', warning: 'Warning', info: 'Info' });
    expect(new Set(Object.values(SEVERITY_ICONS)).size).toBe(3);
  });

  it('says how long an alert has fired, recovered or took to resolve', () => {
    const now = at('2026-03-05T14:12:30Z');
    expect(alertAgeText(testAlert(), now)).toBe('firing for 12 min');
    expect(alertAgeText(testAlert({ status: 'recovering' }), now)).toBe('recovering, fired 12 min ago');
    expect(alertAgeText(testAlert({ status: 'resolved', resolvedAt: '2026-03-05T15:03:00Z' }), now)).toBe(
      'resolved after 1 h 3 min',
    );
  });
});

describe('acknowledgement and silence', () => {
  it('names who acknowledged, in UK time', () => {
    expect(acknowledgementText(testAlert())).toBeNull();
    const acknowledged = testAlert({
      acknowledgement: { by: 'user:1', byName: 'Sam Patel', at: '2026-06-05T13:05:00Z', note: 'on it' },
    });
    // 13:05 UTC is 14:05 British Summer Time.
    expect(acknowledgementText(acknowledged)).toBe('Acknowledged by Sam Patel, 5 Jun 2026, 14:05');
  });

  it('describes a silence in force, and none once it has expired', () => {
    const silence = {
      until: '2026-03-05T16:00:00Z',
      untilRecovered: false,
      by: 'user:1',
      byName: 'Sam Patel',
      at: '2026-03-05T14:00:00Z',
    };
    const silenced = testAlert({ silence });
    expect(silenceText(silenced, at('2026-03-05T15:00:00Z'))).toBe('Silenced by Sam Patel until 5 Mar 2026, 16:00');
    expect(isSilenced(silenced, at('2026-03-05T15:00:00Z'))).toBe(true);
    expect(silenceText(silenced, at('2026-03-05T16:00:00Z'))).toBeNull();
    expect(isSilenced(silenced, at('2026-03-05T16:00:00Z'))).toBe(false);
    const untilRecovered = testAlert({ silence: { ...silence, until: null, untilRecovered: true } });
    expect(silenceText(untilRecovered, 0)).toBe('Silenced by Sam Patel until the condition clears');
  });

  it('mentions a maintenance window, with or without a silence', () => {
    expect(silenceText(testAlert({ inMaintenance: true }), 0)).toBe('In a maintenance window');
  });
});

describe('escalationText', () => {
  const now = at('2026-03-05T14:05:00Z');

  it('says who is next and when while nobody has acknowledged', () => {
    expect(escalationText(testAlert(), now)).toBe('1 step notified; level 2 in 10 min if nobody acknowledges');
    expect(
      escalationText(testAlert({ escalation: { stepsNotified: 0, nextStepAt: '2026-03-05T14:00:00Z', nextLevel: 1 } }), now),
    ).toBe('Nobody notified yet; level 1 due now');
  });

  it('says escalation stopped after an acknowledgement, a resolution or the last step', () => {
    const acknowledgement = { by: 'user:1', byName: 'Sam', at: '2026-03-05T14:01:00Z', note: '' };
    expect(escalationText(testAlert({ acknowledgement }), now)).toBe(
      '1 step notified; escalation stopped by the acknowledgement',
    );
    expect(escalationText(testAlert({ status: 'resolved' }), now)).toBe('1 step notified; escalation ended when it resolved');
    expect(escalationText(testAlert({ escalation: { stepsNotified: 6, nextStepAt: null, nextLevel: null } }), now)).toBe(
      '6 steps notified; no further escalation',
    );
  });
});

describe('describeCondition', () => {
  it('words every condition kind, occupancy as a percentage', () => {
    expect(describeCondition({ kind: 'threshold', figure: 'occupancyIncludingLeave', comparator: '>', value: 0.955 })).toBe(
      'Bed occupancy including leave above 95.5%',
    );
    expect(describeCondition({ kind: 'threshold', figure: 'pendingAdmissions', comparator: '>=', value: 5 })).toBe(
      'Patients waiting for admission at or above 5',
    );
    expect(describeCondition({ kind: 'no-vacant-bed', wardType: 'picu', patientSex: 'female' })).toBe(
      'No vacant PICU bed for a female patient',
    );
    expect(describeCondition({ kind: 'new-inappropriate-oap' })).toBe('A new inappropriate out-of-area placement');
    expect(describeCondition({ kind: 'waiting-list', service: 'talking-therapies', waitingAbove: 1000, shareBelow: 0.75 })).toBe(
      'NHS Talking Therapies: more than 1000 waiting or under 75% seen within the standard',
    );
    expect(describeCondition({ kind: 'escalation-level', atLeast: 3 })).toBe('Escalation level reaches OPEL 3');
    expect(describeCondition({ kind: 'feed-silent', minutes: 30 })).toBe('No data received for 30 min');
    expect(describeCondition({ kind: 'no-empty-s136-suite', minutes: 45 })).toBe('No empty Section 136 suite for 45 min');
    expect(describeCondition({ kind: 'no-empty-s136-suite', minutes: 20, ageGroup: 'cyp' })).toBe(
      'No empty Section 136 suite (children and young people) for 20 min',
    );
  });
});

describe('formatPeriodSeconds', () => {
  it('shows pending and keep-firing periods', () => {
    expect(formatPeriodSeconds(0)).toBe('none');
    expect(formatPeriodSeconds(30)).toBe('30 s');
    expect(formatPeriodSeconds(300)).toBe('5 min');
    expect(formatPeriodSeconds(5400)).toBe('1 h 30 min');
  });
});

describe('history wording', () => {
  it('names the actor, or WardPulse for the system', () => {
    expect(actorText({ actor: 'user:1', actorName: 'Sam Patel' })).toBe('Sam Patel');
    expect(actorText({ actor: 'system', actorName: null })).toBe('WardPulse');
    expect(actorText({ actor: 'user:9', actorName: null })).toBe('user:9');
  });

  it('words event details, leaving out empty ones', () => {
    expect(eventDetailText({ note: 'Calling PICU', level: 2, untilRecovered: true, error: null, empty: '' })).toBe(
      'Note: Calling PICU · Level: 2 · Until the condition clears',
    );
    expect(eventDetailText({ until: '2026-01-05T16:00:00Z', extra: { a: 1 } })).toBe('Until: 5 Jan 2026, 16:00 · extra: {"a":1}');
    expect(eventDetailText({})).toBe('');
  });

  it('leaves out internal ids and counts escalation steps from 1', () => {
    expect(eventDetailText({ step: 0, level: 1, personId: 'usr_1', notificationId: '5', channel: 'in-app' })).toBe(
      'Step: 1 · Level: 1 · Channel: in-app',
    );
  });
});
