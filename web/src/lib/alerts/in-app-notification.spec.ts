import { describe, expect, it } from 'vitest';
import { testAlert, testNotification } from './alert-fixtures.js';
import { beepPattern } from './beep.js';
import { addToast, firedNotice, MAX_TOASTS, shouldBeep, toastFor } from './in-app-notification.js';

describe('toastFor', () => {
  it('interrupts for a critical alert firing, with its title, figure and link', () => {
    expect(toastFor(testNotification())).toEqual({
      id: 'delivery-1',
      severity: 'critical',
      purpose: 'firing',
      role: 'alert',
      title: '[CRITICAL] RX4 occupancy above 95% — Tees, Esk and Wear Valleys',
      body: 'Firing at Tees, Esk and Wear Valleys: 104%',
      alertId: 'alert-1',
    });
  });

  it('waits its turn for warnings, resolutions and tests', () => {
    expect(toastFor(testNotification({ severity: 'warning' })).role).toBe('status');
    const resolved = toastFor(testNotification({ purpose: 'resolved', valueText: null }));
    expect([resolved.role, resolved.title, resolved.body]).toEqual([
      'status',
      '[RESOLVED] RX4 occupancy above 95% — Tees, Esk and Wear Valleys',
      'Resolved at Tees, Esk and Wear Valleys',
    ]);
    const test = toastFor(testNotification({ purpose: 'test' }));
    expect([test.role, test.title, test.alertId]).toEqual(['status', 'Test notification from WardPulse', null]);
  });
});

describe('addToast', () => {
  it('puts the newest first, skips repeats and keeps a few', () => {
    let toasts = [toastFor(testNotification({ deliveryId: 'd0' }))];
    toasts = addToast(toasts, toastFor(testNotification({ deliveryId: 'd0' })));
    expect(toasts.map((toast) => toast.id)).toEqual(['d0']);
    for (let index = 1; index <= MAX_TOASTS + 1; index += 1)
      toasts = addToast(toasts, toastFor(testNotification({ deliveryId: `d${index}` })));
    expect(toasts.map((toast) => toast.id)).toEqual(['d5', 'd4', 'd3', 'd2']);
  });
});

describe('sound', () => {
  it('beeps for warnings and critical alerts, not for information or resolutions', () => {
    expect(shouldBeep({ severity: 'critical', purpose: 'firing', sound: true })).toBe(true);
    expect(shouldBeep({ severity: 'warning', purpose: 'test', sound: true })).toBe(true);
    expect(shouldBeep({ severity: 'info', purpose: 'firing', sound: true })).toBe(false);
    expect(shouldBeep({ severity: 'critical', purpose: 'resolved', sound: true })).toBe(false);
    // The server sends tests as information: they sound, so a person can check they will hear one.
    expect(shouldBeep({ severity: 'info', purpose: 'test', sound: true })).toBe(true);
    // Unless the person turned the sound off for that contact point.
    expect(shouldBeep({ severity: 'critical', purpose: 'firing', sound: false })).toBe(false);
  });

  it('gives critical alerts three short tones and others one', () => {
    expect(beepPattern('critical')).toHaveLength(3);
    expect(beepPattern('warning')).toEqual([{ at: 0, duration: 0.2, frequency: 880 }]);
    for (const tone of beepPattern('critical')) expect(tone.duration).toBeLessThan(0.5);
  });
});

describe('firedNotice', () => {
  it('announces new alerts worst first, sounds the worst, and titles each like every other channel', () => {
    const notice = firedNotice([
      testAlert({ id: 'w', severity: 'warning', ruleName: 'Occupancy', valueText: '97%' }),
      testAlert({ id: 'c', severity: 'critical', ruleName: 'No PICU bed', scopeName: 'NENC', valueText: null }),
    ]);
    expect(notice).toEqual({
      announcement: 'New critical alert: No PICU bed, NENC. New warning alert: Occupancy, Tees, Esk and Wear Valleys, 97%.',
      severity: 'critical',
      notifications: [
        { alertId: 'c', title: '[CRITICAL] No PICU bed — NENC', body: 'Firing', critical: true },
        { alertId: 'w', title: '[WARNING] Occupancy — Tees, Esk and Wear Valleys', body: 'Firing: 97%', critical: false },
      ],
    });
    expect(firedNotice([])).toBeNull();
  });
});
