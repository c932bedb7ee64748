/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and
 * type responses (shared/). Served at /api/docs; committed as docs/openapi.yaml by
 * `npm run openapi`, and a test keeps the committed file equal to what the code generates.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import {
  apiErrorBodySchema,
  orgImportFileSchema,
  bedStateBatchSchema,
  bedStateSchema,
  apiKeySchema,
  createSiteRequestSchema,
  createTrustRequestSchema,
  updateTrustRequestSchema,
  createWardRequestSchema,
  renameSiteRequestSchema,
  siteSchema,
  updateWardRequestSchema,
  wardSchema,
  auditEntrySchema,
  createApiKeyRequestSchema,
  createdApiKeySchema,
  createdDisplayTokenSchema,
  createDisplayTokenRequestSchema,
  displayConfigSchema,
  displayReloadRequestSchema,
  createUserRequestSchema,
  displayTokenSchema,
  escalationRuleSchema,
  OIDC_FAILURE_CODES,
  oneTimeSignInRequestSchema,
  sessionResponseSchema,
  setGrantsRequestSchema,
  signInRequestSchema,
  userSchema,
  ingestResponseSchema,
  liveResponseSchema,
  orgDirectorySchema,
  TREND_GRAINS,
  TREND_SECTORS,
  TREND_STATISTICS,
  RENAMED_TREND_METRICS,
  TREND_MEASURE_IDS,
  trendResponseSchema,
  type TrendMeasure,
  placementBatchSchema,
  placementEventSchema,
  referralBatchSchema,
  referralDaySchema,
  videoConsultationBatchSchema,
  videoConsultationDaySchema,
  waitingListBatchSchema,
  waitingListSnapshotSchema,
  trustFiguresBatchSchema,
  trustFiguresEntrySchema,
  trustFiguresSchema,
  trustFiguresUpdateResponseSchema,
} from '@wardpulse/shared';
import { stringify } from 'yaml';
import { z } from 'zod';
import { authProvidersSchema } from './routes/oidc.js';
import { registerAlertingPaths } from './openapi-alerts.js';
import { registerFhirPaths } from './openapi-fhir.js';
import { registerHl7Paths } from './openapi-hl7.js';
import { registerS136Paths } from './openapi-s136.js';
import { registerDischargeDelayPaths } from './openapi-discharge-delays.js';
import { registerCrisisPaths } from './openapi-crisis.js';
import { registerStayPaths } from './openapi-stays.js';
import { registerWardUpdatePaths } from './openapi-ward-update.js';
import { registerSitrepPaths } from './openapi-sitreps.js';
import { importQuerySchema, importReportSchema, MAX_IMPORT_BYTES } from './routes/admin-import.js';
import { MAX_ORG_CSV_BYTES, orgImportQuerySchema, orgImportResultSchema } from './routes/admin-org-import.js';
import { EVENT_ID_CONFLICT_DESCRIPTION } from './routes/ingest-route.js';

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: apiErrorBodySchema } } };
}

export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key created by an admin (`npm run cli -- api-key create`), scoped to trusts.',
  });
  // Named components via zod's own metadata (ids become $refs).
  const BedState = bedStateSchema.meta({ id: 'BedState' });
  const BedStateBatch = bedStateBatchSchema.meta({ id: 'BedStateBatch' });

  registry.registerPath({
    method: 'post',
    path: '/api/v1/bed-states',
    summary: 'Ingest one bed-state observation or a batch (all or nothing)',
    description:
      'Accepted events are logged durably, then applied asynchronously: 202 means "will be applied". ' +
      "Event ids are unique per trust and kind of fact: the same event sent again counts once (a duplicate); the same eventId for a different fact of the trust is refused with 409, another trust's use of an id never matters. An observation older than the ward's current one is logged but never overwrites it.",
    security: [{ [bearer.name]: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: z.union([BedState, BedStateBatch]) } } } },
    responses: {
      202: { description: 'Accepted', content: { 'application/json': { schema: ingestResponseSchema } } },
      400: errorResponse('Malformed: not JSON, missing or mistyped fields; `details[].path` names each field'),
      401: errorResponse('No API key, or an unknown or revoked one'),
      403: errorResponse("The key may not ingest, or is not scoped to a ward's trust"),
      409: errorResponse(EVENT_ID_CONFLICT_DESCRIPTION),
      413: errorResponse('Body too large'),
      422: errorResponse(
        'Well-formed but impossible (negative counts, closed > commissioned, occupied > open, future time) or unknown ward',
      ),
      503: errorResponse('Storage unavailable; nothing was accepted; retry after Retry-After seconds'),
    },
  });
  const measureIngests = [
    {
      path: '/api/v1/placements',
      summary: 'Ingest out-of-area placement events (started, updated, ended) or a batch',
      event: placementEventSchema.meta({ id: 'PlacementEvent' }),
      batch: placementBatchSchema.meta({ id: 'PlacementBatch' }),
      impossible:
        'Impossible or contradicting the placement so far: an end before its start, a second start or end, a reason that does not fit appropriate/inappropriate, an unknown trust, a future time',
    },
    {
      path: '/api/v1/waiting-lists',
      summary: "Ingest a waiting-list snapshot of one trust's service, or a batch",
      event: waitingListSnapshotSchema.meta({ id: 'WaitingListSnapshot' }),
      batch: waitingListBatchSchema.meta({ id: 'WaitingListBatch' }),
      impossible:
        'Impossible: wait bands not adding up to the number waiting, median above the 90th percentile, a standard the service does not have, more started within a standard than started, an unknown trust',
    },
    {
      path: '/api/v1/video-consultations',
      summary: "Ingest a day's care contacts by consultation mechanism (11 = video), or a batch",
      event: videoConsultationDaySchema.meta({ id: 'VideoConsultationDay' }),
      batch: videoConsultationBatchSchema.meta({ id: 'VideoConsultationBatch' }),
      impossible: 'Impossible: an unknown CONSULTATION MECHANISM code, a negative count, a date after today, an unknown trust',
    },
    {
      path: '/api/v1/referrals',
      summary:
        "Ingest a trust's day of referrals to one service (received; accepted, declined and pending of them; by source of referral), or a batch",
      event: referralDaySchema.meta({ id: 'ReferralDay' }),
      batch: referralBatchSchema.meta({ id: 'ReferralBatch' }),
      impossible:
        'Impossible: accepted + declined + pending not equal to received, an unknown SOURCE OF REFERRAL FOR MENTAL HEALTH code, sources adding up to more than received, a negative count or one over 10000, a day after today or more than 366 days before observedAt, observedAt before the day began, an unknown trust',
    },
    {
      path: '/api/v1/trust-figures',
      summary:
        "Ingest a trust's own figures (admission referrals waiting by setting, completed discharges and Section 136 breaches since the last return, patients from other trusts), or a batch",
      event: trustFiguresSchema.meta({ id: 'TrustFigures' }),
      batch: trustFiguresBatchSchema.meta({ id: 'TrustFiguresBatch' }),
      impossible:
        'Impossible: a negative or implausibly large count (over 10000), countingSince after observedAt or more than 7 days before it, a future time, an unknown trust',
    },
  ];
  for (const ingest of measureIngests) {
    registry.registerPath({
      method: 'post',
      path: ingest.path,
      summary: ingest.summary,
      description:
        'Like /api/v1/bed-states: logged durably, applied asynchronously, idempotent by eventId (per trust and kind; 409 for an eventId reused for a different fact), last-writer-wins on source time.',
      security: [{ [bearer.name]: [] }],
      request: { body: { required: true, content: { 'application/json': { schema: z.union([ingest.event, ingest.batch]) } } } },
      responses: {
        202: { description: 'Accepted', content: { 'application/json': { schema: ingestResponseSchema } } },
        400: errorResponse('Malformed; `details[].path` names each field'),
        401: errorResponse('No API key, or an unknown or revoked one'),
        403: errorResponse('The key may not ingest, or is not scoped to the trust'),
        409: errorResponse(EVENT_ID_CONFLICT_DESCRIPTION),
        413: errorResponse('Body too large'),
        422: errorResponse(ingest.impossible),
        503: errorResponse('Storage unavailable; nothing was accepted; retry after Retry-After seconds'),
      },
    });
  }
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const session = registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'wp_session',
    description: 'A person signed in through POST /api/v1/session or OpenID Connect; changes also need the X-CSRF-Token header.',
  });
  const people = [{ [session.name]: [] }];
  registry.registerPath({
    method: 'post',
    path: '/api/v1/trusts/{ods}/figures',
    summary: "A bed manager's quick update of a trust's own figures (needs update-wards over the trust)",
    description:
      'The figures become a report observed now, source `manual` with the person named, and go through the same event log, ' +
      "worker and fan-out as a feed's report (POST /api/v1/trust-figures). Every update is audited with the figures before and after.",
    security: people,
    request: {
      params: z.object({ ods: z.string().describe('The trust’s ODS code, e.g. RX4') }),
      body: { required: true, ...json(trustFiguresEntrySchema.meta({ id: 'TrustFiguresEntry' })) },
    },
    responses: {
      202: { description: 'Accepted: applied to live state a moment later', ...json(trustFiguresUpdateResponseSchema) },
      400: errorResponse('Malformed; `details[].path` names each field'),
      401: errorResponse('Nobody is signed in'),
      403: errorResponse('No update-wards over this trust, or the CSRF token is missing'),
      404: errorResponse('No such trust'),
      422: errorResponse('Impossible: a negative or implausibly large count, a counting window after now or over 7 days long'),
    },
  });
  const User = userSchema.meta({ id: 'User' });
  const SessionResponse = sessionResponseSchema.meta({ id: 'Session' });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/session',
    summary: 'Sign in with email and password; sets the session cookie',
    request: { body: { required: true, ...json(signInRequestSchema) } },
    responses: {
      200: { description: 'Signed in', ...json(SessionResponse) },
      400: errorResponse('Malformed'),
      401: errorResponse('Wrong email or password (every attempt is audited)'),
      403: errorResponse('Posted from another site'),
      429: errorResponse('Too many attempts; see Retry-After'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/session/one-time',
    summary: 'Redeem a one-time sign-in link printed at first start',
    request: { body: { required: true, ...json(oneTimeSignInRequestSchema) } },
    responses: { 200: { description: 'Signed in', ...json(SessionResponse) }, 401: errorResponse('Used, expired or unknown') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/session',
    summary: 'Who is signed in, and the CSRF token for changes',
    security: people,
    responses: { 200: { description: 'Signed in', ...json(SessionResponse) }, 401: errorResponse('Nobody is signed in') },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/session',
    summary: 'Sign out',
    security: people,
    responses: { 204: { description: 'Signed out' }, 403: errorResponse('Missing CSRF token') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/auth/providers',
    summary: 'The sign-in methods this server offers (password, and OpenID Connect when configured)',
    responses: { 200: { description: 'Sign-in methods', ...json(authProvidersSchema) } },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/auth/oidc/login',
    summary: 'Start signing in with OpenID Connect (NHS CIS2 or Entra ID): redirects to the provider',
    description:
      'A browser navigation, not an API call: authorisation code flow with PKCE (S256), a single-use state and nonce kept on the server ' +
      'for ten minutes, and a short-lived httpOnly cookie tying the state to this browser.',
    request: {
      query: z.object({ next: z.string().optional().describe('A path on this site to return to (anything else becomes `/`)') }),
    },
    responses: {
      302: { description: 'To the provider; or to `/sign-in?error=oidc_unavailable` when it cannot be reached' },
      404: errorResponse('OpenID Connect is not configured'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/auth/oidc/callback',
    summary: 'Where the provider returns the browser: checks the response, signs the person in, redirects to `next`',
    description:
      'New people are created with no grants: they see nothing until an admin grants them a role. ' +
      'An existing person is matched by issuer and subject. On a first sign-in, an account with the same email is linked only if it is ' +
      'bound to no identity and either the provider verified the email (and it is not an administrator in use) or the browser is ' +
      'signed in to that account (WARDPULSE_OIDC_LINK_BY_EMAIL=off: never). An account bound to another subject is never re-linked. ' +
      'Every refusal is audited (`sign-in-failed`, method `oidc`); every link (`oidc-linked`).',
    request: {
      query: z.object({
        code: z.string().optional(),
        state: z.string(),
        iss: z.string().optional(),
        error: z.string().optional(),
      }),
    },
    responses: {
      302: {
        description: `Signed in (sets the session cookie) and sent to \`next\`; or sent to \`/sign-in?error=\` with one of ${OIDC_FAILURE_CODES.join(', ')}`,
      },
      404: errorResponse('OpenID Connect is not configured'),
    },
  });
  const admin = (
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    summary: string,
    responses: Record<number, unknown>,
    body?: z.ZodType,
  ) =>
    registry.registerPath({
      method,
      path,
      summary,
      security: people,
      ...(body ? { request: { body: { required: true, ...json(body) } } } : {}),
      responses: {
        ...(responses as Record<number, { description: string }>),
        401: errorResponse('Sign in first'),
        403: errorResponse('Your grants do not allow it, or the CSRF token is missing'),
      },
    });
  admin('get', '/api/v1/admin/users', 'People and their grants (admins over everything)', {
    200: { description: 'People', ...json(z.array(User)) },
  });
  admin(
    'post',
    '/api/v1/admin/users',
    'Add a person',
    {
      201: { description: 'Added', ...json(User) },
      409: errorResponse('Email taken'),
      422: errorResponse('Unknown region, collaborative or trust in a grant'),
    },
    createUserRequestSchema,
  );
  admin(
    'put',
    '/api/v1/admin/users/{id}/grants',
    "Replace a person's grants (their live sockets reconnect under the new grants)",
    { 200: { description: 'Changed', ...json(User) } },
    setGrantsRequestSchema,
  );
  admin('post', '/api/v1/admin/users/{id}/disable', 'Disable a person: sessions end and live sockets disconnect at once', {
    200: { description: 'Disabled', ...json(User) },
  });
  admin('post', '/api/v1/admin/users/{id}/enable', 'Enable a person again', { 200: { description: 'Enabled', ...json(User) } });
  admin('get', '/api/v1/admin/api-keys', 'API keys you may manage (never their secrets)', {
    200: { description: 'Keys', ...json(z.array(apiKeySchema)) },
  });
  admin(
    'post',
    '/api/v1/admin/api-keys',
    'Create an API key; the key is in this response only',
    { 201: { description: 'Created', ...json(createdApiKeySchema) } },
    createApiKeyRequestSchema,
  );
  admin('post', '/api/v1/admin/api-keys/{id}/rotate', 'Replace a key with a new one (the old one stops working at once)', {
    201: { description: 'Rotated', ...json(createdApiKeySchema) },
  });
  admin('delete', '/api/v1/admin/api-keys/{id}', 'Revoke a key', { 204: { description: 'Revoked' } });
  admin('get', '/api/v1/admin/display-tokens', 'Display tokens of wall screens', {
    200: { description: 'Tokens', ...json(z.array(displayTokenSchema)) },
  });
  admin(
    'post',
    '/api/v1/admin/display-tokens',
    'Create a display token for a wall screen; the token and its wall URL are in this response only',
    { 201: { description: 'Created', ...json(createdDisplayTokenSchema) } },
    createDisplayTokenRequestSchema,
  );
  admin('delete', '/api/v1/admin/display-tokens/{id}', 'Revoke a display token (its screens disconnect)', {
    204: { description: 'Revoked' },
  });
  admin(
    'post',
    '/api/v1/admin/display-tokens/reload',
    'Tell wall screens to reload themselves (the given tokens, or every screen you manage); Socket.IO `display` { kind: "reload" }',
    {
      202: { description: 'Sent to the screens connected now', ...json(z.object({ screens: z.int() })) },
      422: errorResponse('A token id that is not an active display token'),
    },
    displayReloadRequestSchema,
  );
  registry.registerPath({
    method: 'get',
    path: '/api/v1/display',
    summary: 'What this wall screen shows: its home board and kiosk playlist (display tokens only)',
    security: [{ [bearer.name]: [] }],
    responses: {
      200: { description: 'The display', ...json(displayConfigSchema) },
      401: errorResponse('No display token'),
      403: errorResponse('Not a display token'),
    },
  });
  admin('get', '/api/v1/admin/audit', 'The audit log, newest first; filter by action, actor, target, from, to, limit', {
    200: { description: 'Entries', ...json(z.array(auditEntrySchema)) },
  });

  const trustResponse = z.object({
    ods: z.string(),
    name: z.string(),
    icbOds: z.string().nullable(),
    collaboratives: z.array(z.string()),
  });
  admin(
    'post',
    '/api/v1/admin/org/trusts',
    'Add a trust and its collaborative memberships (manage-org over everything)',
    {
      201: { description: 'Added', ...json(trustResponse) },
      409: errorResponse('ODS code taken'),
      422: errorResponse('Unknown collaborative'),
    },
    createTrustRequestSchema,
  );
  admin(
    'patch',
    '/api/v1/admin/org/trusts/{ods}',
    'Rename a trust or replace its collaborative memberships (changes what collaborative grants cover)',
    { 200: { description: 'Changed', ...json(trustResponse) } },
    updateTrustRequestSchema,
  );
  admin(
    'post',
    '/api/v1/admin/org/sites',
    'Add a site to a trust (manage-org over the trust)',
    { 201: { description: 'Added', ...json(siteSchema) }, 409: errorResponse('Id taken'), 422: errorResponse('Unknown trust') },
    createSiteRequestSchema,
  );
  admin(
    'patch',
    '/api/v1/admin/org/sites/{id}',
    'Rename a site',
    { 200: { description: 'Renamed', ...json(siteSchema) } },
    renameSiteRequestSchema,
  );
  admin(
    'post',
    '/api/v1/admin/org/wards',
    'Add a ward',
    {
      201: { description: 'Added', ...json(wardSchema) },
      409: errorResponse('Id taken'),
      422: errorResponse('Unknown trust, or a site of another trust'),
    },
    createWardRequestSchema,
  );
  admin(
    'patch',
    '/api/v1/admin/org/wards/{id}',
    "Change a ward's name, type, sex, site or commissioned beds",
    { 200: { description: 'Changed', ...json(wardSchema) } },
    updateWardRequestSchema,
  );

  registry.registerPath({
    method: 'post',
    path: '/api/v1/admin/import',
    summary: 'Import a file: published MHSDS measures, or own-measure history (manage-org over everything; docs/import.md)',
    description:
      `The file is the request body (text/csv, at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB). Rejected rows never stop the import: ` +
      'they are reported with their line and reason. Re-importing a file changes nothing. Audited as `data-imported`.',
    security: people,
    request: {
      query: importQuerySchema,
      body: { required: true, content: { 'text/csv': { schema: z.string().describe('The CSV file, header row first') } } },
    },
    responses: {
      200: { description: 'The import report', ...json(importReportSchema) },
      400: errorResponse('Unknown kind, bad file name or empty file'),
      401: errorResponse('Sign in first'),
      403: errorResponse('Your grants do not allow it, or the CSRF token is missing'),
      413: errorResponse('The file is larger than the limit'),
      415: errorResponse('The body is not text/csv'),
      422: errorResponse('The file is not of the kind given (its header says so); recorded as an import run'),
    },
  });

  registry.registerPath({
    method: 'post',
    path: '/api/v1/admin/org/import',
    summary:
      'Import an organisation file: regions, collaboratives, trusts, sites, wards (manage-org over everything; docs/org-import.md)',
    description:
      'The file is the request body: JSON (application/json, within the API body limit) or the CSV layout ' +
      `(text/csv, at most ${MAX_ORG_CSV_BYTES / 1024 / 1024} MiB). It is validated as a whole: any problem is a 422 naming ` +
      'every bad entry (JSON path or `line N: column`) and nothing is applied. Otherwise the answer is the diff against ' +
      'the directory (added, changed field by field, unchanged, not in file) and, unless `dryRun=true`, the added and ' +
      'changed entities are applied in one transaction. Nothing is ever deleted; importing the same file again changes ' +
      'nothing. Audited as `org-imported` when anything is applied.',
    security: people,
    request: {
      query: orgImportQuerySchema,
      body: {
        required: true,
        content: {
          'application/json': { schema: orgImportFileSchema },
          'text/csv': { schema: z.string().describe('The CSV layout: header row first, a `record` column naming each row') },
        },
      },
    },
    responses: {
      200: { description: 'The diff, and whether it was applied', ...json(orgImportResultSchema) },
      400: errorResponse('Bad dryRun, bad file name, empty file or JSON that does not parse'),
      401: errorResponse('Sign in first'),
      403: errorResponse('Your grants do not allow it, or the CSRF token is missing'),
      413: errorResponse('The file is larger than the limit'),
      415: errorResponse('The body is neither JSON nor CSV'),
      422: errorResponse('The file has problems, each named; nothing was applied'),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/escalation-rule',
    summary: 'The escalation (OPEL) rule in force and what each indicator measures',
    security: [{ [bearer.name]: [] }],
    responses: {
      200: {
        description: 'The rule (WARDPULSE_ESCALATION_RULE or the default)',
        content: {
          'application/json': {
            schema: z.object({
              rule: escalationRuleSchema.meta({ id: 'EscalationRule' }),
              indicators: z.record(z.string(), z.string()),
            }),
          },
        },
      },
      401: errorResponse('A read API key is required'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/live',
    summary: 'Live snapshot of a scope',
    security: [{ [bearer.name]: [] }],
    request: {
      query: z.object({
        scope: z
          .string()
          .describe('`region:<code>`, `collaborative:<id>`, `trust:<ODS code>`, `site:<site id>` or `ward:<ward id>`'),
      }),
    },
    responses: {
      200: {
        description: 'The snapshot, its sequence and the four measures summarised',
        content: { 'application/json': { schema: liveResponseSchema } },
      },
      400: errorResponse('Malformed scope'),
      401: errorResponse('A read API key is required'),
      403: errorResponse('The key is not scoped to every trust the scope shows'),
      404: errorResponse('Unknown scope'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/trends',
    summary: 'Time series of a metric for one or more scopes, from the history roll-ups or the stays',
    description:
      "Every period of the range is present (v is null where there is no data). Daily-census metrics (bed occupancy, vacant beds, referrals waiting, patients from other trusts) are the KH03 midnight census for days and the average of the daily censuses (bed days ÷ days) for weeks, months and quarters, counting only wards reporting within the not-reporting limit; statistic=mean or peak gives the time-weighted mean or the highest value instead. Other census metrics take the state at the period end; flow metrics sum the period. sector=mental-illness or learning-disabilities gives one KH03 sector of a bed measure. Length-of-stay measures (admissions and discharges from stays, mean, median and 90th percentile length of stay of the period's discharges, discharges after 60+ and 90+ days, median current length of stay at the period end) are computed from the scope's stays when asked, in days (nights), for day, week, month and quarter grains only (grain=hour is a 400); a period no stay touches is null. Percent metrics are fractions. See docs/measures.md.",
    security: [{ [bearer.name]: [] }],
    request: {
      query: z.object({
        metric: z.enum(TREND_MEASURE_IDS as [TrendMeasure, ...TrendMeasure[]]).describe(
          `One of TREND_METRICS, or a length-of-stay measure of STAY_TREND_METRICS (computed from the stays on request; day grain and longer). Renamed ids are still accepted: ${Object.entries(
            RENAMED_TREND_METRICS,
          )
            .map(([old, current]) => `${old} (now ${current})`)
            .join(', ')}`,
        ),
        scope: z.array(z.string()).describe('Repeat for each scope to compare: scope=trust:RX4&scope=trust:RX3 (up to 12)'),
        from: z.string().describe('First London day, YYYY-MM-DD'),
        to: z.string().describe('Last London day, YYYY-MM-DD (inclusive)'),
        grain: z.enum(TREND_GRAINS).optional(),
        statistic: z.enum(TREND_STATISTICS).optional().describe('census (default), mean or peak: daily-census metrics only'),
        sector: z
          .enum(TREND_SECTORS)
          .optional()
          .describe(
            'all (default) or a KH03 sector: bed measures only; learning disability & autism wards are learning-disabilities',
          ),
      }),
    },
    responses: {
      200: {
        description: 'One series per scope',
        content: { 'application/json': { schema: trendResponseSchema.meta({ id: 'Trend' }) } },
      },
      400: errorResponse('Malformed query, a range that ends before it starts, or too long for the grain'),
      401: errorResponse('A read API key or a sign-in is required'),
      403: errorResponse('Not allowed to read one of the scopes'),
      404: errorResponse('Unknown scope'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/org',
    summary: 'Collaboratives, trusts, sites, wards and Section 136 suites the caller may read',
    security: [{ [bearer.name]: [] }],
    responses: {
      200: { description: 'The organisation directory', content: { 'application/json': { schema: orgDirectorySchema } } },
      401: errorResponse('A read API key is required'),
    },
  });
  registerAlertingPaths(registry, { readers: [{ [bearer.name]: [] }, ...people], people }, errorResponse);
  registerSitrepPaths(registry, { readers: [{ [bearer.name]: [] }, ...people], people }, errorResponse);
  registerFhirPaths(registry, [{ [bearer.name]: [] }, ...people]);
  registerHl7Paths(registry, { feeds: [{ [bearer.name]: [] }], people }, errorResponse);
  registerS136Paths(registry, { feeds: [{ [bearer.name]: [] }], people }, errorResponse);
  registerDischargeDelayPaths(registry, { feeds: [{ [bearer.name]: [] }], people }, errorResponse);
  registerCrisisPaths(registry, { feeds: [{ [bearer.name]: [] }] }, errorResponse);
  registerStayPaths(registry, { feeds: [{ [bearer.name]: [] }], readers: [{ [bearer.name]: [] }, ...people] }, errorResponse);
  registerWardUpdatePaths(registry, people, errorResponse);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'WardPulse API',
      version: '1.0.0',
      description:
        'Live bed occupancy, out-of-area placements, waiting lists and video consultations for NHS mental health trusts and provider collaboratives. ' +
        'Live updates are pushed over Socket.IO (contract v1, see docs/api.md).',
    },
    servers: [{ url: '/' }],
  });
}

export function openApiYaml(): string {
  return stringify(openApiDocument(), { lineWidth: 0 });
}
