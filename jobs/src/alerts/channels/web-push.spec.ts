import { describe, expect, it } from 'vitest';
import { exampleNotification } from './notification.fixture.js';
import { generateVapidKeys, webPushPayload, webPushUrgency, WEB_PUSH_TTL_SECONDS } from './web-push.js';

describe('web push payload', () => {
  it('has what the service worker shows: title, a one-line body, the link, and the alert as tag', () => {
    const notification = exampleNotification();
    expect(webPushPayload(notification)).toEqual({
      title: `[CRITICAL] ${notification.ruleName} — ${notification.scopeName}`,
      body: `${notification.scopeName}: 104.2% — ${notification.description}`,
      url: notification.url,
      alertId: notification.alertId,
      severity: 'critical',
      tag: notification.alertId,
      purpose: 'firing',
    });
  });

  it('stays well inside the 4 KB a push message may hold', () => {
    const long = 'ü'.repeat(5000);
    const payload = webPushPayload(exampleNotification({ ruleName: long, description: long }));
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThan(3000);
  });

  it('leaves the value out of the body when there is none', () => {
    expect(webPushPayload(exampleNotification({ valueText: null, description: '' })).body).toBe(exampleNotification().scopeName);
  });

  it('is urgent only for a critical alert that is firing, and keeps a firing alert for an hour', () => {
    expect(webPushUrgency(exampleNotification())).toBe('high');
    expect(webPushUrgency(exampleNotification({ severity: 'warning' }))).toBe('normal');
    expect(webPushUrgency(exampleNotification({ purpose: 'resolved' }))).toBe('normal');
    expect(WEB_PUSH_TTL_SECONDS.firing).toBe(3600);
  });
});

describe('generateVapidKeys', () => {
  it('gives a P-256 key pair in base64url: a 65-byte uncompressed public point and a 32-byte private key', () => {
    const keys = generateVapidKeys();
    expect(Buffer.from(keys.publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(keys.publicKey, 'base64url')[0]).toBe(0x04);
    expect(Buffer.from(keys.privateKey, 'base64url')).toHaveLength(32);
    expect(generateVapidKeys().privateKey).not.toBe(keys.privateKey);
  });
});
