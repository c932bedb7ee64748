/**
 * The "add a contact point" form's working copy, for each channel kind: an email address; a webhook's
 * URL, format and signing secret (made in the browser, shown once); the in-app channel's sound and
 * browser notification; a web push subscription from this browser. Validation runs the shared
 * `contactPointInputSchema`, so the form says what the server would say.
 */
import {
  ALERT_SEVERITIES,
  CHANNEL_KIND_LABELS,
  contactPointInputSchema,
  zodIssuesToDetails,
  type AlertSeverity,
  type ChannelKind,
  type ContactPointInput,
  type WebhookFormat,
} from '@wardpulse/shared';
import type { FieldRef, FieldResolver } from '../forms/form-errors.js';
import { detailProblems, type FormProblem } from './draft-errors.js';

export interface ContactPointDraft {
  kind: ChannelKind;
  label: string;
  severities: AlertSeverity[];
  email: string;
  webhookUrl: string;
  webhookFormat: WebhookFormat;
  webhookSecret: string;
  sound: boolean;
  browserNotification: boolean;
}

export const WEBHOOK_FORMAT_LABELS: Record<WebhookFormat, string> = {
  json: 'JSON (any system)',
  teams: 'Microsoft Teams',
  slack: 'Slack',
};

export const SEVERITY_CHOICE_HINTS: Record<AlertSeverity, string> = {
  critical: 'needs someone now',
  warning: 'needs attention soon',
  info: 'for awareness',
};

/** A new contact point: warning and critical alerts, sound and browser notification on. */
export function newContactPointDraft(kind: ChannelKind = 'email'): ContactPointDraft {
  return {
    kind,
    label: '',
    severities: ['warning', 'critical'],
    email: '',
    webhookUrl: '',
    webhookFormat: 'teams',
    webhookSecret: '',
    sound: true,
    browserNotification: true,
  };
}

/** What a contact point is called when its label is left empty. */
export function defaultContactPointLabel(kind: ChannelKind): string {
  return kind === 'web-push'
    ? 'This device'
    : kind === 'in-app'
      ? 'In the app'
      : CHANNEL_KIND_LABELS[kind].replace(/ \(.*\)$/, '');
}

/** Bytes of a webhook secret: 32 bytes is 256 bits, the HMAC-SHA256 key size. */
export const SECRET_BYTES = 32;

/** A random signing secret, base64url (43 characters for 32 bytes), from the browser's CSPRNG. */
export function generateSecret(
  getRandomValues: (array: Uint8Array) => Uint8Array = (array) => crypto.getRandomValues(array),
): string {
  const bytes = getRandomValues(new Uint8Array(SECRET_BYTES));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const CONTACT_POINT_FIELDS = {
  kind: { id: 'contact-kind', label: 'Channel' },
  label: { id: 'contact-label', label: 'Name' },
  severities: { id: 'contact-severities', label: 'Severities' },
  email: { id: 'contact-email', label: 'Email address' },
  webhookUrl: { id: 'contact-webhook-url', label: 'Webhook URL' },
  webhookFormat: { id: 'contact-webhook-format', label: 'Message format' },
  webhookSecret: { id: 'contact-webhook-secret', label: 'Signing secret' },
  sound: { id: 'contact-sound', label: 'Sound' },
  push: { id: 'contact-push', label: 'Push subscription' },
} as const satisfies Record<string, FieldRef>;

export const resolveContactPointPath: FieldResolver = (path) => {
  if (path === 'kind') return CONTACT_POINT_FIELDS.kind;
  if (path === 'label') return CONTACT_POINT_FIELDS.label;
  if (path === 'severities' || path.startsWith('severities[')) return CONTACT_POINT_FIELDS.severities;
  if (path === 'settings.address') return CONTACT_POINT_FIELDS.email;
  if (path === 'settings.url') return CONTACT_POINT_FIELDS.webhookUrl;
  if (path === 'settings.format') return CONTACT_POINT_FIELDS.webhookFormat;
  if (path === 'settings.secret') return CONTACT_POINT_FIELDS.webhookSecret;
  if (path.startsWith('settings.sound') || path.startsWith('settings.browserNotification')) return CONTACT_POINT_FIELDS.sound;
  if (path.startsWith('settings')) return CONTACT_POINT_FIELDS.push;
  return undefined;
};

/** The settings the draft's kind needs; a web push subscription comes from the browser, not the form. */
function settingsOf(draft: ContactPointDraft, pushSubscription: unknown): unknown {
  switch (draft.kind) {
    case 'email':
      return { address: draft.email.trim() };
    case 'webhook':
      return { url: draft.webhookUrl.trim(), format: draft.webhookFormat, secret: draft.webhookSecret };
    case 'in-app':
      return { sound: draft.sound, browserNotification: draft.browserNotification };
    case 'web-push':
      return pushSubscription;
  }
}

export type ContactPointDraftResult = { ok: true; input: ContactPointInput } | { ok: false; problems: FormProblem[] };

/** The request body for the draft, or the problems to show beside its fields. */
export function contactPointInputFromDraft(draft: ContactPointDraft, pushSubscription?: unknown): ContactPointDraftResult {
  const label = draft.label.trim() || defaultContactPointLabel(draft.kind);
  // Keep the order people read the checkboxes in.
  const severities = ALERT_SEVERITIES.filter((severity) => draft.severities.includes(severity));
  const local: FormProblem[] = [];
  if (severities.length === 0)
    local.push({ field: CONTACT_POINT_FIELDS.severities, message: 'Choose at least one severity to be told about' });
  if (draft.kind === 'email' && draft.email.trim() === '')
    local.push({ field: CONTACT_POINT_FIELDS.email, message: 'Enter an email address' });
  if (draft.kind === 'webhook' && draft.webhookUrl.trim() === '')
    local.push({ field: CONTACT_POINT_FIELDS.webhookUrl, message: 'Enter the webhook URL' });
  if (draft.kind === 'web-push' && pushSubscription === undefined)
    local.push({ field: CONTACT_POINT_FIELDS.push, message: 'This browser has not given a push subscription' });
  const parsed = contactPointInputSchema.safeParse({
    kind: draft.kind,
    label,
    severities,
    settings: settingsOf(draft, pushSubscription),
  });
  const localIds = new Set(local.map((problem) => problem.field.id));
  const schema = parsed.success
    ? []
    : detailProblems(zodIssuesToDetails(parsed.error.issues), resolveContactPointPath, CONTACT_POINT_FIELDS.kind).filter(
        (problem) => !localIds.has(problem.field.id),
      );
  const problems = [...local, ...schema];
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, input: parsed.data };
}

/** `urlBase64ToUint8Array`: the VAPID public key as `pushManager.subscribe` wants it. */
export function applicationServerKey(publicKey: string): Uint8Array<ArrayBuffer> {
  const padded = `${publicKey}${'='.repeat((4 - (publicKey.length % 4)) % 4)}`.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
