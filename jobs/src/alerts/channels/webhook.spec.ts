import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryNotification, exampleNotification } from './notification.fixture.js';
import {
  escapeSlackText,
  jsonWebhookPayload,
  signWebhookBody,
  slackWebhookPayload,
  teamsWebhookPayload,
  verifyWebhookSignature,
  webhookPayload,
} from './webhook.js';

type Block = { type: string; text?: { type: string; text: string }; fields?: { type: string; text: string }[]; elements?: any[] };

/** Every mrkdwn text of a Slack message (the top-level `text` is mrkdwn too). */
function slackMrkdwn(payload: ReturnType<typeof slackWebhookPayload>): string[] {
  const blocks = payload.blocks as Block[];
  return [
    payload.text,
    ...blocks.flatMap((block) => [
      ...(block.text?.type === 'mrkdwn' ? [block.text.text] : []),
      ...(block.fields ?? []).map((field) => field.text),
      ...(block.type === 'context' ? (block.elements ?? []).map((element: { text: string }) => element.text) : []),
    ]),
  ];
}

describe('JSON webhook payload', () => {
  it('is version 1 with the event, the delivery id and every fact of the alert', () => {
    const notification = exampleNotification();
    expect(jsonWebhookPayload(notification)).toEqual({
      version: 1,
      event: 'alert.firing',
      deliveryId: notification.deliveryId,
      alert: {
        id: notification.alertId,
        ruleName: notification.ruleName,
        scope: 'trust:RX4',
        scopeName: notification.scopeName,
        severity: 'critical',
        valueText: '104.2%',
        description: notification.description,
        labels: notification.labels,
        firedAt: notification.firedAt,
        resolvedAt: null,
        escalationLevel: 1,
        url: notification.url,
      },
    });
  });

  it('names the event after the purpose', () => {
    expect(jsonWebhookPayload(exampleNotification({ purpose: 'resolved' })).event).toBe('alert.resolved');
    expect(jsonWebhookPayload(exampleNotification({ purpose: 'test' })).event).toBe('alert.test');
  });
});

describe('Teams webhook payload', () => {
  it('is a message with one Adaptive Card: title, description, facts and a link to the alert', () => {
    const notification = exampleNotification();
    const payload = teamsWebhookPayload(notification);
    expect(payload.type).toBe('message');
    expect(payload.attachments).toHaveLength(1);
    const [attachment] = payload.attachments;
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment!.content;
    expect(card).toMatchObject({
      type: 'AdaptiveCard',
      version: '1.4',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    });
    expect(card.body[0]).toMatchObject({
      type: 'TextBlock',
      text: `[CRITICAL] ${notification.ruleName} — ${notification.scopeName}`,
    });
    expect(card.body[0]).toMatchObject({ color: 'Attention' });
    expect(card.body[1]).toMatchObject({ type: 'TextBlock', text: notification.description });
    expect(card.body[2]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'Scope', value: notification.scopeName },
        { title: 'Severity', value: 'Critical' },
        { title: 'Value', value: '104.2%' },
        { title: 'Fired', value: '14 Jan 2025, 08:05 GMT' },
        { title: 'On-call level', value: '1' },
        { title: 'Labels', value: 'service: adult-acute, team: bed-management' },
      ],
    });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in WardPulse', url: notification.url }]);
  });

  it('shows a resolved alert in green with its resolution time (British Summer Time in summer)', () => {
    const payload = teamsWebhookPayload(
      exampleNotification({ purpose: 'resolved', firedAt: '2025-07-01T22:40:00Z', resolvedAt: '2025-07-01T23:10:00Z' }),
    );
    const card = payload.attachments[0]!.content;
    expect(card.body[0]).toMatchObject({ color: 'Good', text: expect.stringMatching(/^\[RESOLVED\] /) });
    expect(card.body[2]).toMatchObject({
      facts: expect.arrayContaining([
        { title: 'Fired', value: '1 Jul 2025, 23:40 BST' },
        { title: 'Resolved', value: '2 Jul 2025, 00:10 BST' },
      ]),
    });
  });
});

describe('Slack webhook payload', () => {
  it('has a header, the description, facts as mrkdwn fields, a context line and a button to the alert', () => {
    const notification = exampleNotification();
    const payload = slackWebhookPayload(notification);
    const blocks = payload.blocks as Block[];
    expect(payload.text).toBe(`[CRITICAL] ${notification.ruleName} — ${notification.scopeName}`);
    expect(blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'context', 'actions']);
    expect(blocks[0]!.text).toEqual({ type: 'plain_text', text: payload.text });
    expect(blocks[1]!.text).toEqual({ type: 'mrkdwn', text: notification.description });
    expect(blocks[2]!.fields).toContainEqual({ type: 'mrkdwn', text: '*Value*\n104.2%' });
    expect(blocks[3]!.elements![0].text).toBe(
      `WardPulse · ${notification.ruleName} · service: adult-acute, team: bed-management`,
    );
    expect(blocks[4]!.elements![0]).toMatchObject({ type: 'button', url: notification.url, style: 'danger' });
  });

  it('escapes &, < and > so typed text cannot become links or mentions', () => {
    const payload = slackWebhookPayload(exampleNotification({ description: 'Beds <!channel> & <https://evil.example|click>' }));
    expect((payload.blocks as Block[])[1]!.text!.text).toBe('Beds &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
  });

  it('keeps within Slack limits without ending in half an entity', () => {
    const payload = slackWebhookPayload(exampleNotification({ description: `${'x'.repeat(2998)}<<<<` }));
    const text = (payload.blocks as Block[])[1]!.text!.text;
    expect([...text].length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/x…$/);
  });

  it('never lets a tag or an unescaped & through in any mrkdwn text (property)', () => {
    fc.assert(
      fc.property(arbitraryNotification, (notification) => {
        for (const text of slackMrkdwn(slackWebhookPayload(notification))) {
          expect(text.toLowerCase()).not.toContain('<script');
          expect(text).not.toMatch(/[<>]/);
          expect(text.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
        }
      }),
    );
  });

  it('escapeSlackText round-trips: unescaping gives the text back (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const unescaped = escapeSlackText(text).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
        expect(unescaped).toBe(text);
      }),
    );
  });
});

describe('webhookPayload', () => {
  it('builds each format and always gives JSON-serialisable data (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom('json', 'teams', 'slack' as const), arbitraryNotification, (format, notification) => {
        const payload = webhookPayload(format, notification);
        expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
      }),
    );
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_0123456789abcdef';
  const now = 1_736_841_900;

  it('has the form t=<seconds>,v1=<64 hex digits>', () => {
    expect(signWebhookBody(secret, '{"a":1}', now)).toMatch(/^t=1736841900,v1=[0-9a-f]{64}$/);
  });

  it('matches an HMAC-SHA256 computed independently (a receiver in another language can check it)', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', secret).update(`${now}.{"a":1}`).digest('hex');
    expect(signWebhookBody(secret, '{"a":1}', now)).toBe(`t=${now},v1=${expected}`);
  });

  it('verifies what it signed, and fails when one byte of the body changes (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 16, maxLength: 64 }),
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        (key, body, position, bit, timestamp) => {
          const header = signWebhookBody(key, body, timestamp);
          expect(verifyWebhookSignature(key, body, header, timestamp)).toBe(true);
          const tampered = Uint8Array.from(body);
          tampered[position % body.length]! ^= 1 << bit;
          expect(verifyWebhookSignature(key, tampered, header, timestamp)).toBe(false);
          expect(verifyWebhookSignature(`${key}x`, body, header, timestamp)).toBe(false);
        },
      ),
    );
  });

  it('fails when one hex digit of the signature changes (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 63 }), (body, digit) => {
        const header = signWebhookBody(secret, body, now);
        const start = header.indexOf('v1=') + 3 + digit;
        const changed = header[start] === '0' ? '1' : '0';
        const tampered = `${header.slice(0, start)}${changed}${header.slice(start + 1)}`;
        expect(verifyWebhookSignature(secret, body, tampered, now)).toBe(false);
      }),
    );
  });

  it('signs the string and its UTF-8 bytes alike', () => {
    const body = '{"ward":"Ysbyty Gwynedd — Hergest"}';
    expect(verifyWebhookSignature(secret, Buffer.from(body, 'utf8'), signWebhookBody(secret, body, now), now)).toBe(true);
  });

  it('refuses stale or future timestamps outside the tolerance', () => {
    const header = signWebhookBody(secret, 'body', now);
    expect(verifyWebhookSignature(secret, 'body', header, now + 300)).toBe(true);
    expect(verifyWebhookSignature(secret, 'body', header, now + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, 'body', header, now - 301)).toBe(false);
    expect(verifyWebhookSignature(secret, 'body', header, now + 3600, 3600)).toBe(true);
  });

  it('refuses a signature moved to another timestamp', () => {
    const header = signWebhookBody(secret, 'body', now);
    expect(verifyWebhookSignature(secret, 'body', header.replace(`t=${now}`, `t=${now + 1}`), now)).toBe(false);
  });

  it('accepts any one of several v1 values (a secret being rotated)', () => {
    const good = signWebhookBody(secret, 'body', now);
    const other = signWebhookBody('another-secret-0123456789', 'body', now).split(',')[1];
    expect(verifyWebhookSignature(secret, 'body', `${good.split(',')[0]},${other},${good.split(',')[1]}`, now)).toBe(true);
  });

  it('refuses malformed headers without throwing', () => {
    for (const header of [
      '',
      'v1=abc',
      't=abc,v1=00',
      `t=${now}`,
      `t=${now},v1=`,
      `t=${now},v1=zz`,
      `t=-1,v1=${'0'.repeat(64)}`,
      ',,,',
    ]) {
      expect(verifyWebhookSignature(secret, 'body', header, now)).toBe(false);
    }
  });
});
