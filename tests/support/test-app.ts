/**
 * Starts a real WardPulse (server + workers) in the test process against the real Redis and a
 * fresh database of its own — PGlite in a temporary folder, or a new database on the real
 * PostgreSQL server — with a key prefix of its own, so test files never see each other's data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import {
  DEFAULT_ESCALATION_RULE,
  DEFAULT_FRESHNESS_LIMITS,
  addDays,
  londonDateOf,
  londonMidnight,
  type EscalationRule,
  type SitrepSchedule,
} from '@wardpulse/shared';
import { ApiKeyRepository, type KeyAbility } from '../../server/src/auth/api-keys.js';
import type { AlertingSettings, Config, FreshnessSettings, Role } from '../../server/src/config.js';
import type { OidcSettings } from '../../server/src/auth/oidc.js';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from '../../server/src/http/rate-limits.js';
import { embeddedPaths } from '../../server/src/infra/database.js';
import { startWardPulse, type RunningWardPulse } from '../../server/src/runtime.js';
import type { Hl7Settings } from '../../server/src/hl7/hl7-feeds.js';
import type { Logger } from '@wardpulse/jobs';
import { createDatabaseOn } from './postgres-server.js';

export type Engine = 'pglite' | 'postgres';

/** The engines storage tests run against here: PGlite always, PostgreSQL where reachable. */
export function engines(): Engine[] {
  return inject('postgresAdminUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

export const projectRoot = resolve(import.meta.dirname, '../..');

/** A database of its own on the real PostgreSQL server, dropped by the returned function. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  return createDatabaseOn(inject('postgresAdminUrl'), 'wp_test');
}

export interface TestAppOptions {
  engine?: Engine;
  role?: Role;
  /** Share another app's Redis prefix and database (a second replica). */
  shareWith?: TestApp;
  web?: boolean;
  simulator?: boolean;
  demo?: boolean;
  escalationRule?: EscalationRule;
  /** Two years of synthetic history (off unless a test needs it: it takes seconds). */
  demoHistory?: boolean;
  rateLimits?: RateLimitSettings;
  /** OpenID Connect sign-in (tests/support/oidc-provider.ts starts a provider for it). */
  oidc?: OidcSettings;
  /** Alerting: SMTP server, schedule interval (tests of escalation drive the clock themselves). */
  alerting?: Partial<AlertingSettings>;
  /** Links in notifications. */
  publicUrl?: string;
  /** WARDPULSE_ALLOWED_HOSTS: Host names answered (and links built from); empty answers any. */
  allowedHosts?: string[];
  /** WARDPULSE_METRICS_TOKEN: /metrics behind a bearer token. */
  metricsToken?: string;
  /** The demo alert rules, rotas and contact points (`npm start` has them). */
  demoAlerts?: boolean;
  /** Use this Redis instead of the shared one (a test that stops and starts its own). */
  redisUrl?: string;
  /** How often (and after how long) logged but unapplied events are enqueued again. */
  outboxSweepMs?: number;
  /** Use this PostgreSQL database (made and dropped by the caller), e.g. through a proxy a test can cut. */
  databaseUrl?: string;
  /** HL7 feeds and MLLP ports (default: the demo feed over HTTP only). */
  hl7?: Hl7Settings;
  /** London times sitrep returns fall due (default: the shipped ones). */
  sitrepSchedule?: SitrepSchedule;
  /** Run the sitrep schedule's repeatable job this often (off unless given). */
  sitrepIntervalMs?: number;
  /** The demo sitrep returns (`npm start` has them). */
  demoSitreps?: boolean;
  /** Not-reporting limits (default: the shipped 12 h) and how often the jobs role looks for wards passing them. */
  freshness?: Partial<FreshnessSettings>;
  /** Log here instead of the default logger (a test that reads every log line). */
  logger?: Logger;
}

export interface TestApp {
  url: string;
  running: RunningWardPulse;
  keyPrefix: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Creates an API key straight in the database (what the CLI does). */
  createKey(trusts: string[], can?: KeyAbility[]): Promise<string>;
  /** `keepData`: leave the database and data folder for a later start (`shareWith`), then `discard` them. */
  close(options?: { keepData?: boolean }): Promise<void>;
  /** Drops what `close({ keepData: true })` left. */
  discard(): Promise<void>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const engine = options.engine ?? 'pglite';
  const dataDir = options.shareWith?.dataDir ?? mkdtempSync(join(tmpdir(), 'wardpulse-test-'));
  const database = options.shareWith || options.databaseUrl || engine === 'pglite' ? undefined : await createPostgresDatabase();
  const databaseUrl = options.shareWith?.databaseUrl ?? options.databaseUrl ?? database?.url;
  // A copy of an initialised cluster, so the app skips initdb (see global-setup.ts).
  if (!databaseUrl && !options.shareWith) cpSync(inject('pgliteTemplateDir'), embeddedPaths(dataDir).pg, { recursive: true });
  const keyPrefix = options.shareWith?.keyPrefix ?? `t${randomBytes(5).toString('hex')}`;
  const config: Config = {
    role: options.role ?? 'all',
    host: '127.0.0.1',
    port: 0,
    dataDir,
    redisUrl: options.redisUrl ?? inject('redisUrl'),
    databaseUrl,
    managedRedisPort: undefined,
    keyPrefix,
    demo: options.demo ?? true,
    simulator: options.simulator ?? false,
    simulatorIntervalMs: 1000,
    ingestConcurrency: 8,
    jobLockMs: 30_000,
    outboxSweepMs: options.outboxSweepMs ?? 30_000,
    trustProxy: 'loopback',
    allowedOrigins: [],
    webBuildDir: options.web ? join(projectRoot, 'web/build') : join(dataDir, 'no-web-build'),
    logLevel: process.env.WARDPULSE_TEST_LOG_LEVEL ?? 'silent',
    escalationRule: options.escalationRule ?? DEFAULT_ESCALATION_RULE,
    // Trends tests see today's roll-ups within a second or two.
    historyRollupIntervalMs: 1000,
    demoHistory: options.demoHistory ?? false,
    demoHistoryDays: 730,
    retention: { rawDays: 730, hourlyDays: 93, rollupYears: 15 },
    // Tests send thousands of requests with one key (fuzzing); the limits themselves are tested with their own settings.
    adminEmail: undefined,
    adminPassword: undefined,
    rateLimits: options.rateLimits ?? { ...DEFAULT_RATE_LIMITS, signInPerAddress: 1000, ingestPerKeyPerMinute: 1_000_000 },
    oidc: options.oidc,
    publicUrl: options.publicUrl,
    allowedHosts: options.allowedHosts ?? [],
    metricsToken: options.metricsToken,
    // The alerting tests make their own rules; demo ones would page the demo people.
    demoAlerts: options.demoAlerts ?? false,
    alerting: {
      tickIntervalMs: 1000,
      smtpUrl: undefined,
      smtpFrom: 'WardPulse test <wardpulse@test.example>',
      vapid: undefined,
      vapidSubject: 'mailto:wardpulse@test.example',
      // The tests' SMTP, webhook and push receivers are on loopback.
      allowPrivateNetworks: true,
      ...options.alerting,
    },
    hl7: options.hl7,
    // Wards passing their limit are noticed within a second (the shipped interval is 30 s).
    freshness: { limits: DEFAULT_FRESHNESS_LIMITS, intervalMs: 1000, ...options.freshness },
    // Tests drive the sitrep schedule's clock themselves unless they ask for the repeatable job.
    sitrep: {
      schedule: options.sitrepSchedule ?? { adult: ['10:00', '14:00', '18:00'], camhs: ['10:00', '17:00'] },
      intervalMs: options.sitrepIntervalMs ?? 0,
      demo: options.demoSitreps ?? false,
    },
  };
  const running = await startWardPulse(config, options.logger ? { logger: options.logger } : {});
  const discard = async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    url: running.url ?? '',
    running,
    keyPrefix,
    databaseUrl,
    dataDir,
    createKey: async (trusts, can = ['ingest', 'read']) =>
      (await new ApiKeyRepository(running.database.db).create({ name: 'test', trusts, can })).key,
    close: async ({ keepData = false } = {}) => {
      await running.close();
      if (!options.shareWith && !keepData) await discard();
    },
    discard,
  };
}

let eventCounter = 0;

/** A valid bed state for a demo ward, with overrides; unique event id each call. */
export function bedState(wardId: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: `test-${randomBytes(8).toString('hex')}-${++eventCounter}`,
    wardId,
    observedAt: new Date().toISOString(),
    commissioned: 20,
    closed: 2,
    closedReason: 'staffing',
    occupied: 16,
    onLeave: 2,
    pendingAdmissions: 1,
    clinicallyReadyForDischarge: 3,
    ...overrides,
  };
}

/**
 * 01:00 London time `days` London dates before today, never later than a second ago: no clock change
 * moves the date at 01:00, so the nights between two of these are their day counts (0: today).
 */
export function londonDaysAgo(days: number, now = Date.now()): string {
  return new Date(Math.min(now - 1000, londonMidnight(addDays(londonDateOf(now), -days)) + 3_600_000)).toISOString();
}

/** An anonymous stay admitted and (unless null) discharged that many London days ago; unique event id. */
export function stayEvent(wardId: string, stayRef: string, admittedDaysAgo: number, dischargedDaysAgo: number | null) {
  return {
    eventId: `stay-${randomBytes(8).toString('hex')}-${++eventCounter}`,
    stayRef,
    wardId,
    admittedAt: londonDaysAgo(admittedDaysAgo),
    dischargedAt: dischargedDaysAgo === null ? null : londonDaysAgo(dischargedDaysAgo),
    recordedAt: new Date(Date.now() - 1000).toISOString(),
  };
}

/** A valid Section 136 suite state (occupied an hour ago unless overridden), unique event id each call. */
export function s136SuiteState(suiteId: string, overrides: Record<string, unknown> = {}) {
  const status = (overrides.status as string | undefined) ?? 'occupied';
  return {
    eventId: `test-${randomBytes(8).toString('hex')}-${++eventCounter}`,
    suiteId,
    observedAt: new Date().toISOString(),
    status,
    ...(status === 'occupied' ? { since: new Date(Date.now() - 3_600_000).toISOString() } : {}),
    ...(status === 'closed' ? { closedReason: 'staffing' } : {}),
    ...overrides,
  };
}

/** A valid crisis capacity report (3 of 6 in use, none closed, observed now), with overrides; unique event id each call. */
export function crisisCapacityReport(serviceId: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: `test-${randomBytes(8).toString('hex')}-${++eventCounter}`,
    serviceId,
    observedAt: new Date().toISOString(),
    capacity: 6,
    inUse: 3,
    closed: 0,
    ...overrides,
  };
}

/** A valid out-of-area placement event, with overrides; unique event id each call. */
export function placementEvent(
  placementId: string,
  event: 'started' | 'updated' | 'ended',
  overrides: Record<string, unknown> = {},
) {
  return {
    eventId: `test-${randomBytes(8).toString('hex')}-${++eventCounter}`,
    placementId,
    sendingTrust: 'RX4',
    event,
    occurredAt: new Date().toISOString(),
    ...(event === 'ended'
      ? {}
      : {
          details: {
            bedType: 'adult-acute',
            appropriate: false,
            reason: 'no-bed-available',
            receivingProvider: { name: 'Priory Hospital Cheadle Royal', sector: 'independent' },
            distanceKm: 180,
            dailyCost: 750,
          },
        }),
    ...overrides,
  };
}

/** A valid waiting-list snapshot (bands add up to waiting), with overrides. */
export function waitingListSnapshot(trustOds: string, service: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: `test-${randomBytes(8).toString('hex')}-${++eventCounter}`,
    trustOds,
    service,
    asOf: new Date().toISOString(),
    periodStart: `${londonDateOf(Date.now()).slice(0, 8)}01`,
    periodEnd: londonDateOf(Date.now()),
    waiting: 100,
    bands: { under2: 20, from2to4: 20, from4to6: 15, from6to18: 25, from18to52: 12, from52to78: 5, from78to104: 2, over104: 1 },
    medianWeeks: 5,
    p90Weeks: 40,
    referralsReceived: 60,
    referralsClosed: 55,
    standards: service === 'talking-therapies' ? [{ standard: '6-weeks', started: 100, startedWithin: 80 }] : [],
    ...overrides,
  };
}

/** A valid day of contact counts for a trust (today, London), with overrides. */
export function videoDay(trustOds: string, counts: Record<string, number>, overrides: Record<string, unknown> = {}) {
  return {
    eventId: `test-${randomBytes(8).toString('hex')}-${++eventCounter}`,
    trustOds,
    date: londonDateOf(Date.now()),
    observedAt: new Date().toISOString(),
    counts,
    ...overrides,
  };
}

export async function postJson(url: string, body: unknown, key?: string, init: RequestInit = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
  return { status: response.status, headers: response.headers, body: (await response.json().catch(() => undefined)) as any };
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((wait) => setTimeout(wait, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
}

export interface RoleProcess {
  child: ChildProcess;
  output: () => string;
}

/**
 * `node server/dist/main.js --role=<role>` beside a test app, sharing its Redis prefix and its
 * PostgreSQL database (the app must use PostgreSQL: PGlite has one owner process). Simulator, demo
 * history and demo alerts off; `env` adds or overrides settings. Needs the build.
 */
export function startRoleProcess(app: TestApp, role: 'jobs' | 'server', env: Record<string, string> = {}): RoleProcess {
  const child = spawn(process.execPath, [join(projectRoot, 'server/dist/main.js'), `--role=${role}`], {
    env: {
      ...process.env,
      REDIS_URL: inject('redisUrl'),
      DATABASE_URL: app.databaseUrl,
      WARDPULSE_KEY_PREFIX: app.keyPrefix,
      WARDPULSE_SIMULATOR: 'off',
      WARDPULSE_DEMO_HISTORY: 'off',
      WARDPULSE_DEMO_ALERTS: 'off',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/**
 * A valid day of referrals for a trust (today, London, single point of access): 52 received, 30
 * accepted, 12 declined, 10 pending, with overrides.
 */
export function referralDay(trustOds: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: `test-${randomBytes(8).toString('hex')}-${++eventCounter}`,
    trustOds,
    date: londonDateOf(Date.now()),
    service: 'single-point-of-access',
    observedAt: new Date().toISOString(),
    received: 52,
    accepted: 30,
    declined: 12,
    pending: 10,
    bySource: { A1: 31, B1: 9, E1: 3, H1: 2 },
    ...overrides,
  };
}
