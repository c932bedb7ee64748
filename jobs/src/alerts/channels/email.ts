/**
 * Email channel over SMTP (nodemailer, one pooled transport per provider). WARDPULSE_SMTP_URL
 * is `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…` (TLS from the start).
 *
 * The message is plain text with a simple HTML alternative; every value in the HTML is escaped
 * (rule names, descriptions and labels are typed by people). Its Message-ID comes from the
 * delivery id, so a retried delivery is the same message to mail clients, and `References`
 * names the alert, so clients that thread by it keep an alert's notifications together.
 */
import { createHash } from 'node:crypto';
import { CHANNEL_SETTINGS_SCHEMAS, notificationTitle, type AlertNotification } from '@wardpulse/shared';
import { createTransport, type Transporter } from 'nodemailer';
import { DeliveryError, type ChannelProvider } from './channel-provider.js';
import { notificationFacts } from './notification-text.js';

export const EMAIL_NOT_CONFIGURED = 'email is not configured (WARDPULSE_SMTP_URL)';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The domain Message-IDs are made under: the sender's, as RFC 5322 suggests. */
export function senderDomain(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'wardpulse.invalid';
}

/** An id as a Message-ID's left part: itself when it is plain, else a digest of it (the same every time). */
function messageIdToken(id: string): string {
  return /^[A-Za-z0-9._-]{1,64}$/.test(id) ? id : createHash('sha256').update(id).digest('hex').slice(0, 32);
}

function isWebLink(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

function footerText(notification: AlertNotification): string {
  return notification.purpose === 'test'
    ? 'This is a test of an email contact point in WardPulse.'
    : 'You receive this because one of your contact points in WardPulse asks for these alerts. You can change them in WardPulse.';
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  messageId: string;
  references: string;
}

/** Subject, bodies and headers of the email for a notification (no addresses). */
export function emailContent(notification: AlertNotification, from: string): EmailContent {
  const title = notificationTitle(notification);
  const facts = notificationFacts(notification);
  const domain = senderDomain(from);
  const text = [
    title,
    '',
    ...(notification.description ? [notification.description, ''] : []),
    ...facts.map((fact) => `${fact.name}: ${fact.value}`),
    '',
    `Open in WardPulse: ${notification.url}`,
    '',
    '-- ',
    footerText(notification),
    '',
  ].join('\n');
  const cell = 'padding:4px 16px 4px 0;text-align:left;vertical-align:top';
  const link = isWebLink(notification.url)
    ? `<a href="${escapeHtml(notification.url)}">Open in WardPulse</a>`
    : `Open in WardPulse: ${escapeHtml(notification.url)}`;
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"></head>',
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#212b32;line-height:1.4">',
    `<h1 style="font-size:20px">${escapeHtml(title)}</h1>`,
    ...(notification.description ? [`<p>${escapeHtml(notification.description)}</p>`] : []),
    '<table role="presentation" style="border-collapse:collapse">',
    ...facts.map(
      (fact) => `<tr><th style="${cell}">${escapeHtml(fact.name)}</th><td style="${cell}">${escapeHtml(fact.value)}</td></tr>`,
    ),
    '</table>',
    `<p>${link}</p>`,
    `<p style="color:#4c6272;font-size:12px">${escapeHtml(footerText(notification))}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return {
    subject: title,
    text,
    html,
    headers: { 'X-WardPulse-Alert-Id': notification.alertId, 'X-WardPulse-Delivery-Id': notification.deliveryId },
    messageId: `<delivery-${messageIdToken(notification.deliveryId)}@${domain}>`,
    references: `<alert-${messageIdToken(notification.alertId)}@${domain}>`,
  };
}

interface SmtpFailure {
  code?: unknown;
  responseCode?: unknown;
  message?: unknown;
}

/** Rejected recipients or message (a 5xx answer) will be rejected again; a login or connection problem may pass. */
function isPermanentSmtpFailure(failure: SmtpFailure): boolean {
  return (
    (failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE') &&
    typeof failure.responseCode === 'number' &&
    failure.responseCode >= 500
  );
}

function decodedOrSelf(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function smtpTarget(smtpUrl: string): { host: string; secrets: string[] } {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    // Not the URL in the message: it may hold a password.
    throw new Error('WARDPULSE_SMTP_URL is not a URL (expected smtp://user:pass@host:port or smtps://…)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`WARDPULSE_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  const secrets = url.password ? [url.password, decodedOrSelf(url.password)] : [];
  return { host: url.host, secrets };
}

export function emailProvider(options: {
  smtpUrl: string | undefined;
  from: string;
  timeoutMs: number;
}): ChannelProvider<'email'> {
  // An empty WARDPULSE_SMTP_URL is an unset one.
  const smtpUrl = options.smtpUrl || undefined;
  const target = smtpUrl === undefined ? undefined : smtpTarget(smtpUrl);
  const transport: Transporter | undefined =
    smtpUrl === undefined
      ? undefined
      : createTransport({
          url: smtpUrl,
          pool: true,
          connectionTimeout: options.timeoutMs,
          greetingTimeout: options.timeoutMs,
          socketTimeout: options.timeoutMs,
        });
  const scrub = (text: string) => target?.secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join('***'), text) ?? text;

  return {
    kind: 'email',
    settingsSchema: CHANNEL_SETTINGS_SCHEMAS.email,
    async send(settings, notification) {
      if (!transport || !target) throw new DeliveryError(EMAIL_NOT_CONFIGURED, true);
      try {
        await transport.sendMail({
          from: options.from,
          to: settings.address,
          priority: notification.purpose === 'firing' && notification.severity === 'critical' ? 'high' : 'normal',
          ...emailContent(notification, options.from),
        });
      } catch (error) {
        const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
        const reason = typeof failure.message === 'string' ? failure.message : String(error);
        throw new DeliveryError(`email via ${target.host} failed: ${scrub(reason)}`, isPermanentSmtpFailure(failure));
      }
    },
    async close() {
      transport?.close();
    },
  };
}
