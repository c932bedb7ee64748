/**
 * Who may call each HTTP route: the rule table the authorisation matrix test walks. Every route
 * the app serves must have a rule here (the test lists the app's routes and fails on one without
 * a rule), and every rule is checked against every kind of principal.
 *
 * `public`: anyone (sign-in, health, docs). `display-token`: wall screens only. `read`/`ingest`/`manage-*`/`view-audit`/`update-wards`: the ability
 * over `target` — the trusts a sample request touches, or everything.
 */
import type { Ability } from '@wardpulse/shared';
import type { AccessTarget } from '../auth/access.js';

/** Trusts whole (trust-level data), wards (ward-level), scopes, or everything: as authorise() reads it. */
export type RouteTarget = AccessTarget;

export interface RouteRule {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route's path as Express registers it (`:id` parameters). */
  path: string;
  access: 'public' | 'signed-in' | 'display-token' | { ability: Ability; target: RouteTarget };
}

const trusts = (...ods: string[]): RouteTarget => ({ kind: 'trusts', trusts: ods });
const everything: RouteTarget = { kind: 'everything' };
/** The sample ward RX4-W01: a ward-level route needs that ward covered, not its whole trust. */
const sampleWard: RouteTarget = { kind: 'wards', wards: [{ id: 'RX4-W01', trustOds: 'RX4' }] };

export const ROUTE_RULES: readonly RouteRule[] = [
  { method: 'GET', path: '/healthz', access: 'public' },
  { method: 'GET', path: '/readyz', access: 'public' },
  { method: 'GET', path: '/metrics', access: 'public' },
  { method: 'GET', path: '/api/docs', access: 'public' },
  { method: 'GET', path: '/api/docs/openapi.yaml', access: 'public' },
  { method: 'POST', path: '/api/v1/bed-states', access: { ability: 'ingest', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/placements', access: { ability: 'ingest', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/waiting-lists', access: { ability: 'ingest', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/video-consultations', access: { ability: 'ingest', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/referrals', access: { ability: 'ingest', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/s136-suite-states', access: { ability: 'ingest', target: trusts('RX4') } },
  // A person keys (or confirms unchanged) an RX4 ward's figures (RX4-W01 in tests): ward-level.
  { method: 'POST', path: '/api/v1/wards/:wardId/bed-state', access: { ability: 'update-wards', target: sampleWard } },
  { method: 'POST', path: '/api/v1/wards/:wardId/bed-state/confirm', access: { ability: 'update-wards', target: sampleWard } },
  // A person marks an RX4 suite (RX4-136-1 in tests).
  { method: 'PUT', path: '/api/v1/s136-suites/:suiteId/state', access: { ability: 'update-wards', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/crisis-capacity', access: { ability: 'ingest', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/discharge-delays', access: { ability: 'ingest', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/stays', access: { ability: 'ingest', target: trusts('RX4') } },
  { method: 'PUT', path: '/api/v1/wards/:wardId/discharge-delays', access: { ability: 'update-wards', target: sampleWard } },
  { method: 'POST', path: '/api/v1/trust-figures', access: { ability: 'ingest', target: trusts('RX4') } },
  // A bed manager's quick update of a trust's own figures (the matrix request names RX4).
  { method: 'POST', path: '/api/v1/trusts/:ods/figures', access: { ability: 'update-wards', target: trusts('RX4') } },
  // HL7 v2 over HTTP: the feed (demo-rx4 in tests) belongs to RX4.
  { method: 'POST', path: '/api/v1/hl7/:feed', access: { ability: 'ingest', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/session', access: 'public' },
  { method: 'POST', path: '/api/v1/session/one-time', access: 'public' },
  { method: 'GET', path: '/api/v1/session', access: 'signed-in' },
  { method: 'GET', path: '/api/v1/auth/providers', access: 'public' },
  { method: 'GET', path: '/api/v1/auth/oidc/login', access: 'public' },
  { method: 'GET', path: '/api/v1/auth/oidc/callback', access: 'public' },
  { method: 'DELETE', path: '/api/v1/session', access: 'public' },
  { method: 'GET', path: '/api/v1/admin/users', access: { ability: 'manage-access', target: everything } },
  { method: 'POST', path: '/api/v1/admin/users', access: { ability: 'manage-access', target: everything } },
  { method: 'PUT', path: '/api/v1/admin/users/:id/grants', access: { ability: 'manage-access', target: everything } },
  { method: 'POST', path: '/api/v1/admin/users/:id/disable', access: { ability: 'manage-access', target: everything } },
  { method: 'POST', path: '/api/v1/admin/users/:id/enable', access: { ability: 'manage-access', target: everything } },
  { method: 'GET', path: '/api/v1/admin/api-keys', access: { ability: 'manage-access', target: trusts() } },
  { method: 'POST', path: '/api/v1/admin/api-keys', access: { ability: 'manage-access', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/admin/api-keys/:id/rotate', access: { ability: 'manage-access', target: trusts('RX4') } },
  { method: 'DELETE', path: '/api/v1/admin/api-keys/:id', access: { ability: 'manage-access', target: trusts('RX4') } },
  { method: 'GET', path: '/api/v1/admin/display-tokens', access: { ability: 'manage-access', target: trusts() } },
  { method: 'POST', path: '/api/v1/admin/display-tokens', access: { ability: 'manage-access', target: trusts('RX4') } },
  { method: 'DELETE', path: '/api/v1/admin/display-tokens/:id', access: { ability: 'manage-access', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/admin/display-tokens/reload', access: { ability: 'manage-access', target: trusts() } },
  { method: 'GET', path: '/api/v1/display', access: 'display-token' },
  { method: 'POST', path: '/api/v1/admin/org/trusts', access: { ability: 'manage-org', target: everything } },
  { method: 'PATCH', path: '/api/v1/admin/org/trusts/:ods', access: { ability: 'manage-org', target: everything } },
  { method: 'POST', path: '/api/v1/admin/org/sites', access: { ability: 'manage-org', target: trusts('RX4') } },
  { method: 'PATCH', path: '/api/v1/admin/org/sites/:id', access: { ability: 'manage-org', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/admin/org/wards', access: { ability: 'manage-org', target: trusts('RX4') } },
  { method: 'PATCH', path: '/api/v1/admin/org/wards/:id', access: { ability: 'manage-org', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/admin/org/s136-suites', access: { ability: 'manage-org', target: trusts('RX4') } },
  { method: 'PATCH', path: '/api/v1/admin/org/s136-suites/:id', access: { ability: 'manage-org', target: trusts('RX4') } },
  { method: 'DELETE', path: '/api/v1/admin/org/s136-suites/:id', access: { ability: 'manage-org', target: trusts('RX4') } },
  { method: 'GET', path: '/api/v1/admin/hl7/feeds', access: { ability: 'manage-org', target: trusts() } },
  { method: 'POST', path: '/api/v1/admin/hl7/feeds/:feed/mappings', access: { ability: 'manage-org', target: trusts('RX4') } },
  {
    method: 'DELETE',
    path: '/api/v1/admin/hl7/feeds/:feed/mappings/:id',
    access: { ability: 'manage-org', target: trusts('RX4') },
  },
  { method: 'POST', path: '/api/v1/admin/import', access: { ability: 'manage-org', target: everything } },
  { method: 'POST', path: '/api/v1/admin/org/import', access: { ability: 'manage-org', target: everything } },
  { method: 'GET', path: '/api/v1/admin/audit', access: { ability: 'view-audit', target: everything } },
  { method: 'GET', path: '/api/v1/escalation-rule', access: { ability: 'read', target: trusts() } },
  { method: 'GET', path: '/api/v1/live', access: { ability: 'read', target: trusts('RX4') } },
  { method: 'GET', path: '/api/v1/trends', access: { ability: 'read', target: trusts('RX4') } },
  { method: 'GET', path: '/api/v1/flow', access: { ability: 'read', target: trusts('RX4') } },
  { method: 'GET', path: '/api/v1/org', access: { ability: 'read', target: trusts() } },
  { method: 'GET', path: '/api/v1/alert-rules', access: { ability: 'read', target: trusts() } },
  { method: 'POST', path: '/api/v1/alert-rules', access: { ability: 'manage-alerts', target: trusts('RX4') } },
  { method: 'PUT', path: '/api/v1/alert-rules/:id', access: { ability: 'manage-alerts', target: trusts('RX4') } },
  { method: 'DELETE', path: '/api/v1/alert-rules/:id', access: { ability: 'manage-alerts', target: trusts('RX4') } },
  { method: 'GET', path: '/api/v1/alerts', access: { ability: 'read', target: trusts() } },
  { method: 'GET', path: '/api/v1/alerts/:id', access: { ability: 'read', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/alerts/:id/acknowledge', access: { ability: 'respond-alerts', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/alerts/:id/resolve', access: { ability: 'respond-alerts', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/alerts/:id/silence', access: { ability: 'respond-alerts', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/alerts/:id/unsilence', access: { ability: 'respond-alerts', target: trusts('RX4') } },
  { method: 'GET', path: '/api/v1/maintenance-windows', access: { ability: 'read', target: trusts() } },
  { method: 'POST', path: '/api/v1/maintenance-windows', access: { ability: 'manage-alerts', target: trusts('RX4') } },
  { method: 'DELETE', path: '/api/v1/maintenance-windows/:id', access: { ability: 'manage-alerts', target: trusts('RX4') } },
  { method: 'GET', path: '/api/v1/rotas', access: { ability: 'read', target: trusts() } },
  { method: 'POST', path: '/api/v1/rotas', access: { ability: 'manage-alerts', target: trusts('RX4') } },
  { method: 'PUT', path: '/api/v1/rotas/:id', access: { ability: 'manage-alerts', target: trusts('RX4') } },
  { method: 'DELETE', path: '/api/v1/rotas/:id', access: { ability: 'manage-alerts', target: trusts('RX4') } },
  { method: 'GET', path: '/api/v1/on-call', access: { ability: 'read', target: trusts() } },
  { method: 'GET', path: '/api/v1/escalation-policies/:scope', access: { ability: 'read', target: trusts('RX4') } },
  { method: 'PUT', path: '/api/v1/escalation-policies/:scope', access: { ability: 'manage-alerts', target: trusts('RX4') } },
  { method: 'GET', path: '/api/v1/on-call-screens/:scope', access: { ability: 'read', target: trusts('RX4') } },
  { method: 'PUT', path: '/api/v1/on-call-screens/:scope', access: { ability: 'manage-alerts', target: trusts('RX4') } },
  { method: 'GET', path: '/api/v1/people', access: { ability: 'manage-alerts', target: trusts('RX4') } },
  { method: 'GET', path: '/api/v1/me/contact-points', access: 'signed-in' },
  { method: 'POST', path: '/api/v1/me/contact-points', access: 'signed-in' },
  { method: 'PATCH', path: '/api/v1/me/contact-points/:id', access: 'signed-in' },
  { method: 'DELETE', path: '/api/v1/me/contact-points/:id', access: 'signed-in' },
  { method: 'POST', path: '/api/v1/me/contact-points/:id/test', access: 'signed-in' },
  { method: 'GET', path: '/api/v1/web-push/public-key', access: 'signed-in' },
  // Sitrep returns: lists and the overview show only what the caller may read; one return is its trust's.
  { method: 'GET', path: '/api/v1/sitreps', access: { ability: 'read', target: trusts() } },
  { method: 'GET', path: '/api/v1/sitreps/overview', access: { ability: 'read', target: trusts() } },
  { method: 'GET', path: '/api/v1/sitreps/:id', access: { ability: 'read', target: trusts('RX4') } },
  { method: 'PATCH', path: '/api/v1/sitreps/:id', access: { ability: 'update-wards', target: trusts('RX4') } },
  { method: 'POST', path: '/api/v1/sitreps/:id/sign', access: { ability: 'update-wards', target: trusts('RX4') } },
  // FHIR R4 read API: searches show only what the caller may read; reads refuse another trust's resource.
  { method: 'GET', path: '/fhir/r4/metadata', access: 'public' },
  { method: 'GET', path: '/fhir/r4/Location', access: { ability: 'read', target: trusts() } },
  { method: 'GET', path: '/fhir/r4/Location/:id', access: { ability: 'read', target: trusts('RX4') } },
  { method: 'GET', path: '/fhir/r4/Organization', access: { ability: 'read', target: trusts() } },
  { method: 'GET', path: '/fhir/r4/Organization/:id', access: { ability: 'read', target: trusts('RX4') } },
];
