import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAlertValue } from './alert-rules.js';
import { alertsWorstFirst, notificationsHeld, windowCovers, type AlertSummary } from './alerts.js';
import { DEFAULT_FRESHNESS_LIMITS } from './freshness.js';
import { applyLiveChanges, type LiveSnapshot } from './live.js';
import { contactPointInputSchema, contactPointSummary } from './notification-channels.js';

function alert(overrides: Partial<AlertSummary> = {}): AlertSummary {
  return {
    id: '1',
    ruleId: 'r1',
    ruleName: 'Rule',
    scope: 'trust:RX4',
    scopeName: 'CNTW',
    severity: 'warning',
    status: 'firing',
    description: '',
    labels: {},
    value: 1,
    valueText: '1',
    firedAt: '2026-11-26T10:00:00.000Z',
    resolvedAt: null,
    resolvedBy: null,
    acknowledgement: null,
    silence: null,
    inMaintenance: false,
    escalation: { stepsNotified: 0, nextStepAt: null, nextLevel: null },
    notifications: { queued: 0, sent: 0, failed: 0 },
    updatedAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

describe('maintenance windows', () => {
  it('cover their own scope and, for a collaborative, its trusts only', () => {
    expect(windowCovers('trust:RX4', 'trust:RX4', [])).toBe(true);
    expect(windowCovers('collaborative:nenc', 'trust:RX4', ['RX3', 'RX4'])).toBe(true);
    expect(windowCovers('collaborative:nenc', 'trust:RW4', ['RX3', 'RX4'])).toBe(false);
    expect(windowCovers('trust:RX4', 'collaborative:nenc', [])).toBe(false);
    expect(windowCovers('collaborative:nenc', 'collaborative:prospect', ['RX3', 'RX4'])).toBe(false);
  });
});

describe('held notifications', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  const by = { by: 'user:1', byName: 'A', at: '2026-11-26T11:00:00Z' };
  it('are held in maintenance, while a silence lasts, and until recovery when so silenced', () => {
    expect(notificationsHeld(alert(), now)).toBe(false);
    expect(notificationsHeld(alert({ inMaintenance: true }), now)).toBe(true);
    expect(notificationsHeld(alert({ silence: { ...by, until: '2026-11-26T13:00:00Z', untilRecovered: false } }), now)).toBe(
      true,
    );
    expect(notificationsHeld(alert({ silence: { ...by, until: '2026-11-26T11:30:00Z', untilRecovered: false } }), now)).toBe(
      false,
    );
    expect(notificationsHeld(alert({ silence: { ...by, until: null, untilRecovered: true } }), now)).toBe(true);
  });
});

describe('alertsWorstFirst', () => {
  it('orders by severity, then the newest first', () => {
    const sorted = alertsWorstFirst([
      alert({ id: 'a', severity: 'info', firedAt: '2026-11-26T12:00:00Z' }),
      alert({ id: 'b', severity: 'critical', firedAt: '2026-11-26T09:00:00Z' }),
      alert({ id: 'c', severity: 'warning', firedAt: '2026-11-26T08:00:00Z' }),
      alert({ id: 'd', severity: 'critical', firedAt: '2026-11-26T11:00:00Z' }),
    ]);
    expect(sorted.map((item) => item.id)).toEqual(['d', 'b', 'c', 'a']);
  });
});

describe('formatAlertValue', () => {
  it('reads each kind of figure as people say it', () => {
    const threshold = { kind: 'threshold', comparator: '>', value: 0.95 } as const;
    expect(formatAlertValue({ ...threshold, figure: 'occupancyIncludingLeave' }, 1.0417)).toBe('104.2%');
    expect(formatAlertValue({ ...threshold, figure: 'escalationLevel' }, 3)).toBe('OPEL 3');
    expect(formatAlertValue({ ...threshold, figure: 'vacantBeds' }, 2)).toBe('2 vacant beds');
    expect(formatAlertValue({ kind: 'no-vacant-bed', wardType: 'picu' }, 0)).toBe('0 vacant beds');
    expect(formatAlertValue({ kind: 'no-vacant-bed', wardType: 'picu' }, 1)).toBe('1 vacant bed');
    expect(formatAlertValue({ kind: 'waiting-list', service: 'talking-therapies', shareBelow: 0.75 }, 0.62)).toBe(
      '62.0% within standard',
    );
    expect(formatAlertValue({ kind: 'waiting-list', service: 'talking-therapies', waitingAbove: 100 }, 140)).toBe('140 waiting');
    expect(formatAlertValue({ kind: 'feed-silent', minutes: 15 }, 17.4)).toBe('silent for 17 min');
    expect(formatAlertValue({ kind: 'no-empty-s136-suite', minutes: 30 }, 42.6)).toBe('no empty Section 136 suite for 43 min');
    expect(formatAlertValue({ kind: 'no-empty-s136-suite', minutes: 30 }, 0)).toBe('a Section 136 suite is empty');
    expect(formatAlertValue({ kind: 'sitrep-unsigned' }, 2)).toBe('2 late sitrep returns');
    expect(formatAlertValue({ kind: 'escalation-level', atLeast: 3 }, null)).toBeNull();
  });
});

describe('contact points', () => {
  it('never show a webhook secret or the path of its URL (Teams and Slack put secrets there)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9_-]{8,40}$/), fc.string({ minLength: 16, maxLength: 64 }), (path, secret) => {
        const summary = contactPointSummary({
          kind: 'webhook',
          settings: { url: `https://hooks.example.org/services/${path}`, format: 'slack', secret },
        });
        expect(summary).toBe('hooks.example.org (slack)');
        expect(summary).not.toContain(path);
      }),
    );
  });

  it('name every field at fault', () => {
    const parsed = contactPointInputSchema.safeParse({
      kind: 'webhook',
      label: '',
      severities: [],
      settings: { url: 'javascript:alert(1)', format: 'discord', secret: 'short' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'label',
      'settings.format',
      'settings.secret',
      'settings.url',
      'severities',
    ]);
    const twice = contactPointInputSchema.parse({
      kind: 'email',
      label: 'Work',
      severities: ['critical', 'critical', 'warning'],
      settings: { address: 'a@nhs.example' },
    });
    expect(twice.severities).toEqual(['critical', 'warning']);
  });
});

describe('alert changes on a board', () => {
  const NOW = Date.parse('2026-11-26T11:00:00Z');
  const board = (): LiveSnapshot => ({
    scope: 'trust:RX4',
    name: 'CNTW',
    wards: [],
    s136Suites: [],
    crisisServices: [],
    totals: {} as LiveSnapshot['totals'],
    notReporting: { count: 0, wardIds: [] },
    freshness: DEFAULT_FRESHNESS_LIMITS,
    trusts: [],
    escalation: null,
    alerts: [],
  });
  it('opens, updates and removes alerts as they fire, change and resolve', () => {
    const snapshot = board();
    applyLiveChanges(snapshot, [{ kind: 'alert', alert: alert({ id: '7' }) }], NOW);
    expect(snapshot.alerts.map((item) => item.id)).toEqual(['7']);
    applyLiveChanges(snapshot, [{ kind: 'alert', alert: alert({ id: '7', status: 'recovering' }) }], NOW);
    expect(snapshot.alerts).toHaveLength(1);
    expect(snapshot.alerts[0]!.status).toBe('recovering');
    applyLiveChanges(
      snapshot,
      [{ kind: 'alert', alert: alert({ id: '7', status: 'resolved', resolvedAt: '2026-11-26T11:00:00Z' }) }],
      NOW,
    );
    expect(snapshot.alerts).toEqual([]);
  });
});
