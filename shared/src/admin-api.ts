/** Request and response bodies of sign-in and administration, defined once for server, web and OpenAPI. */
import { z } from 'zod';
import { displayPlaylistSchema } from './display.js';
import { grantSchema } from './access.js';
import { odsCodeSchema, S136_AGE_GROUPS, s136SuiteIdSchema, siteIdSchema, WARD_SEXES, WARD_TYPES, wardIdSchema } from './org.js';
import { scopeTextSchema } from './scope.js';
import { isStorableText } from './text.js';

const STORABLE = 'must not contain NUL characters or broken (lone surrogate) characters';

export const MIN_PASSWORD_LENGTH = 12;

export const signInRequestSchema = z.strictObject({
  email: z.email('must be an email address').max(254),
  password: z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
});

export const oneTimeSignInRequestSchema = z.strictObject({ token: z.string().min(1).max(100) });

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  grants: z.array(grantSchema),
  hasPassword: z.boolean(),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  lastSignInAt: z.string().nullable(),
});
export type User = z.infer<typeof userSchema>;

export const sessionResponseSchema = z.object({
  user: userSchema,
  csrfToken: z.string().describe('Send as X-CSRF-Token with every change made with the session cookie'),
});

export const createUserRequestSchema = z.strictObject({
  email: z.email('must be an email address').max(254),
  name: z.string().trim().min(1, 'must not be empty').max(200).refine(isStorableText, STORABLE),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(1024)
    .optional()
    .describe('Omit for people who sign in only with OpenID Connect'),
  grants: z.array(grantSchema).max(50),
});

export const setGrantsRequestSchema = z.strictObject({ grants: z.array(grantSchema).max(50) });

export const KEY_ABILITIES = ['ingest', 'read'] as const;

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string().describe('The first characters of the key, to recognise it; never the key'),
  trusts: z.array(z.string()),
  can: z.array(z.enum(KEY_ABILITIES)),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const createApiKeyRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200).refine(isStorableText, STORABLE),
  trusts: z.array(odsCodeSchema).min(1, 'must name at least one trust').max(50),
  can: z.array(z.enum(KEY_ABILITIES)).min(1, 'must allow ingest, read or both').default(['ingest']),
});

export const createdApiKeySchema = z.object({ record: apiKeySchema, key: z.string().describe('Shown once; store it now') });

export const displayTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  tokenPrefix: z.string(),
  scope: z.string(),
  playlist: displayPlaylistSchema.nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const createDisplayTokenRequestSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200)
    .refine(isStorableText, STORABLE)
    .describe('Name of the screen, e.g. "Bed bureau wall"'),
  scope: scopeTextSchema.describe('The board it shows: trust:RX4, collaborative:nenc'),
  playlist: displayPlaylistSchema.optional().describe('Views the kiosk rotates through (boards, bed finder, alerts)'),
});

export const createdDisplayTokenSchema = z.object({
  record: displayTokenSchema,
  token: z.string().describe('Shown once'),
  url: z.string().describe('Wall URL carrying the token; open it on the screen'),
});

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});

export const auditQuerySchema = z.strictObject({
  action: z.string().max(64).optional(),
  actor: z.string().max(128).optional(),
  target: z.string().max(128).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const bedsSchema = z.int('must be a whole number').min(0, 'must not be negative').max(1000, 'must be at most 1000');

export const createTrustRequestSchema = z.strictObject({
  ods: odsCodeSchema,
  name: z.string().trim().min(1, 'must not be empty').max(200).refine(isStorableText, STORABLE),
  icbOds: z
    .string()
    .regex(/^Q[A-Z0-9]{2}$/, 'must be an ICB ODS code such as QHM')
    .optional(),
  collaboratives: z.array(z.string().min(1)).max(20).default([]).describe('Ids of the collaboratives it belongs to'),
});

export const updateTrustRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200).refine(isStorableText, STORABLE).optional(),
    icbOds: z
      .string()
      .regex(/^Q[A-Z0-9]{2}$/, 'must be an ICB ODS code such as QHM')
      .optional(),
    collaboratives: z.array(z.string().min(1)).max(20).optional().describe('Replaces its collaborative memberships'),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');

export const createSiteRequestSchema = z.strictObject({
  id: siteIdSchema.describe('Stable id, e.g. RX4-S5'),
  trustOds: odsCodeSchema,
  name: z.string().trim().min(1, 'must not be empty').max(200).refine(isStorableText, STORABLE),
});

export const renameSiteRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200).refine(isStorableText, STORABLE),
});

export const createWardRequestSchema = z.strictObject({
  id: wardIdSchema,
  trustOds: odsCodeSchema,
  siteId: siteIdSchema,
  name: z.string().trim().min(1, 'must not be empty').max(200).refine(isStorableText, STORABLE),
  type: z.enum(WARD_TYPES),
  sex: z.enum(WARD_SEXES),
  commissionedBeds: bedsSchema,
});

export const updateWardRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200).refine(isStorableText, STORABLE).optional(),
    siteId: siteIdSchema.optional(),
    type: z.enum(WARD_TYPES).optional(),
    sex: z.enum(WARD_SEXES).optional(),
    commissionedBeds: bedsSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');

export const createS136SuiteRequestSchema = z.strictObject({
  id: s136SuiteIdSchema.describe('Stable id, unique system-wide, e.g. RX4-136-1'),
  trustOds: odsCodeSchema,
  siteId: siteIdSchema,
  name: z.string().trim().min(1, 'must not be empty').max(200).refine(isStorableText, STORABLE),
  ageGroup: z.enum(S136_AGE_GROUPS),
  commissioned: z.boolean().default(true),
});

export const updateS136SuiteRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200).refine(isStorableText, STORABLE).optional(),
    siteId: siteIdSchema.optional(),
    ageGroup: z.enum(S136_AGE_GROUPS).optional(),
    commissioned: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');

/** What the audit log records, with the words the admin UI shows. */
export const AUDIT_ACTION_LABELS = {
  'sign-in': 'Signed in',
  'sign-in-failed': 'Sign-in failed',
  'sign-out': 'Signed out',
  'user-created': 'Person added',
  'user-disabled': 'Person disabled',
  'user-enabled': 'Person enabled',
  'grants-changed': 'Access changed',
  'password-changed': 'Password changed',
  'oidc-linked': 'Single sign-on linked',
  'oidc-unlinked': 'Single sign-on unlinked',
  'api-key-created': 'API key created',
  'api-key-rotated': 'API key rotated',
  'api-key-revoked': 'API key revoked',
  'display-token-created': 'Display token created',
  'display-token-revoked': 'Display token revoked',
  'displays-reloaded': 'Screens told to reload',
  'org-changed': 'Organisation changed',
  's136-suite-updated': 'Section 136 suite updated',
  'ward-updated': 'Ward figures updated',
  'ward-confirmed': 'Ward figures confirmed unchanged',
  'discharge-delays-updated': 'Delayed discharges updated',
  'data-imported': 'Data imported',
  'org-imported': 'Organisation imported',
  'alert-rule-created': 'Alert rule created',
  'alert-rule-changed': 'Alert rule changed',
  'alert-rule-deleted': 'Alert rule deleted',
  'alert-state-changed': 'Alert rule state changed',
  'alert-fired': 'Alert fired',
  'alert-resolved': 'Alert resolved',
  'alert-acknowledged': 'Alert acknowledged',
  'alert-silenced': 'Alert silenced',
  'alert-unsilenced': 'Alert silence removed',
  'alert-escalated': 'Alert escalated',
  'alert-notified': 'Alert notification sent',
  'alert-notification-failed': 'Alert notification failed',
  'rota-changed': 'On-call rota changed',
  'escalation-policy-changed': 'Escalation policy changed',
  'maintenance-window-changed': 'Maintenance window changed',
  'contact-point-changed': 'Notification channel changed',
  'trust-figures-updated': 'Trust figures updated',
  'sitrep-edited': 'Sitrep return edited',
  'sitrep-signed': 'Sitrep return signed off',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];
