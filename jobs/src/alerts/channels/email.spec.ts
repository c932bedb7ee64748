import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailContent, escapeHtml, senderDomain } from './email.js';
import { arbitraryNotification, exampleNotification } from './notification.fixture.js';

const FROM = 'WardPulse <alerts@wardpulse.example.nhs.uk>';
/** The only elements the HTML template writes. */
const TEMPLATE_TAGS = new Set(['!doctype', 'html', 'head', 'meta', 'body', 'h1', 'p', 'table', 'tr', 'th', 'td', 'a']);

describe('email content', () => {
  it('has the title as subject and the facts, description and link in the text body', () => {
    const notification = exampleNotification();
    const content = emailContent(notification, FROM);
    expect(content.subject).toBe(`[CRITICAL] ${notification.ruleName} — ${notification.scopeName}`);
    expect(content.text).toContain(notification.description);
    expect(content.text).toContain(`Scope: ${notification.scopeName}`);
    expect(content.text).toContain('Severity: Critical');
    expect(content.text).toContain('Value: 104.2%');
    expect(content.text).toContain('Fired: 14 Jan 2025, 08:05 GMT');
    expect(content.text).toContain('Labels: service: adult-acute, team: bed-management');
    expect(content.text).toContain(`Open in WardPulse: ${notification.url}`);
  });

  it('links to the alert from the HTML body', () => {
    const notification = exampleNotification();
    expect(emailContent(notification, FROM).html).toContain(`<a href="${notification.url}">Open in WardPulse</a>`);
  });

  it('does not make a link of a URL that is not http(s)', () => {
    const html = emailContent(exampleNotification({ url: 'javascript:alert(1)' }), FROM).html;
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('Open in WardPulse: javascript:alert(1)');
  });

  it('says when it resolved, and that a test is a test', () => {
    expect(emailContent(exampleNotification({ purpose: 'resolved', resolvedAt: '2025-01-14T09:35:00Z' }), FROM).text).toContain(
      'Resolved: 14 Jan 2025, 09:35 GMT',
    );
    const test = emailContent(exampleNotification({ purpose: 'test' }), FROM);
    expect(test.subject).toBe('Test notification from WardPulse');
    expect(test.text).toContain('This is a test');
  });

  it('carries the alert and delivery ids in headers, and a Message-ID made from the delivery id', () => {
    const content = emailContent(exampleNotification(), FROM);
    expect(content.headers).toEqual({ 'X-WardPulse-Alert-Id': 'alr_01HZX5PZ2K', 'X-WardPulse-Delivery-Id': 'dlv_01HZX5Q7M3' });
    expect(content.messageId).toBe('<delivery-dlv_01HZX5Q7M3@wardpulse.example.nhs.uk>');
    expect(content.references).toBe('<alert-alr_01HZX5PZ2K@wardpulse.example.nhs.uk>');
  });

  it('gives the same Message-ID for the same delivery and different ones for different deliveries, whatever the ids (property)', () => {
    fc.assert(
      fc.property(arbitraryNotification, fc.string(), (notification, otherId) => {
        const first = emailContent(notification, FROM).messageId;
        expect(emailContent({ ...notification, description: 'changed' }, FROM).messageId).toBe(first);
        expect(first).toMatch(/^<delivery-[A-Za-z0-9._-]+@wardpulse\.example\.nhs\.uk>$/);
        if (otherId !== notification.deliveryId) {
          expect(emailContent({ ...notification, deliveryId: otherId }, FROM).messageId).not.toBe(first);
        }
      }),
    );
  });

  it('escapes every value in the HTML: no element but the template’s, never a script (property)', () => {
    fc.assert(
      fc.property(arbitraryNotification, (notification) => {
        const html = emailContent(notification, FROM).html;
        expect(html.toLowerCase()).not.toContain('<script');
        for (const [, tag] of html.matchAll(/<\/?([^\s>/]+)/g)) expect(TEMPLATE_TAGS).toContain(tag!.toLowerCase());
      }),
    );
  });

  it('escapes the five characters HTML gives meaning to', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('senderDomain', () => {
  it('takes the domain of the sender address, with or without a display name', () => {
    expect(senderDomain(FROM)).toBe('wardpulse.example.nhs.uk');
    expect(senderDomain('alerts@trust.nhs.uk')).toBe('trust.nhs.uk');
    expect(senderDomain('not an address')).toBe('wardpulse.invalid');
  });
});
