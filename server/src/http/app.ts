/**
 * The Express application: security headers, logging, metrics, the versioned API, operations
 * endpoints and (when built) the SvelteKit web app, in that order.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  Alerting,
  BedStateIngest,
  Database,
  LiveStateRepository,
  Logger,
  MeasureIngest,
  OrgRepository,
  S136SuiteIngest,
  SitrepStore,
} from '@wardpulse/jobs';
import type { EscalationRule, FreshnessLimits, SitrepSchedule } from '@wardpulse/shared';
import type { OrgIndex } from '@wardpulse/shared';
import express, { type Request, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { requestLogLevel, requestLogSerializers } from './request-log.js';
import type { Redis } from 'ioredis';
import type { AccessPolicy } from '../auth/access.js';
import type { AccessServices } from '../auth/access-services.js';
import type { Metrics } from '../metrics.js';
import { authenticate, bearerIs } from './authenticate.js';
import { HttpError, errorHandler } from './errors.js';
import { hostGuard, originOf as originOfRequest, type PublicOrigins } from './public-origin.js';
import { openApiDocument, openApiYaml } from './openapi.js';
import { escalationRuleRoute } from './routes/escalation-rule.js';
import { measuresRoute } from './routes/measures.js';
import { trustFiguresRoute } from './routes/trust-figures.js';
import { bedStatesRoute } from './routes/bed-states.js';
import { s136SuitesRoute } from './routes/s136-suites.js';
import { crisisCapacityRoute } from './routes/crisis-capacity.js';
import { dischargeDelaysRoute } from './routes/discharge-delays.js';
import { staysRoute } from './routes/stays.js';
import { wardUpdatesRoute } from './routes/ward-updates.js';
import { liveRoute } from './routes/live.js';
import { trendsRoute } from './routes/trends.js';
import { adminAccessRoute } from './routes/admin-access.js';
import { adminAuditRoute } from './routes/admin-audit.js';
import { adminOrgRoute } from './routes/admin-org.js';
import { adminImportRoute } from './routes/admin-import.js';
import { adminOrgImportRoute } from './routes/admin-org-import.js';
import { sessionRoute } from './routes/session.js';
import { oidcRoute } from './routes/oidc.js';
import type { OidcSignIn } from '../auth/oidc.js';
import { orgRoute } from './routes/org.js';
import { alertsRoute } from './routes/alerts.js';
import { onCallRoute } from './routes/on-call.js';
import { contactPointsRoute } from './routes/contact-points.js';
import { adminDisplaysRoute } from './routes/admin-displays.js';
import { displayRoute } from './routes/display.js';
import { hl7Route } from './routes/hl7.js';
import { sitrepsRoute } from './routes/sitreps.js';
import { adminHl7Route, type AdminHl7Deps } from './routes/admin-hl7.js';
import type { Hl7Ingest } from '@wardpulse/jobs';
import { fhirRoute } from './routes/fhir/fhir-routes.js';
import { FHIR_BASE_PATH } from './routes/fhir/resources.js';

export interface AppDeps {
  logger: Logger;
  metrics: Metrics;
  db: Database;
  redis: Redis;
  live: LiveStateRepository;
  ingest: BedStateIngest;
  measures: MeasureIngest;
  /** Section 136 suite states from feeds and people. */
  s136: S136SuiteIngest;
  escalationRule: EscalationRule;
  /** The not-reporting limits (WARDPULSE_NOT_REPORTING_AFTER…). */
  freshness: FreshnessLimits;
  access: AccessServices;
  keyPrefix: string;
  allowedOrigins: readonly string[];
  /** Express "trust proxy" (WARDPULSE_TRUST_PROXY): e.g. `loopback, 172.16.0.0/12`. */
  trustProxy?: string;
  org: () => OrgIndex;
  orgRepository: OrgRepository;
  reloadOrg: () => Promise<void>;
  policy: AccessPolicy;
  seq: (streamId: string) => string;
  webBuildDir: string;
  /** Largest request body accepted (bytes). */
  bodyLimit?: number;
  /** OpenID Connect sign-in, when configured. */
  oidc?: OidcSignIn | undefined;
  /** Where handed-out links point, and which Host headers are answered (http/public-origin.ts). */
  origins: PublicOrigins;
  /** When set, /metrics needs `Authorization: Bearer <token>` (WARDPULSE_METRICS_TOKEN). */
  metricsToken?: string | undefined;
  alerting: Alerting;
  /** Sitrep returns and the London times they fall due. */
  sitreps: { store: SitrepStore; schedule: SitrepSchedule };
  webPushPublicKey: () => Promise<string>;
  /** HL7 v2 feeds (docs/hl7.md): the HTTP door and the admin of their location mappings. */
  hl7: Pick<AdminHl7Deps, 'feeds' | 'mllpPorts' | 'mappings' | 'queues'> & { ingest: Hl7Ingest; maxMessageBytes: number };
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Loads the SvelteKit handler if the web app has been built. */
async function webHandler(buildDir: string, logger: Logger): Promise<RequestHandler | undefined> {
  const handlerFile = join(buildDir, 'handler.js');
  if (!existsSync(handlerFile)) {
    logger.warn({ buildDir }, 'web app not built: serving the API only (run `npm run build`)');
    return undefined;
  }
  const module = (await import(pathToFileURL(handlerFile).href)) as { handler: RequestHandler };
  return module.handler;
}

export async function createApp(deps: AppDeps): Promise<express.Express> {
  const app = express();
  app.disable('x-powered-by');
  // Which proxies' X-Forwarded-For/-Proto to believe (client addresses for rate limits and the
  // audit log, https for Secure cookies): loopback by default, the proxy's network behind one.
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  app.use(
    pinoHttp({
      logger: deps.logger,
      // Health probes and metrics scrapes every few seconds would drown the log.
      autoLogging: { ignore: (req) => ['/healthz', '/readyz', '/metrics'].includes(req.url ?? '') },
      customLogLevel: requestLogLevel,
      serializers: requestLogSerializers,
    }),
  );
  app.use((req, res, next) => {
    const end = deps.metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () =>
      end({ route: req.route?.path ?? (req.path.startsWith('/api/') ? req.path : 'web'), status: res.statusCode }),
    );
    next();
  });

  // API responses are JSON: the strictest policy; SvelteKit sets its own CSP on pages.
  const apiHelmet = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const pageHelmet = helmet({ contentSecurityPolicy: false });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = await Promise.all([
      deps.redis.ping().then(
        () => true,
        () => false,
      ),
      deps.db.query('select 1').then(
        () => true,
        () => false,
      ),
    ]);
    const [redis, database] = checks;
    res.status(redis && database ? 200 : 503).json({ status: redis && database ? 'ready' : 'not ready', redis, database });
  });
  app.get('/metrics', async (req, res) => {
    // Metrics name trusts, routes and queue depths: a deployment that exposes the port beyond
    // its scraper can require a bearer token (a scraper's usual `bearer_token` setting).
    if (deps.metricsToken !== undefined && !bearerIs(req.get('authorization'), deps.metricsToken)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new HttpError(401, 'unauthenticated', 'metrics need Authorization: Bearer <WARDPULSE_METRICS_TOKEN>');
    }
    res.set('Content-Type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  // After the probes and metrics (often addressed by IP), before anything that may build a link.
  app.use(hostGuard(deps.origins));
  const originOf = (req: Request) => originOfRequest(req, deps.origins);

  const api = express.Router();
  api.use(apiHelmet);
  api.use(express.json({ limit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT }));
  api.use(authenticate(deps.access.authenticator, deps.allowedOrigins));
  const ingestDeps = { org: deps.org, policy: deps.policy, metrics: deps.metrics, rateLimits: deps.access.rateLimits };
  api.use(bedStatesRoute({ ingest: deps.ingest, ...ingestDeps }));
  api.use(measuresRoute({ measures: deps.measures, ...ingestDeps }));
  api.use(wardUpdatesRoute({ ingest: deps.ingest, live: deps.live, audit: deps.access.audit, ...ingestDeps }));
  api.use(s136SuitesRoute({ s136: deps.s136, live: deps.live, audit: deps.access.audit, ...ingestDeps }));
  api.use(trustFiguresRoute({ measures: deps.measures, live: deps.live, audit: deps.access.audit, ...ingestDeps }));
  api.use(dischargeDelaysRoute({ measures: deps.measures, live: deps.live, audit: deps.access.audit, ...ingestDeps }));
  api.use(crisisCapacityRoute({ measures: deps.measures, ...ingestDeps }));
  api.use(staysRoute({ measures: deps.measures, db: deps.db, ...ingestDeps }));
  api.use(hl7Route({ ...deps.hl7, org: deps.org, policy: deps.policy, rateLimits: deps.access.rateLimits }));
  api.use(sessionRoute({ ...deps.access, allowedOrigins: deps.allowedOrigins, redis: deps.redis, keyPrefix: deps.keyPrefix }));
  api.use(
    oidcRoute({
      ...deps.access,
      oidc: deps.oidc,
      originOf,
      redis: deps.redis,
      keyPrefix: deps.keyPrefix,
    }),
  );
  api.use(
    adminAccessRoute({
      ...deps.access,
      org: deps.org,
      policy: deps.policy,
      redis: deps.redis,
      keyPrefix: deps.keyPrefix,
    }),
  );
  api.use(
    adminDisplaysRoute({
      displayTokens: deps.access.displayTokens,
      audit: deps.access.audit,
      org: deps.org,
      policy: deps.policy,
      redis: deps.redis,
      keyPrefix: deps.keyPrefix,
      originOf,
    }),
  );
  api.use(displayRoute());
  const orgAdminDeps = {
    repository: deps.orgRepository,
    org: deps.org,
    reloadOrg: deps.reloadOrg,
    audit: deps.access.audit,
    policy: deps.policy,
  };
  api.use(adminOrgImportRoute(orgAdminDeps));
  api.use(adminOrgRoute(orgAdminDeps));
  api.use(adminHl7Route({ ...deps.hl7, audit: deps.access.audit, org: deps.org, policy: deps.policy }));
  api.use(adminImportRoute({ db: deps.db, audit: deps.access.audit, org: deps.org, policy: deps.policy }));
  api.use(adminAuditRoute({ audit: deps.access.audit, org: deps.org, policy: deps.policy }));
  api.use(escalationRuleRoute({ rule: deps.escalationRule, org: deps.org, policy: deps.policy }));
  api.use(trendsRoute({ db: deps.db, org: deps.org, policy: deps.policy }));
  const alertDeps = { alerting: deps.alerting, audit: deps.access.audit, org: deps.org, policy: deps.policy };
  api.use(alertsRoute(alertDeps));
  api.use(onCallRoute({ ...alertDeps, users: deps.access.users }));
  api.use(contactPointsRoute({ ...alertDeps, rateLimits: deps.access.rateLimits, webPushPublicKey: deps.webPushPublicKey }));
  api.use(
    sitrepsRoute({ ...deps.sitreps, org: deps.org, policy: deps.policy, audit: deps.access.audit, alerting: deps.alerting }),
  );
  api.use(liveRoute({ live: deps.live, org: deps.org, freshness: deps.freshness, policy: deps.policy, seq: deps.seq }));
  api.use(orgRoute({ org: deps.org, policy: deps.policy }));
  api.use((req) => {
    throw new HttpError(404, 'not_found', `no API route ${req.method} ${req.baseUrl}${req.path}`);
  });
  app.use('/api/v1', api);
  // FHIR R4 read API (docs/fhir.md): its own router, errors as OperationOutcome.
  app.use(
    FHIR_BASE_PATH,
    apiHelmet,
    fhirRoute({
      live: deps.live,
      org: deps.org,
      policy: deps.policy,
      authenticator: deps.access.authenticator,
      allowedOrigins: deps.allowedOrigins,
      metrics: deps.metrics,
      originOf,
    }),
  );
  const document = openApiDocument();
  const yaml = openApiYaml();
  app.get('/api/docs', apiHelmet, (_req, res) => {
    res.json(document);
  });
  app.get('/api/docs/openapi.yaml', apiHelmet, (_req, res) => {
    res.type('application/yaml').send(yaml);
  });

  const web = await webHandler(deps.webBuildDir, deps.logger);
  if (web) app.use(pageHelmet, web);
  app.use(errorHandler(deps.metrics));
  return app;
}
