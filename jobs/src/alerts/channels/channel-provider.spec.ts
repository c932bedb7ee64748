import { describe, expect, it } from 'vitest';
import { createChannelProviders, DeliveryError } from './channel-provider.js';
import { isPermanentHttpStatus } from './http-delivery.js';
import { exampleNotification } from './notification.fixture.js';
import { londonDateTime, notificationFacts, truncate } from './notification-text.js';

const unusedPublisher = { publish: async () => undefined };
const vapid = { publicKey: 'unused', privateKey: 'unused', subject: 'mailto:alerts@example.nhs.uk' };

describe('createChannelProviders', () => {
  it('refuses email, for good, when no SMTP server is configured', async () => {
    const providers = createChannelProviders({
      email: { smtpUrl: undefined, from: 'a@b.c' },
      webPush: vapid,
      inApp: unusedPublisher,
    });
    const sending = providers.send('email', { address: 'nurse@example.nhs.uk' }, exampleNotification(), { personId: 'p1' });
    await expect(sending).rejects.toThrow(new DeliveryError('email is not configured (WARDPULSE_SMTP_URL)', true));
    await expect(sending).rejects.toMatchObject({ permanent: true });
  });

  it('refuses settings that are not valid for the kind, without quoting them', async () => {
    const providers = createChannelProviders({
      email: { smtpUrl: undefined, from: 'a@b.c' },
      webPush: vapid,
      inApp: unusedPublisher,
    });
    const settings = { url: 'ftp://hooks.example/secret-path', format: 'json' as const, secret: 'short' };
    const error = await providers.send('webhook', settings, exampleNotification(), { personId: 'p1' }).catch((caught) => caught);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(/^webhook settings are not valid \(url: .*; secret: /);
    expect(error.message).not.toContain('secret-path');
    await providers.close();
  });

  it('does not repeat a malformed SMTP URL (it may hold a password) when refusing it', () => {
    expect(() =>
      createChannelProviders({
        email: { smtpUrl: 'smtp://user:hunter2@', from: 'a@b.c' },
        webPush: vapid,
        inApp: unusedPublisher,
      }),
    ).toThrow(/^WARDPULSE_SMTP_URL is not a URL/);
    expect(() =>
      createChannelProviders({
        email: { smtpUrl: 'https://user:hunter2@mail', from: 'a@b.c' },
        webPush: vapid,
        inApp: unusedPublisher,
      }),
    ).toThrow('WARDPULSE_SMTP_URL must start with smtp:// or smtps://, not https://');
  });
});

describe('isPermanentHttpStatus', () => {
  it('gives up on redirects and client errors, but retries timeouts, rate limits and server errors', () => {
    expect([301, 302, 400, 401, 403, 404, 410, 413, 422].every(isPermanentHttpStatus)).toBe(true);
    expect([408, 429, 500, 502, 503, 504].some(isPermanentHttpStatus)).toBe(false);
  });
});

describe('notification text', () => {
  it('shows times in Europe/London, GMT in winter and BST in summer', () => {
    expect(londonDateTime('2025-01-14T08:05:00Z')).toBe('14 Jan 2025, 08:05 GMT');
    expect(londonDateTime('2025-07-01T23:10:00Z')).toBe('2 Jul 2025, 00:10 BST');
    expect(londonDateTime('not a date')).toBe('not a date');
  });

  it('leaves out the facts a notification does not have', () => {
    const names = notificationFacts(exampleNotification({ valueText: null, escalationLevel: null, labels: {} })).map(
      (fact) => fact.name,
    );
    expect(names).toEqual(['Scope', 'Severity', 'Fired']);
  });

  it('truncates by characters, not UTF-16 units, and marks the cut', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
    expect(truncate('🚑🚑🚑🚑', 3)).toBe('🚑🚑…');
  });
});
