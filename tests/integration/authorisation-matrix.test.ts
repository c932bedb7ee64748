/**
 * The authorisation matrix: every HTTP route the app serves × every kind of principal (anonymous,
 * each role over everything / a region / a collaborative, place-based or specialised / a trust, API
 * keys, display tokens), and every
 * Socket.IO scope × every principal. The expected answer comes from the route's rule in
 * server/src/http/access-rules.ts and the one authorise() function; the test checks the route
 * actually enforces it. A route without a rule fails the test.
 */
import type { Express } from 'express';
import type { Grant, Role } from '@wardpulse/shared';
import { OrgIndex, ROLES, parseScope, sitrepId, sitrepSlot } from '@wardpulse/shared';
import { OrgRepository } from '@wardpulse/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorise, mayReadScope, type Principal } from '../../server/src/auth/access.js';
import { ApiKeyRepository } from '../../server/src/auth/api-keys.js';
import { DisplayTokenRepository } from '../../server/src/auth/display-tokens.js';
import { UserRepository } from '../../server/src/auth/users.js';
import { ROUTE_RULES, type RouteRule } from '../../server/src/http/access-rules.js';
import { connectLive, connected, subscribe } from '../support/live-client.js';
import {
  bedState,
  placementEvent,
  referralDay,
  s136SuiteState,
  crisisCapacityReport,
  startTestApp,
  videoDay,
  waitingListSnapshot,
  type TestApp,
} from '../support/test-app.js';

interface Caller {
  label: string;
  principal: Principal;
  headers: Record<string, string>;
  /** How a socket authenticates: a token, or cookie headers. */
  socket: { token?: string; headers?: Record<string, string> };
}

/** Every route the Express app serves, as `METHOD path`; a nested router's routes under the path it is mounted at. */
function servedRoutes(app: Express): string[] {
  type Layer = {
    route?: { path: string; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
    /** The path given to `use()`; `slash` when it was none (`/`). */
    rawPath?: string;
    slash?: boolean;
  };
  const walk = (stack: Layer[], prefix: string): string[] =>
    stack.flatMap((layer) => {
      if (layer.route)
        return Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${prefix}${layer.route!.path}`);
      return layer.handle?.stack ? walk(layer.handle.stack, layer.slash ? prefix : `${prefix}${layer.rawPath ?? ''}`) : [];
    });
  return [...new Set(walk((app as unknown as { router: { stack: Layer[] } }).router.stack, ''))];
}

const PASSWORD = 'matrix password 1';
const SCOPES_OF_GRANTS: Grant['scope'][] = [
  { kind: 'all' },
  // North East and Yorkshire: RX3, RX4 and TAD, whole.
  { kind: 'region', id: 'Y63' },
  { kind: 'collaborative', id: 'nenc' },
  // Specialised: RW4's secure wards only, never RX4 nor RW4 whole.
  { kind: 'collaborative', id: 'prospect' },
  { kind: 'trust', id: 'RX4' },
  { kind: 'trust', id: 'RX3' },
];

const matrixRule = {
  name: 'Matrix rule',
  scope: 'trust:RX4',
  condition: { kind: 'escalation-level', atLeast: 3 },
  severity: 'warning',
  pendingForSeconds: 0,
  keepFiringForSeconds: 0,
  labels: {},
  description: '',
  enabled: false,
} as const;
/** Trust figures as the quick form sends them, counted since an hour ago. */
const matrixFigures = () => ({
  referralsWaiting: { emergencyDepartment: 1, communityOrHome: 0, section136Suite: 0, policeCustody: 0, acuteWard: 0, other: 0 },
  countingSince: new Date(Date.now() - 3_600_000).toISOString(),
  completedDischarges: 1,
  section136Breaches: 0,
  patientsFromOutside: 0,
});
const matrixWindow = { scope: 'trust:RX4', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', reason: 'matrix' };

describe('authorisation matrix', () => {
  let app: TestApp;
  let org: OrgIndex;
  const callers: Caller[] = [];
  const fixtures = {
    userId: '',
    keyId: '',
    tokenId: '',
    ruleId: '',
    alertId: '',
    rotaId: '',
    windowId: '',
    contactPointId: '',
    suiteId: '',
    sitrepId: '',
  };
  let suitesMade = 0;

  beforeAll(async () => {
    app = await startTestApp();
    const db = app.running.database.db;
    org = new OrgIndex(await new OrgRepository(db).loadDirectory());
    const users = new UserRepository(db);
    callers.push({ label: 'anonymous', principal: { kind: 'anonymous' }, headers: {}, socket: {} });
    for (const role of ROLES as readonly Role[]) {
      for (const scope of SCOPES_OF_GRANTS) {
        const label = `${role}@${scope.kind === 'all' ? 'all' : scope.id}`;
        const user = await users.create({
          email: `${label.replace('@', '.')}@matrix.example`,
          name: label,
          password: PASSWORD,
          grants: [{ role, scope }],
        });
        const response = await fetch(`${app.url}/api/v1/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: user.email, password: PASSWORD }),
        });
        const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
        const { csrfToken } = (await response.json()) as { csrfToken: string };
        callers.push({
          label,
          principal: { kind: 'user', user, sessionId: '', csrfToken },
          headers: { cookie, 'x-csrf-token': csrfToken },
          socket: { headers: { cookie } },
        });
      }
    }
    const keys = new ApiKeyRepository(db);
    for (const [label, trusts, can] of [
      ['key read RX4', ['RX4'], ['read']],
      ['key ingest RX4', ['RX4'], ['ingest']],
      ['key ingest+read RX3', ['RX3'], ['ingest', 'read']],
    ] as const) {
      const { record, key } = await keys.create({ name: label, trusts: [...trusts], can: [...can] });
      callers.push({
        label,
        principal: { kind: 'api-key', key: record },
        headers: { authorization: `Bearer ${key}` },
        socket: { token: key },
      });
    }
    const tokens = new DisplayTokenRepository(db);
    for (const scope of ['trust:RX4', 'collaborative:nenc', 'collaborative:prospect']) {
      const { record, token } = await tokens.create({ name: `screen ${scope}`, scope });
      callers.push({
        label: `display token ${scope}`,
        principal: { kind: 'display-token', token: record },
        headers: { authorization: `Bearer ${token}` },
        socket: { token },
      });
    }
    fixtures.userId = (await users.create({ email: 'target@matrix.example', name: 'Target', grants: [] })).id;
    fixtures.keyId = (await keys.create({ name: 'target key', trusts: ['RX4'], can: ['read'] })).record.id;
    fixtures.tokenId = (await tokens.create({ name: 'target screen', scope: 'trust:RX4' })).record.id;
    // Alerting records on trust RX4 for the routes that act on one.
    const alerting = app.running.alerting;
    fixtures.ruleId = await alerting.rules.create(matrixRule, 'system');
    fixtures.alertId = await db.transaction((tx) =>
      alerting.alerts.open(tx, fixtures.ruleId, 'trust:RX4', 'warning', 3, new Date()),
    );
    fixtures.rotaId = (await alerting.onCall.saveRota(undefined, matrixRota())).id;
    // An RX4 sitrep return with blanks: signing it is refused (422) for whoever may try, so it stays editable.
    const slot = sitrepSlot('adult', '2026-01-05', '10:00');
    await app.running.sitreps.scheduler.assembleReturn('RX4', slot);
    fixtures.sitrepId = sitrepId('RX4', slot.kind, slot.date, slot.time);
    fixtures.windowId = (await alerting.onCall.createWindow(matrixWindow, 'system')).id;
    fixtures.contactPointId = (
      await alerting.contactPoints.create(fixtures.userId, {
        kind: 'in-app',
        label: 'matrix',
        severities: ['critical'],
        settings: { sound: true, browserNotification: true },
      })
    ).id;
  });
  afterAll(() => app?.close());

  const matrixRota = () => ({
    name: 'Matrix rota',
    scope: 'trust:RX4',
    level: 1,
    handover: { weekday: 0, time: '09:00' },
    startsOn: '2026-01-05',
    members: [fixtures.userId],
    overrides: [],
  });

  /** A request that reaches the route's access check (valid enough), touching the rule's target. */
  /** Deleting removes the record: each caller deletes a fresh one, so refusals are not hidden by a 404. */
  async function freshFixture(rule: RouteRule): Promise<void> {
    if (rule.method !== 'DELETE') return;
    const alerting = app.running.alerting;
    if (rule.path.includes('/alert-rules/')) fixtures.ruleId = await alerting.rules.create(matrixRule, 'system');
    if (rule.path.includes('/rotas/')) fixtures.rotaId = (await alerting.onCall.saveRota(undefined, matrixRota())).id;
    if (rule.path.includes('/maintenance-windows/'))
      fixtures.windowId = (await alerting.onCall.createWindow(matrixWindow, 'system')).id;
    if (rule.path.includes('/s136-suites/')) {
      // Made through the API by the admin over everything, so the app's organisation knows it at once.
      const admin = callers.find((caller) => caller.label === 'admin@all')!;
      fixtures.suiteId = `RX4-136-M${++suitesMade}`;
      const made = await fetch(`${app.url}/api/v1/admin/org/s136-suites`, {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          id: fixtures.suiteId,
          trustOds: 'RX4',
          siteId: 'RX4-S1',
          name: 'Matrix suite',
          ageGroup: 'adult',
        }),
      });
      expect(made.status).toBe(201);
    }
  }

  function sample(rule: RouteRule): { path: string; body?: unknown } {
    const path = rule.path
      .replace(':scope', 'trust%3ARX4')
      .replace(':suiteId', 'RX4-136-1')
      .replace(':wardId', 'RX4-W01')
      .replace(':id', () => {
        if (rule.path.includes('/users/')) return fixtures.userId;
        if (rule.path.includes('/sitreps/')) return fixtures.sitrepId;
        if (rule.path.includes('/alert-rules/')) return fixtures.ruleId;
        if (rule.path.includes('/alerts/')) return fixtures.alertId;
        if (rule.path.includes('/rotas/')) return fixtures.rotaId;
        if (rule.path.includes('/maintenance-windows/')) return fixtures.windowId;
        if (rule.path.includes('/contact-points/')) return fixtures.contactPointId;
        if (rule.path.includes('/api-keys/')) return fixtures.keyId;
        if (rule.path.includes('/display-tokens/')) return fixtures.tokenId;
        // Each delete removes a fresh suite (freshFixture); changes act on a demo suite that stays.
        if (rule.path.includes('/s136-suites/')) return rule.method === 'DELETE' ? fixtures.suiteId : 'RX4-136-1';
        if (rule.path.includes('/sites/')) return 'RX4-S1';
        if (rule.path.includes('/Organization/')) return 'RX4';
        return 'RX4-W01';
      });
    const unique = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    switch (`${rule.method} ${rule.path}`) {
      case 'POST /api/v1/bed-states':
        return { path, body: bedState('RX4-W01') };
      case 'POST /api/v1/placements':
        return { path, body: placementEvent(`matrix-${unique}`, 'started') };
      case 'POST /api/v1/waiting-lists':
        return { path, body: waitingListSnapshot('RX4', 'cypmhs') };
      case 'POST /api/v1/video-consultations':
        return { path, body: videoDay('RX4', { '11': 1 }) };
      case 'POST /api/v1/referrals':
        return { path, body: referralDay('RX4') };
      case 'POST /api/v1/s136-suite-states':
        return { path, body: s136SuiteState('RX4-136-1') };
      case 'POST /api/v1/crisis-capacity':
        return { path, body: crisisCapacityReport('RX4-CR-1') };
      case 'POST /api/v1/wards/:wardId/bed-state':
        return { path, body: { occupied: 1, onLeave: 0, closed: 0, pendingAdmissions: 0, clinicallyReadyForDischarge: 0 } };
      case 'PUT /api/v1/s136-suites/:suiteId/state':
        return { path, body: { status: 'available' } };
      case 'POST /api/v1/discharge-delays':
        return {
          path,
          body: { eventId: `matrix-${unique}`, wardId: 'RX4-W01', observedAt: new Date().toISOString(), delays: [] },
        };
      case 'POST /api/v1/stays': {
        const at = new Date().toISOString();
        return {
          path,
          body: {
            eventId: `matrix-${unique}`,
            stayRef: `S${unique}`,
            wardId: 'RX4-W01',
            admittedAt: at,
            dischargedAt: null,
            recordedAt: at,
          },
        };
      }
      case 'PUT /api/v1/wards/:wardId/discharge-delays':
        return { path, body: { delays: [] } };
      case 'POST /api/v1/admin/org/s136-suites':
        return {
          path,
          body: {
            id: `RX4-136-N${unique}`.slice(0, 40),
            trustOds: 'RX4',
            siteId: 'RX4-S1',
            name: 'Matrix suite',
            ageGroup: 'cyp',
          },
        };
      case 'PATCH /api/v1/admin/org/s136-suites/:id':
        return { path, body: { commissioned: true } };
      case 'POST /api/v1/trust-figures':
        return {
          path,
          body: { eventId: `matrix-${unique}`, trustOds: 'RX4', observedAt: new Date().toISOString(), ...matrixFigures() },
        };
      case 'POST /api/v1/trusts/:ods/figures':
        return { path: path.replace(':ods', 'RX4'), body: matrixFigures() };
      case 'POST /api/v1/session':
        return { path, body: { email: 'nobody@matrix.example', password: 'wrong password' } };
      case 'POST /api/v1/session/one-time':
        return { path, body: { token: 'x'.repeat(43) } };
      case 'POST /api/v1/admin/users':
        return { path, body: { email: `new${unique}@matrix.example`, name: 'New', grants: [] } };
      case 'PUT /api/v1/admin/users/:id/grants':
        return { path, body: { grants: [] } };
      case 'POST /api/v1/admin/api-keys':
        return { path, body: { name: 'matrix', trusts: ['RX4'], can: ['read'] } };
      case 'POST /api/v1/admin/display-tokens':
        return { path, body: { name: 'matrix screen', scope: 'trust:RX4' } };
      case 'POST /api/v1/admin/org/sites':
        return { path, body: { id: `RX4-M${unique}`.slice(0, 30), trustOds: 'RX4', name: 'Matrix site' } };
      case 'PATCH /api/v1/admin/org/sites/:id':
        return { path, body: { name: 'Matrix renamed' } };
      case 'POST /api/v1/admin/org/wards':
        return {
          path,
          body: {
            id: `RX4-M${unique}`.slice(0, 30),
            trustOds: 'RX4',
            siteId: 'RX4-S1',
            name: 'Matrix ward',
            type: 'picu',
            sex: 'male',
            commissionedBeds: 10,
          },
        };
      case 'PATCH /api/v1/admin/org/wards/:id':
        return { path, body: { commissionedBeds: 20 } };
      // The HL7 routes name the demo feed, which belongs to RX4.
      case 'POST /api/v1/hl7/:feed':
      case 'DELETE /api/v1/admin/hl7/feeds/:feed/mappings/:id':
        return { path: path.replace(':feed', 'demo-rx4') };
      case 'POST /api/v1/admin/hl7/feeds/:feed/mappings':
        return { path: path.replace(':feed', 'demo-rx4'), body: { pointOfCare: `MATRIX${unique}`, wardId: 'RX4-W01' } };
      case 'POST /api/v1/admin/org/import':
        // A dry run of an empty organisation file: allowed callers get the diff, nothing changes.
        return { path: `${path}?dryRun=true`, body: {} };
      case 'POST /api/v1/admin/import':
        // No body: refused callers get 401/403 before it is read; allowed ones a 415 for the missing file.
        return { path: `${path}?kind=mhsds` };
      case 'POST /api/v1/alert-rules':
      case 'PUT /api/v1/alert-rules/:id':
        return {
          path,
          body: {
            name: `Matrix ${unique}`,
            scope: 'trust:RX4',
            condition: { kind: 'escalation-level', atLeast: 3 },
            severity: 'warning',
            pendingForSeconds: 0,
            keepFiringForSeconds: 0,
            enabled: false,
          },
        };
      case 'POST /api/v1/alerts/:id/silence':
        return { path, body: { untilRecovered: true } };
      case 'POST /api/v1/maintenance-windows':
        return {
          path,
          body: { scope: 'trust:RX4', from: '2026-02-01T00:00:00Z', to: '2026-02-01T01:00:00Z', reason: 'matrix' },
        };
      case 'POST /api/v1/rotas':
      case 'PUT /api/v1/rotas/:id':
        return {
          path,
          body: {
            name: 'Matrix rota',
            scope: 'trust:RX4',
            level: 2,
            handover: { weekday: 0, time: '09:00' },
            startsOn: '2026-01-05',
            members: [fixtures.userId],
            overrides: [],
          },
        };
      case 'POST /api/v1/admin/display-tokens/reload':
        return { path, body: {} };
      case 'PUT /api/v1/escalation-policies/:scope':
        return { path, body: { waitMinutes: 10, repeats: 2 } };
      case 'PUT /api/v1/on-call-screens/:scope':
        return { path, body: { showNames: false } };
      case 'GET /api/v1/people':
        return { path: `${path}?scope=trust:RX4` };
      case 'POST /api/v1/me/contact-points':
        return {
          path,
          body: { kind: 'email', label: 'matrix', severities: ['critical'], settings: { address: 'm@example.org' } },
        };
      case 'PATCH /api/v1/sitreps/:id':
        return { path, body: { figures: { closedEstates: 0 }, reason: 'matrix check' } };
      case 'POST /api/v1/sitreps/:id/sign':
        return { path, body: { name: 'Matrix Signer' } };
      case 'GET /api/v1/live':
        return { path: `${path}?scope=trust:RX4` };
      case 'GET /api/v1/flow':
        return { path: `${path}?scope=trust:RX4` };
      case 'GET /api/v1/trends':
        return { path: `${path}?metric=vacantBeds&scope=trust:RX4&from=2026-01-01&to=2026-01-31&grain=day` };
      default:
        return { path };
    }
  }

  function expectedAllowed(rule: RouteRule, caller: Caller): boolean {
    if (rule.access === 'public') return true;
    if (rule.access === 'signed-in') return caller.principal.kind === 'user';
    if (rule.access === 'display-token') return caller.principal.kind === 'display-token';
    return authorise(caller.principal, rule.access.ability, rule.access.target, org, { anonymousRead: true }).allowed;
  }

  it('has an access rule for every route the app serves', () => {
    const served = servedRoutes(app.running.app!);
    const ruled = new Set(ROUTE_RULES.map((rule) => `${rule.method} ${rule.path}`));
    expect(served.filter((route) => !ruled.has(route))).toEqual([]);
    expect([...ruled].filter((route) => !served.includes(route))).toEqual([]);
  });

  it('lets a socket subscribe to exactly the scopes its principal may read', async () => {
    // (Runs before the HTTP walk signs everyone out: vitest keeps the order of `it`s in a file.)
    const rw4 = org.wardsIn({ kind: 'trust', id: 'RW4' }) ?? [];
    const secureWard = rw4.find((ward) => ward.type === 'adult-secure-low' || ward.type === 'adult-secure-medium')!;
    const acuteWard = rw4.find((ward) => ward.type === 'adult-acute')!;
    const scopes = [
      'ward:RX4-W01',
      'site:RX4-S1',
      'trust:RX4',
      'trust:RX3',
      'trust:RW4',
      `ward:${secureWard.id}`,
      `ward:${acuteWard.id}`,
      'collaborative:nenc',
      'collaborative:prospect',
      'region:Y63',
      'region:Y62',
    ];
    const mismatches: string[] = [];
    for (const caller of callers) {
      const socket = connectLive(
        app.url,
        caller.socket.token,
        caller.socket.headers ? { extraHeaders: caller.socket.headers } : {},
      );
      try {
        await connected(socket);
        for (const scopeText of scopes) {
          const parsed = parseScope(scopeText);
          if (!parsed.ok) throw new Error(scopeText);
          const allowed = mayReadScope(caller.principal, parsed.scope, org, { anonymousRead: true }).allowed;
          const ack = await subscribe(socket, scopeText);
          if (ack.ok !== allowed)
            mismatches.push(`${scopeText} as ${caller.label}: expected ${allowed}, got ${JSON.stringify(ack).slice(0, 80)}`);
        }
      } finally {
        socket.disconnect();
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('enforces each route’s rule for every principal', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    // Signing out ends the callers' sessions: it goes last.
    const signOutLast = [...ROUTE_RULES].sort(
      (a, b) =>
        Number(a.method === 'DELETE' && a.path === '/api/v1/session') -
        Number(b.method === 'DELETE' && b.path === '/api/v1/session'),
    );
    for (const rule of signOutLast) {
      for (const caller of callers) {
        await freshFixture(rule);
        const request = sample(rule);
        const response = await fetch(`${app.url}${request.path}`, {
          method: rule.method,
          headers: { ...caller.headers, ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        });
        await response.arrayBuffer();
        const refused = response.status === 401 || response.status === 403;
        const allowed = expectedAllowed(rule, caller);
        // Public routes may still refuse for their own reasons (a wrong password is 401).
        if (rule.access === 'public' ? refused && response.status === 403 : allowed === refused) {
          mismatches.push(
            `${rule.method} ${rule.path} as ${caller.label}: expected ${allowed ? 'allowed' : 'refused'}, got ${response.status}`,
          );
        }
        checked++;
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(ROUTE_RULES.length * callers.length);
    // Every route × some forty principals, one request each: longer than the project's default.
  }, 180_000);
});
