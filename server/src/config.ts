/**
 * Configuration from the environment and command line, read once at start. Names are part of
 * the fixed interface (issue #2): PORT, WARDPULSE_DATA_DIR, REDIS_URL, DATABASE_URL,
 * WARDPULSE_SIMULATOR=off, WARDPULSE_DEMO=off, --role=server|jobs|all.
 */
import { resolve } from 'node:path';
import {
  DEFAULT_ESCALATION_RULE,
  DEFAULT_SITREP_TIMES,
  escalationRuleSchema,
  SITREP_KINDS,
  sitrepScheduleSchema,
  type EscalationRule,
  type FreshnessLimits,
  type SitrepKind,
  type PrivateNetworkAllowance,
  type SitrepSchedule,
} from '@wardpulse/shared';
import { DEFAULT_RETENTION, parseNetwork, type RetentionSettings } from '@wardpulse/jobs';
import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './http/rate-limits.js';
import { OIDC_LINK_BY_EMAIL, readOidcSettings, readPublicUrl, type OidcSettings } from './auth/oidc.js';
import { readFreshnessLimits } from './freshness-settings.js';
import { readJsonSetting } from './json-setting.js';
import { readAllowedHosts } from './http/public-origin.js';
import {
  DEFAULT_HL7_IDLE_TIMEOUT_MS,
  DEFAULT_HL7_MAX_MESSAGE_BYTES,
  DEMO_HL7_FEED,
  readHl7FeedsFile,
  type Hl7Settings,
} from './hl7/hl7-feeds.js';

export const ROLES = ['all', 'server', 'jobs'] as const;
export type Role = (typeof ROLES)[number];

export interface Config {
  role: Role;
  host: string;
  port: number;
  dataDir: string;
  redisUrl: string | undefined;
  databaseUrl: string | undefined;
  /** Port for the managed redis-server child; a free one when unset. */
  managedRedisPort: number | undefined;
  /** Prefix of every Redis key, so deployments (and test runs) can share a Redis. */
  keyPrefix: string;
  demo: boolean;
  simulator: boolean;
  simulatorIntervalMs: number;
  ingestConcurrency: number;
  /** WARDPULSE_JOB_LOCK_MS: a dead worker's jobs go to another worker after about this long. */
  jobLockMs: number;
  /** WARDPULSE_TRUST_PROXY: proxies whose X-Forwarded-* headers are believed (Express "trust proxy"). */
  trustProxy: string;
  /** WARDPULSE_OUTBOX_SWEEP_MS: how often, and after how long, logged but unapplied events are enqueued again. */
  outboxSweepMs: number;
  /** Extra origins allowed to open WebSockets (the app's own origin always is). */
  allowedOrigins: string[];
  /** Built SvelteKit handler; the API alone runs when it is missing. */
  webBuildDir: string;
  logLevel: string;
  /** The OPEL rule: WARDPULSE_ESCALATION_RULE (a JSON file) or the shipped default. */
  escalationRule: EscalationRule;
  /** Backfill two years of synthetic history on a fresh demo install (WARDPULSE_DEMO_HISTORY, default on in demo mode). */
  demoHistory: boolean;
  /** Days of demo history (WARDPULSE_DEMO_HISTORY_DAYS, default 730; the bench uses three years). */
  demoHistoryDays: number;
  retention: RetentionSettings;
  /** How often the history roll-up job runs (ms). */
  historyRollupIntervalMs: number;
  rateLimits: RateLimitSettings;
  /** First admin (created once when set and unknown); without a password a one-time sign-in link is printed. */
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** OpenID Connect sign-in (NHS CIS2, Entra ID); off when unset. */
  oidc?: OidcSettings | undefined;
  /** WARDPULSE_PUBLIC_URL: the address people reach WardPulse at (base of wall links and the OIDC redirect URI). */
  publicUrl?: string | undefined;
  /**
   * WARDPULSE_ALLOWED_HOSTS: the Host names this server answers for (others get 421), and may build
   * links from when WARDPULSE_PUBLIC_URL is unset. Empty: any Host is answered (http/public-origin.ts).
   */
  allowedHosts: string[];
  /** WARDPULSE_METRICS_TOKEN: when set, /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
  alerting: AlertingSettings;
  /** Demo alert rules, rotas and contact points on a fresh demo install (WARDPULSE_DEMO_ALERTS, default on in demo mode). */
  demoAlerts: boolean;
  /**
   * HL7 v2 feeds (WARDPULSE_HL7_FEEDS, WARDPULSE_HL7_MLLP_PORT; docs/hl7.md). Unset: the demo feed in
   * demo mode (HTTP only), none otherwise.
   */
  hl7?: Hl7Settings | undefined;
  sitrep: SitrepSettings;
  freshness: FreshnessSettings;
}

export interface FreshnessSettings {
  /** WARDPULSE_NOT_REPORTING_AFTER and …_BY_TYPE: past these a ward is not reporting (shared/src/freshness.ts). */
  limits: FreshnessLimits;
  /** WARDPULSE_FRESHNESS_INTERVAL_MS: how often the jobs role looks for wards that have just passed their limit. */
  intervalMs: number;
}

export interface SitrepSettings {
  /** WARDPULSE_SITREP_TIMES: London times each return falls due. */
  schedule: SitrepSchedule;
  /** WARDPULSE_SITREP_INTERVAL_MS: how often the jobs role looks for returns due; 0 runs no schedule here. */
  intervalMs: number;
  /** WARDPULSE_DEMO_SITREPS: demo returns, signed and unsigned, on a fresh demo install (default on in demo mode). */
  demo: boolean;
}

export interface AlertingSettings {
  /** WARDPULSE_ALERT_INTERVAL_MS: every rule is evaluated and escalations advanced this often. */
  tickIntervalMs: number;
  /** WARDPULSE_SMTP_URL (smtp:// or smtps://, credentials in the URL); email is off without it. */
  smtpUrl: string | undefined;
  /** WARDPULSE_SMTP_FROM. */
  smtpFrom: string;
  /** WARDPULSE_VAPID_PUBLIC_KEY/PRIVATE_KEY: generated once and stored when unset. */
  vapid: { publicKey: string; privateKey: string } | undefined;
  /** WARDPULSE_VAPID_SUBJECT: a mailto: or https: contact for push services. */
  vapidSubject: string;
  /** WARDPULSE_DELIVERY_ALLOW_PRIVATE: the private and loopback addresses webhooks and push may reach (all, none or these networks). */
  allowPrivateNetworks: PrivateNetworkAllowance;
}

const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'], { message: 'must be on or off' })
  .transform((value) => ['on', 'true', '1'].includes(value));

/**
 * on, off, or the only private networks deliveries may reach: `10.20.30.40,fd00:1::/64` (one
 * relay rather than the whole internal network).
 */
const networkAllowance = z.string().transform((text, context): PrivateNetworkAllowance => {
  const word = text.trim().toLowerCase();
  if (['on', 'true', '1'].includes(word)) return true;
  if (['off', 'false', '0'].includes(word)) return false;
  const networks = text.split(',').map((part) => part.trim());
  const bad = networks.filter((network) => !parseNetwork(network));
  if (bad.length > 0) {
    context.addIssue({
      code: 'custom',
      message: `must be on, off or addresses and networks separated by commas (10.20.30.40,10.30.0.0/16); not ${bad.map((part) => JSON.stringify(part)).join(', ')}`,
    });
    return z.NEVER;
  }
  return networks;
});

/** Decimal digits only: `0x50` or `1e3` are typos, not ports. */
const portNumber = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number')
  .transform(Number)
  .refine((port) => port <= 65535, 'must be at most 65535');

const envSchema = z.object({
  PORT: portNumber.default(3000),
  HOST: z.string().default('0.0.0.0'),
  WARDPULSE_DATA_DIR: z.string().default('./data'),
  REDIS_URL: z.url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  WARDPULSE_REDIS_PORT: portNumber.refine((port) => port > 0, 'must not be 0').optional(),
  WARDPULSE_KEY_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,32}$/)
    .default('wp'),
  WARDPULSE_DEMO: onOff.default(true),
  WARDPULSE_SIMULATOR: onOff.default(true),
  WARDPULSE_SIMULATOR_INTERVAL_MS: z.coerce.number().int().min(200).default(5000),
  WARDPULSE_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  WARDPULSE_ALLOWED_ORIGINS: z.string().default(''),
  WARDPULSE_WEB_BUILD: z.string().optional(),
  WARDPULSE_ESCALATION_RULE: z.string().optional(),
  WARDPULSE_DEMO_HISTORY: onOff.default(true),
  WARDPULSE_RETAIN_RAW_DAYS: z.coerce.number().int().min(1).default(DEFAULT_RETENTION.rawDays),
  WARDPULSE_RETAIN_HOURLY_DAYS: z.coerce.number().int().min(1).default(DEFAULT_RETENTION.hourlyDays),
  WARDPULSE_RETAIN_ROLLUP_YEARS: z.coerce.number().int().min(1).default(DEFAULT_RETENTION.rollupYears),
  WARDPULSE_DEMO_HISTORY_DAYS: z.coerce.number().int().min(1).max(3660).default(730),
  WARDPULSE_HISTORY_ROLLUP_INTERVAL_MS: z.coerce.number().int().min(500).default(60_000),
  WARDPULSE_ADMIN_EMAIL: z.email('must be an email address').optional(),
  WARDPULSE_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  WARDPULSE_INGEST_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.ingestPerKeyPerMinute),
  WARDPULSE_SIGN_IN_ATTEMPTS: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.signInPerAccount),
  WARDPULSE_OIDC_ISSUER: z.string().optional(),
  WARDPULSE_OIDC_CLIENT_ID: z.string().optional(),
  WARDPULSE_OIDC_CLIENT_SECRET: z.string().optional(),
  WARDPULSE_OIDC_NAME: z.string().optional(),
  WARDPULSE_OIDC_SCOPES: z.string().optional(),
  WARDPULSE_OIDC_EMAIL_CLAIM: z.string().optional(),
  WARDPULSE_OIDC_ALLOW_HTTP: onOff.default(false),
  WARDPULSE_OIDC_LINK_BY_EMAIL: z.enum(OIDC_LINK_BY_EMAIL, { message: `must be ${OIDC_LINK_BY_EMAIL.join(' or ')}` }).optional(),
  WARDPULSE_OIDC_REQUIRE_EMAIL_VERIFIED: onOff.optional(),
  WARDPULSE_PUBLIC_URL: z.string().optional(),
  WARDPULSE_ALLOWED_HOSTS: z.string().optional(),
  WARDPULSE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (a random secret)').optional(),
  WARDPULSE_DEMO_ALERTS: onOff.default(true),
  WARDPULSE_TRUST_PROXY: z.string().default('loopback'),
  WARDPULSE_OUTBOX_SWEEP_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  WARDPULSE_JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  WARDPULSE_DELIVERY_ALLOW_PRIVATE: networkAllowance.default(false),
  WARDPULSE_ALERT_INTERVAL_MS: z.coerce.number().int().min(200).default(15_000),
  WARDPULSE_SMTP_URL: z.url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// URL' }).optional(),
  WARDPULSE_SMTP_FROM: z.string().default('WardPulse <wardpulse@localhost>'),
  WARDPULSE_VAPID_PUBLIC_KEY: z.string().optional(),
  WARDPULSE_VAPID_PRIVATE_KEY: z.string().optional(),
  WARDPULSE_VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:)/, 'must be a mailto: or https: address')
    .default('mailto:wardpulse@localhost'),
  WARDPULSE_HL7_FEEDS: z.string().optional(),
  WARDPULSE_HL7_MLLP_PORT: portNumber.optional(),
  WARDPULSE_HL7_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(DEFAULT_HL7_MAX_MESSAGE_BYTES),
  WARDPULSE_HL7_IDLE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(24 * 3_600_000)
    .default(DEFAULT_HL7_IDLE_TIMEOUT_MS),
  WARDPULSE_SITREP_TIMES: z.string().optional(),
  WARDPULSE_SITREP_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  WARDPULSE_DEMO_SITREPS: onOff.default(true),
  WARDPULSE_NOT_REPORTING_AFTER: z.string().optional(),
  WARDPULSE_NOT_REPORTING_AFTER_BY_TYPE: z.string().optional(),
  WARDPULSE_FRESHNESS_INTERVAL_MS: z.coerce.number().int().min(200).max(3_600_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[], projectRoot: string): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim() !== '')));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
  }
  const roleArg = argv.find((arg) => arg.startsWith('--role='))?.slice('--role='.length) ?? 'all';
  if (!ROLES.includes(roleArg as Role)) throw new ConfigError(`--role must be one of ${ROLES.join(', ')} (got "${roleArg}")`);
  const role = roleArg as Role;
  const e = parsed.data;
  if (role !== 'all' && (!e.REDIS_URL || !e.DATABASE_URL)) {
    // Embedded Redis and PGlite belong to one process; separate roles need shared servers.
    throw new ConfigError(`--role=${role} runs beside other processes, so it needs REDIS_URL and DATABASE_URL`);
  }
  let oidc: OidcSettings | undefined;
  let publicUrl: string | undefined;
  let allowedHosts: string[];
  let hl7: Hl7Settings;
  let sitrepSchedule: SitrepSchedule;
  let freshnessLimits: FreshnessLimits;
  try {
    sitrepSchedule = parseSitrepTimes(e.WARDPULSE_SITREP_TIMES);
    freshnessLimits = readFreshnessLimits(e, (message) => new ConfigError(message));
    oidc = readOidcSettings(e);
    publicUrl = readPublicUrl(e.WARDPULSE_PUBLIC_URL);
    allowedHosts = readAllowedHosts(e.WARDPULSE_ALLOWED_HOSTS);
    if (!e.WARDPULSE_DEMO && !publicUrl && allowedHosts.length === 0) {
      // Links carry display tokens and OIDC codes: built from a request's Host, they go where the sender says.
      throw new Error(
        'WARDPULSE_PUBLIC_URL: required with WARDPULSE_DEMO=off — the address people reach WardPulse at, e.g. ' +
          'https://wardpulse.example.nhs.uk (wall links and the OIDC redirect URI are built from it, not from the Host header); ' +
          'or list the host names this server answers for in WARDPULSE_ALLOWED_HOSTS',
      );
    }
    hl7 = {
      feeds: e.WARDPULSE_HL7_FEEDS
        ? readHl7FeedsFile(resolve(projectRoot, e.WARDPULSE_HL7_FEEDS))
        : e.WARDPULSE_DEMO
          ? [DEMO_HL7_FEED]
          : [],
      mllpPort: e.WARDPULSE_HL7_MLLP_PORT,
      maxMessageBytes: e.WARDPULSE_HL7_MAX_MESSAGE_BYTES,
      idleTimeoutMs: e.WARDPULSE_HL7_IDLE_TIMEOUT_MS,
    };
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return {
    role,
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(projectRoot, e.WARDPULSE_DATA_DIR),
    redisUrl: e.REDIS_URL,
    databaseUrl: e.DATABASE_URL,
    managedRedisPort: e.WARDPULSE_REDIS_PORT,
    keyPrefix: e.WARDPULSE_KEY_PREFIX,
    demo: e.WARDPULSE_DEMO,
    simulator: e.WARDPULSE_SIMULATOR && e.WARDPULSE_DEMO,
    simulatorIntervalMs: e.WARDPULSE_SIMULATOR_INTERVAL_MS,
    ingestConcurrency: e.WARDPULSE_INGEST_CONCURRENCY,
    jobLockMs: e.WARDPULSE_JOB_LOCK_MS,
    outboxSweepMs: e.WARDPULSE_OUTBOX_SWEEP_MS,
    trustProxy: e.WARDPULSE_TRUST_PROXY,
    allowedOrigins: e.WARDPULSE_ALLOWED_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    webBuildDir: resolve(projectRoot, e.WARDPULSE_WEB_BUILD ?? 'web/build'),
    logLevel: e.LOG_LEVEL,
    historyRollupIntervalMs: e.WARDPULSE_HISTORY_ROLLUP_INTERVAL_MS,
    demoHistory: e.WARDPULSE_DEMO && e.WARDPULSE_DEMO_HISTORY,
    retention: {
      rawDays: e.WARDPULSE_RETAIN_RAW_DAYS,
      hourlyDays: e.WARDPULSE_RETAIN_HOURLY_DAYS,
      rollupYears: e.WARDPULSE_RETAIN_ROLLUP_YEARS,
    },
    demoHistoryDays: e.WARDPULSE_DEMO_HISTORY_DAYS,
    escalationRule: e.WARDPULSE_ESCALATION_RULE
      ? loadEscalationRule(resolve(projectRoot, e.WARDPULSE_ESCALATION_RULE))
      : DEFAULT_ESCALATION_RULE,
    adminEmail: e.WARDPULSE_ADMIN_EMAIL,
    adminPassword: e.WARDPULSE_ADMIN_PASSWORD,
    oidc,
    publicUrl,
    allowedHosts,
    metricsToken: e.WARDPULSE_METRICS_TOKEN,
    demoAlerts: e.WARDPULSE_DEMO && e.WARDPULSE_DEMO_ALERTS,
    hl7,
    sitrep: {
      schedule: sitrepSchedule,
      intervalMs: e.WARDPULSE_SITREP_INTERVAL_MS,
      demo: e.WARDPULSE_DEMO && e.WARDPULSE_DEMO_SITREPS,
    },
    freshness: { limits: freshnessLimits, intervalMs: e.WARDPULSE_FRESHNESS_INTERVAL_MS },
    alerting: {
      tickIntervalMs: e.WARDPULSE_ALERT_INTERVAL_MS,
      smtpUrl: e.WARDPULSE_SMTP_URL,
      smtpFrom: e.WARDPULSE_SMTP_FROM,
      vapid:
        e.WARDPULSE_VAPID_PUBLIC_KEY && e.WARDPULSE_VAPID_PRIVATE_KEY
          ? { publicKey: e.WARDPULSE_VAPID_PUBLIC_KEY, privateKey: e.WARDPULSE_VAPID_PRIVATE_KEY }
          : undefined,
      vapidSubject: e.WARDPULSE_VAPID_SUBJECT,
      allowPrivateNetworks: e.WARDPULSE_DELIVERY_ALLOW_PRIVATE,
    },
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      ingestPerKeyPerMinute: e.WARDPULSE_INGEST_RATE_PER_MINUTE,
      signInPerAccount: e.WARDPULSE_SIGN_IN_ATTEMPTS,
    },
  };
}

/** Reads and checks an escalation rule file; a bad rule stops the start with the reason. */
export function loadEscalationRule(path: string): EscalationRule {
  return readJsonSetting('WARDPULSE_ESCALATION_RULE', path, escalationRuleSchema, 'rule', (message) => new ConfigError(message));
}

/**
 * WARDPULSE_SITREP_TIMES: `adult=10:00,14:00,18:00;camhs=10:00,17:00`. A kind left out keeps its
 * default times; `camhs=` (no times) makes no CAMHS returns.
 */
export function parseSitrepTimes(text: string | undefined): SitrepSchedule {
  const schedule: Record<SitrepKind, string[]> = {
    adult: [...DEFAULT_SITREP_TIMES.adult],
    camhs: [...DEFAULT_SITREP_TIMES.camhs],
  };
  if (text === undefined) return schedule;
  for (const part of text
    .split(';')
    .map((piece) => piece.trim())
    .filter(Boolean)) {
    const [kind, times = '', ...rest] = part.split('=').map((piece) => piece.trim());
    if (rest.length > 0 || !SITREP_KINDS.includes(kind as SitrepKind)) {
      throw new ConfigError(
        `WARDPULSE_SITREP_TIMES: "${part}" must be ${SITREP_KINDS.map((name) => `${name}=HH:MM,…`).join(' or ')}`,
      );
    }
    schedule[kind as SitrepKind] = times
      .split(',')
      .map((time) => time.trim())
      .filter(Boolean);
  }
  const parsed = sitrepScheduleSchema.safeParse(schedule);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`WARDPULSE_SITREP_TIMES: ${issue.path.join('[')}${issue.path.length > 1 ? ']' : ''} ${issue.message}`);
  }
  // The same time twice would be one slot.
  return { adult: [...new Set(parsed.data.adult)].sort(), camhs: [...new Set(parsed.data.camhs)].sort() };
}
