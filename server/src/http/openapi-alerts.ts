/**
 * The alerting part of the OpenAPI document (issue #6): rules, alerts and people's actions on
 * them, maintenance windows, rotas and who is on call, escalation policies, contact points.
 * Generated from the same shared zod schemas the routes validate with.
 */
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  acknowledgeRequestSchema,
  alertDetailSchema,
  alertRuleInputSchema,
  alertSummarySchema,
  ALERT_SEVERITIES,
  contactPointInputSchema,
  contactPointSchema,
  contactPointUpdateSchema,
  escalationPolicyRecordSchema,
  escalationPolicySchema,
  maintenanceWindowInputSchema,
  maintenanceWindowSchema,
  onCallNowSchema,
  personRefSchema,
  resolveRequestSchema,
  rotaInputSchema,
  silenceRequestSchema,
  storedAlertRuleSchema,
  storedRotaSchema,
} from '@wardpulse/shared';
import { z } from 'zod';

type ErrorResponse = (description: string) => { description: string; content: Record<string, { schema: z.ZodType }> };

export function registerAlertingPaths(
  registry: OpenAPIRegistry,
  security: { readers: RouteConfig['security']; people: RouteConfig['security'] },
  errorResponse: ErrorResponse,
): void {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const body = (schema: z.ZodType) => ({ body: { required: true, ...json(schema) } });
  const id = z.object({ id: z.string() });
  const scopeQuery = z.object({ scope: z.string().optional().describe('`trust:RX4`, `collaborative:nenc`, `region:Y63`, …') });
  const refused = {
    401: errorResponse('Not signed in (or no read API key / display token)'),
    403: errorResponse('Not allowed for the scope concerned'),
  };
  const Rule = storedAlertRuleSchema.meta({ id: 'AlertRule' });
  const RuleInput = alertRuleInputSchema.meta({ id: 'AlertRuleInput' });
  const Alert = alertSummarySchema.meta({ id: 'Alert' });
  const Rota = storedRotaSchema.meta({ id: 'Rota' });
  const ContactPoint = contactPointSchema.meta({ id: 'ContactPoint' });
  const Window = maintenanceWindowSchema.meta({ id: 'MaintenanceWindow' });

  const paths: RouteConfig[] = [
    {
      method: 'get',
      path: '/api/v1/alert-rules',
      summary: 'Alert rules the caller may read, with where each stands (Normal, Pending, Firing, Recovering, NoData, Error)',
      security: security.readers,
      request: { query: scopeQuery },
      responses: { 200: { description: 'Rules', ...json(z.object({ rules: z.array(Rule) })) }, ...refused },
    },
    {
      method: 'post',
      path: '/api/v1/alert-rules',
      summary: 'Create an alert rule (manage-alerts over its scope)',
      security: security.people,
      request: body(RuleInput),
      responses: {
        201: { description: 'Created', ...json(Rule) },
        400: errorResponse('Malformed; `details[].path` names each field'),
        ...refused,
        422: errorResponse('Unknown scope'),
      },
    },
    {
      method: 'put',
      path: '/api/v1/alert-rules/{id}',
      summary: 'Replace a rule; changing what it watches (scope, condition) or disabling it resolves its open alert',
      security: security.people,
      request: { params: id, ...body(RuleInput) },
      responses: {
        200: { description: 'Saved', ...json(Rule) },
        400: errorResponse('Malformed'),
        ...refused,
        404: errorResponse('No such rule'),
        422: errorResponse('Unknown scope'),
      },
    },
    {
      method: 'delete',
      path: '/api/v1/alert-rules/{id}',
      summary: 'Delete a rule (its open alert resolves; history stays)',
      security: security.people,
      request: { params: id },
      responses: { 204: { description: 'Deleted' }, ...refused, 404: errorResponse('No such rule') },
    },
    {
      method: 'get',
      path: '/api/v1/alerts',
      summary: 'Firing and recent alerts the caller may read, open ones first',
      security: security.readers,
      request: {
        query: z.object({
          status: z.enum(['open', 'firing', 'recovering', 'resolved', 'all']).optional(),
          scope: z.string().optional(),
          severity: z.enum(ALERT_SEVERITIES).optional(),
          limit: z.int().min(1).max(500).optional(),
        }),
      },
      responses: {
        200: { description: 'Alerts', ...json(z.object({ alerts: z.array(Alert) })) },
        400: errorResponse('Malformed query'),
        ...refused,
      },
    },
    {
      method: 'get',
      path: '/api/v1/alerts/{id}',
      summary: 'One alert with its history (state changes, notifications, who acknowledged) and deliveries',
      security: security.readers,
      request: { params: id },
      responses: {
        200: { description: 'The alert', ...json(alertDetailSchema.meta({ id: 'AlertDetail' })) },
        ...refused,
        404: errorResponse('No such alert'),
      },
    },
    ...(
      [
        ['acknowledge', 'Acknowledge (with a note): stops the escalation', acknowledgeRequestSchema],
        ['resolve', 'Resolve now; the rule starts again from Normal', resolveRequestSchema],
        ['silence', 'Hold notifications back until a time or until it resolves (evaluation carries on)', silenceRequestSchema],
        ['unsilence', 'Remove a silence', z.object({})],
      ] as const
    ).map(([action, summary, schema]): RouteConfig => ({
      method: 'post',
      path: `/api/v1/alerts/{id}/${action}`,
      summary: `${summary} (respond-alerts over its scope)`,
      security: security.people,
      request: { params: id, ...body(schema) },
      responses: {
        200: { description: 'The alert now', ...json(Alert) },
        400: errorResponse('Malformed'),
        ...refused,
        404: errorResponse('No such alert'),
        409: errorResponse('Not possible in its state (resolved, already acknowledged, not silenced)'),
        ...(action === 'silence' ? { 422: errorResponse('`until` is not in the future') } : {}),
      },
    })),
    {
      method: 'get',
      path: '/api/v1/maintenance-windows',
      summary: 'Maintenance windows (current, future and of the last week): notifications are held back during them',
      security: security.readers,
      responses: { 200: { description: 'Windows', ...json(z.object({ windows: z.array(Window) })) }, ...refused },
    },
    {
      method: 'post',
      path: '/api/v1/maintenance-windows',
      summary: 'Plan a maintenance window for a trust or collaborative (covers its trusts)',
      security: security.people,
      request: body(maintenanceWindowInputSchema),
      responses: {
        201: { description: 'Created', ...json(Window) },
        400: errorResponse('Malformed'),
        ...refused,
        422: errorResponse('Unknown scope, or it ends before it starts'),
      },
    },
    {
      method: 'delete',
      path: '/api/v1/maintenance-windows/{id}',
      summary: 'Remove a maintenance window',
      security: security.people,
      request: { params: id },
      responses: { 204: { description: 'Removed' }, ...refused, 404: errorResponse('No such window') },
    },
    {
      method: 'get',
      path: '/api/v1/rotas',
      summary: 'On-call rotas the caller may read',
      security: security.readers,
      request: { query: scopeQuery },
      responses: { 200: { description: 'Rotas', ...json(z.object({ rotas: z.array(Rota) })) }, ...refused },
    },
    ...(['post', 'put'] as const).map((method): RouteConfig => ({
      method,
      path: method === 'post' ? '/api/v1/rotas' : '/api/v1/rotas/{id}',
      summary: `${method === 'post' ? 'Create' : 'Replace'} a rota: weekly rotation handed over at a London time, overrides`,
      security: security.people,
      request: { ...(method === 'put' ? { params: id } : {}), ...body(rotaInputSchema.meta({ id: 'RotaInput' })) },
      responses: {
        [method === 'post' ? 201 : 200]: { description: 'Saved', ...json(Rota) },
        400: errorResponse('Malformed'),
        ...refused,
        ...(method === 'put' ? { 404: errorResponse('No such rota') } : {}),
        422: errorResponse(
          'First handover not on the handover weekday, overlapping overrides, or someone who cannot see the scope',
        ),
      },
    })),
    {
      method: 'delete',
      path: '/api/v1/rotas/{id}',
      summary: 'Delete a rota',
      security: security.people,
      request: { params: id },
      responses: { 204: { description: 'Deleted' }, ...refused, 404: errorResponse('No such rota') },
    },
    {
      method: 'get',
      path: '/api/v1/on-call',
      summary: 'Who is on call now, level by level, until when, and the escalation policy',
      security: security.readers,
      request: { query: scopeQuery },
      responses: { 200: { description: 'Per scope', ...json(z.object({ scopes: z.array(onCallNowSchema) })) }, ...refused },
    },
    {
      method: 'get',
      path: '/api/v1/escalation-policies/{scope}',
      summary: "A scope's escalation policy (the default when none is set)",
      security: security.readers,
      request: { params: z.object({ scope: z.string() }) },
      responses: {
        200: { description: 'Policy', ...json(escalationPolicyRecordSchema) },
        ...refused,
        404: errorResponse('Unknown scope'),
      },
    },
    {
      method: 'put',
      path: '/api/v1/escalation-policies/{scope}',
      summary: 'Set how long to wait for an acknowledgement before the next level, and how many passes',
      security: security.people,
      request: { params: z.object({ scope: z.string() }), ...body(escalationPolicySchema) },
      responses: {
        200: { description: 'Saved', ...json(escalationPolicyRecordSchema) },
        400: errorResponse('Malformed'),
        ...refused,
        404: errorResponse('Unknown scope'),
      },
    },
    {
      method: 'get',
      path: '/api/v1/people',
      summary: 'People who can see a scope: those a rota there may name (manage-alerts)',
      security: security.people,
      request: { query: z.object({ scope: z.string() }) },
      responses: { 200: { description: 'People', ...json(z.object({ people: z.array(personRefSchema) })) }, ...refused },
    },
    {
      method: 'get',
      path: '/api/v1/me/contact-points',
      summary: "The signed-in person's contact points (never their secrets)",
      security: security.people,
      responses: {
        200: { description: 'Contact points', ...json(z.object({ contactPoints: z.array(ContactPoint) })) },
        ...refused,
      },
    },
    {
      method: 'post',
      path: '/api/v1/me/contact-points',
      summary:
        'Add a contact point: in-app, email, webhook (JSON, Teams or Slack; HMAC-signed) or web push; with the severities it receives',
      security: security.people,
      request: body(contactPointInputSchema.meta({ id: 'ContactPointInput' })),
      responses: { 201: { description: 'Added', ...json(ContactPoint) }, 400: errorResponse('Malformed'), ...refused },
    },
    {
      method: 'patch',
      path: '/api/v1/me/contact-points/{id}',
      summary: 'Change a contact point’s label, severities, or turn it off',
      security: security.people,
      request: { params: id, ...body(contactPointUpdateSchema) },
      responses: {
        200: { description: 'Saved', ...json(ContactPoint) },
        400: errorResponse('Malformed'),
        ...refused,
        404: errorResponse('Not one of yours'),
      },
    },
    {
      method: 'delete',
      path: '/api/v1/me/contact-points/{id}',
      summary: 'Remove a contact point',
      security: security.people,
      request: { params: id },
      responses: { 204: { description: 'Removed' }, ...refused, 404: errorResponse('Not one of yours') },
    },
    {
      method: 'post',
      path: '/api/v1/me/contact-points/{id}/test',
      summary: 'Send a test notification through a contact point',
      security: security.people,
      request: { params: id },
      responses: {
        202: {
          description: "Queued; the outcome shows as the contact point's lastDeliveredAt or lastError",
          ...json(z.object({ notificationId: z.string() })),
        },
        ...refused,
        404: errorResponse('Not one of yours'),
        429: errorResponse('Too many tests from you (5 a minute); see Retry-After'),
      },
    },
    {
      method: 'get',
      path: '/api/v1/web-push/public-key',
      summary: 'The VAPID public key browsers subscribe to web push with',
      security: security.people,
      responses: { 200: { description: 'Key', ...json(z.object({ publicKey: z.string() })) }, ...refused },
    },
  ];
  for (const path of paths) registry.registerPath(path);
}
