import { describe, expect, it } from 'vitest';
import {
  applicationServerKey,
  CONTACT_POINT_FIELDS,
  contactPointInputFromDraft,
  generateSecret,
  newContactPointDraft,
  SECRET_BYTES,
  type ContactPointDraft,
} from './contact-point-draft.js';

const draft = (overrides: Partial<ContactPointDraft> = {}): ContactPointDraft => ({ ...newContactPointDraft(), ...overrides });

function problemsOf(result: ReturnType<typeof contactPointInputFromDraft>) {
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((problem) => [problem.field.id, problem.message]);
}

describe('contactPointInputFromDraft', () => {
  it('builds an email contact point, named after its kind when no name is given', () => {
    expect(contactPointInputFromDraft(draft({ email: ' sam@nhs.example ', severities: ['critical', 'warning'] }))).toEqual({
      ok: true,
      input: { kind: 'email', label: 'Email', severities: ['warning', 'critical'], settings: { address: 'sam@nhs.example' } },
    });
  });

  it('builds a webhook with its format and secret', () => {
    const secret = 'a'.repeat(43);
    const result = contactPointInputFromDraft(
      draft({
        kind: 'webhook',
        label: 'Bed bureau Teams',
        webhookUrl: 'https://example.webhook.office.com/x',
        webhookFormat: 'teams',
        webhookSecret: secret,
      }),
    );
    expect(result.ok && result.input.settings).toEqual({ url: 'https://example.webhook.office.com/x', format: 'teams', secret });
  });

  it('builds the in-app channel with its sound and browser notification settings', () => {
    const result = contactPointInputFromDraft(
      draft({ kind: 'in-app', sound: false, browserNotification: true, severities: ['info'] }),
    );
    expect(result).toEqual({
      ok: true,
      input: { kind: 'in-app', label: 'In the app', severities: ['info'], settings: { sound: false, browserNotification: true } },
    });
  });

  it("sends the browser's push subscription as it is", () => {
    const subscription = {
      endpoint: 'https://push.example/send/abc',
      expirationTime: null,
      keys: { p256dh: 'key', auth: 'auth' },
    };
    const result = contactPointInputFromDraft(draft({ kind: 'web-push' }), subscription);
    expect(result).toEqual({
      ok: true,
      input: { kind: 'web-push', label: 'This device', severities: ['warning', 'critical'], settings: subscription },
    });
    expect(problemsOf(contactPointInputFromDraft(draft({ kind: 'web-push' })))).toEqual([
      [CONTACT_POINT_FIELDS.push.id, 'This browser has not given a push subscription'],
    ]);
  });

  it('asks for at least one severity and for the address', () => {
    expect(problemsOf(contactPointInputFromDraft(draft({ severities: [] })))).toEqual([
      [CONTACT_POINT_FIELDS.severities.id, 'Choose at least one severity to be told about'],
      [CONTACT_POINT_FIELDS.email.id, 'Enter an email address'],
    ]);
  });

  it("gives the shared schema's reasons for a bad address, URL or secret", () => {
    expect(problemsOf(contactPointInputFromDraft(draft({ email: 'not an address' })))).toEqual([
      [CONTACT_POINT_FIELDS.email.id, 'Email address must be an email address'],
    ]);
    expect(
      problemsOf(contactPointInputFromDraft(draft({ kind: 'webhook', webhookUrl: 'ftp://example.com', webhookSecret: 'short' }))),
    ).toEqual([
      [CONTACT_POINT_FIELDS.webhookUrl.id, 'Webhook URL must be an http or https URL'],
      [CONTACT_POINT_FIELDS.webhookSecret.id, 'Signing secret must be at least 16 characters'],
    ]);
  });
});

describe('generateSecret', () => {
  it('encodes 32 random bytes as base64url', () => {
    const secret = generateSecret((array) => array.fill(255));
    expect(secret).toBe('_'.repeat(42) + '8');
    expect(secret).toHaveLength(43);
  });

  it('uses the random bytes it is given', () => {
    let calls = 0;
    const secret = generateSecret((array) => {
      calls += 1;
      expect(array).toHaveLength(SECRET_BYTES);
      return array.map((_, index) => index);
    });
    expect(calls).toBe(1);
    expect(secret).toBe('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8');
  });

  it("draws on the browser's generator by default", () => {
    expect(generateSecret()).not.toBe(generateSecret());
  });
});

describe('applicationServerKey', () => {
  it('decodes a base64url VAPID key', () => {
    expect([...applicationServerKey('AAECAwQF_-8')]).toEqual([0, 1, 2, 3, 4, 5, 255, 239]);
  });
});
