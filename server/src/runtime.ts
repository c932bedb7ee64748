/**
 * Starts WardPulse in this process for the configured role: the managed Redis and embedded
 * database when no servers are configured, the jobs role (workers, schedules, simulator), the
 * server role (HTTP API, Socket.IO, web app). `close()` stops it all in reverse order, letting
 * in-flight requests and jobs finish.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { join } from 'node:path';
import {
  Alerting,
  NotificationDelivery,
  createChannelProviders,
  inAppPublisher,
  loadVapidKeys,
  onInAppNotification,
  BedStateIngest,
  EscalationEvaluator,
  FreshnessWatch,
  HistoryRollups,
  backfillDemoHistory,
  seedDemoSitreps,
  waitForDemoWards,
  MeasureIngest,
  S136SuiteIngest,
  EventLog,
  Hl7Census,
  StayRepository,
  Hl7Ingest,
  Hl7MappingRepository,
  JobQueues,
  LiveStateRepository,
  OrgCache,
  OrgRepository,
  Simulator,
  SitrepScheduler,
  SitrepStore,
  liveSitrepSources,
  ensureSitrepAlertRule,
  createHandlers,
  createLogger,
  createRedis,
  liveKeys,
  QueueName,
  startJobsRole,
  type JobsRole,
  type Logger,
} from '@wardpulse/jobs';
import type { ClientToServerEvents, ServerToClientEvents } from '@wardpulse/shared';
import type { Express } from 'express';
import { Server as SocketServer } from 'socket.io';
import type { AccessPolicy, Principal } from './auth/access.js';
import { createAccessServices } from './auth/access-services.js';
import { OidcSignIn } from './auth/oidc.js';
import { onRevocation } from './auth/revocations.js';
import { bootstrapPeople, DEMO_ACCOUNTS, type BootstrapResult } from './auth/bootstrap.js';
import { seedDemoAlerting } from './auth/demo-alerting.js';
import { restoreDemoAccounts, retireDemoAccounts } from './auth/demo-retirement.js';
import type { Config } from './config.js';
import { runCommand } from './cli/commands.js';
import { serveControlSocket } from './infra/control-socket.js';
import { secureDataFolder } from './infra/data-folder.js';
import { openDatabase, type OpenedDatabase } from './infra/database.js';
import { startManagedRedis, type ManagedRedis } from './infra/managed-redis.js';
import { createApp } from './http/app.js';
import { createMetrics, type Metrics } from './metrics.js';
import { ChangeFanout } from './realtime/change-fanout.js';
import {
  attachSocketGateway,
  disconnectRevoked,
  originAllowed,
  personRoom,
  sendDisplayCommand,
} from './realtime/socket-gateway.js';
import { onDisplayControl } from './realtime/display-control.js';
import { DEFAULT_HL7_IDLE_TIMEOUT_MS, DEFAULT_HL7_MAX_MESSAGE_BYTES, DEMO_HL7_FEED, type Hl7Settings } from './hl7/hl7-feeds.js';
import { MllpListener } from './hl7/mllp-listener.js';
import { hostAnswered, messageLinkBase, type PublicOrigins } from './http/public-origin.js';

export interface RunningWardPulse {
  /** Base URL of the HTTP server (server role only). */
  url: string | undefined;
  config: Config;
  logger: Logger;
  metrics: Metrics;
  database: OpenedDatabase;
  jobs: JobsRole | undefined;
  managedRedis: ManagedRedis | undefined;
  /** Demo accounts and any one-time admin sign-in link (server role only). */
  people: BootstrapResult | undefined;
  /** The Express app (server role only): the authorisation matrix test lists its routes. */
  app: Express | undefined;
  /** Alert rules, alerts, rotas and notifications (tests drive its clock-dependent steps). */
  alerting: Alerting;
  /** Sitrep returns; the scheduler where this process runs the jobs role (tests drive its clock). */
  sitreps: { store: SitrepStore; scheduler: SitrepScheduler };
  /** MLLP ports bound (server role), by feed id, `common` for the common port. */
  hl7Ports: () => Map<string, number>;
  close(): Promise<void>;
}

export async function startWardPulse(config: Config, options: { logger?: Logger } = {}): Promise<RunningWardPulse> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) {
      await close().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
    }
  };
  try {
    // Embedded Redis or PostgreSQL keep secrets there: owner-only, existing files included.
    if (!config.redisUrl || !config.databaseUrl) secureDataFolder(config.dataDir);
    let redisUrl = config.redisUrl;
    let managedRedis: ManagedRedis | undefined;
    if (!redisUrl) {
      managedRedis = await startManagedRedis({
        dir: join(config.dataDir, 'redis'),
        port: config.managedRedisPort,
        onLog: (line) => logger.debug({ redis: line }, 'redis-server'),
      });
      closers.push(() => managedRedis!.stop());
      redisUrl = managedRedis.url;
      logger.info({ port: managedRedis.port, dir: join(config.dataDir, 'redis') }, 'managed redis-server started');
    }

    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, demo: config.demo, logger });
    closers.push(() => database.close());
    const { db } = database;
    const orgRepository = new OrgRepository(db);
    const orgCache = new OrgCache(orgRepository);
    await orgCache.load();
    orgCache.refreshEvery(30_000, (error) => logger.warn({ err: error }, 'organisation reload failed'));
    closers.push(async () => orgCache.stop());
    const org = () => orgCache.current();

    const redis = createRedis({ url: redisUrl, name: 'wardpulse-commands' });
    redis.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
    closers.push(async () => void redis.disconnect());
    const keys = liveKeys(config.keyPrefix);
    const live = new LiveStateRepository(redis, keys);
    const queueConnection = createRedis({ url: redisUrl, name: 'wardpulse-queues' });
    queueConnection.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
    const queues = new JobQueues(queueConnection, keys.bullPrefix, (error) => logger.debug({ err: error }, 'queue error'));
    closers.push(async () => {
      await queues.close();
      queueConnection.disconnect();
    });
    const eventLog = new EventLog(db);
    const ingest = new BedStateIngest({ eventLog, queues, org, logger });
    const measures = new MeasureIngest({ eventLog, queues, org, logger });
    const s136 = new S136SuiteIngest({ eventLog, queues, org, logger });
    const metrics = createMetrics(async () =>
      (
        await Promise.all(
          Object.values(QueueName).map(async (queue) => {
            const counts = await queues.queue(queue).getJobCounts('waiting', 'active', 'delayed', 'failed');
            return Object.entries(counts).map(([state, count]) => ({ queue, state, count }));
          }),
        )
      ).flat(),
    );

    if (database.controlSocketPath) {
      const control: NetServer = await serveControlSocket(database.controlSocketPath, (argv, hooks) =>
        runCommand(argv, db, { ...hooks, orgChanged: async () => void (await orgCache.load()) }),
      );
      closers.push(() => new Promise((resolve) => control.close(() => resolve())));
    }

    const links = messageLinkBase({ publicUrl: config.publicUrl, allowedHosts: config.allowedHosts }, config.port);
    if (links.guessed)
      logger.warn(
        { base: links.base },
        'alert notifications link to the first WARDPULSE_ALLOWED_HOSTS name; set WARDPULSE_PUBLIC_URL to choose the address',
      );
    const alerting = new Alerting({
      db,
      live,
      org,
      freshness: () => config.freshness.limits,
      queues,
      publicUrl: links.base,
      logger,
    });
    const sitrepStore = new SitrepStore(db);
    const sitrepSources = liveSitrepSources({ live, org, stays: new StayRepository(db) });
    const sitrepScheduler = new SitrepScheduler({
      store: sitrepStore,
      live,
      org,
      // Trust-level figures and Section 136 suites, from live state.
      sources: () => sitrepSources,
      schedule: config.sitrep.schedule,
      escalationRule: () => config.escalationRule,
      freshness: () => config.freshness.limits,
      assembled: async (trustOds) => void (await ensureSitrepAlertRule(db, alerting.rules, trustOds)),
      logger,
    });
    let vapid: Promise<{ publicKey: string; privateKey: string }> | undefined;
    const vapidKeys = () => (vapid ??= loadVapidKeys(db, config.alerting.vapid));

    let jobs: JobsRole | undefined;
    if (config.role !== 'server') {
      const keysNow = await vapidKeys();
      const providers = createChannelProviders({
        email: { smtpUrl: config.alerting.smtpUrl, from: config.alerting.smtpFrom },
        webPush: { ...keysNow, subject: config.alerting.vapidSubject },
        inApp: inAppPublisher(redis, config.keyPrefix),
        allowPrivateNetworks: config.alerting.allowPrivateNetworks,
      });
      // Closed after the workers (closers run in reverse): pooled SMTP connections end with the process.
      closers.push(() => providers.close());
      const delivery = new NotificationDelivery({ db, alerting, logger, providers });
      const simulator = new Simulator({ live, ingest, measures, s136, org });
      const escalation = new EscalationEvaluator({
        live,
        org,
        rule: () => config.escalationRule,
        freshness: () => config.freshness.limits,
      });
      jobs = await startJobsRole({
        redisUrl,
        queues,
        handlers: createHandlers({
          live,
          eventLog,
          queues,
          simulator,
          escalation,
          freshness: new FreshnessWatch({ live, org, freshness: () => config.freshness.limits }),
          history: new HistoryRollups(db, org, { freshness: () => config.freshness.limits }),
          retention: config.retention,
          trustOfWard: (wardId) => org().wardsById.get(wardId)?.trustOds,
          trustOfS136Suite: (suiteId) => org().s136SuitesById.get(suiteId)?.trustOds,
          trustOfCrisisService: (serviceId) => org().crisisServicesById.get(serviceId)?.trustOds,
          alerting,
          delivery,
          hl7: new Hl7Census({ db, live, queues, org }),
          stays: new StayRepository(db),
          sitreps: sitrepScheduler,
          outboxAgeMs: config.outboxSweepMs,
          logger,
        }),
        logger,
        concurrency: { ingest: config.ingestConcurrency },
        simulator: { enabled: config.simulator, intervalMs: config.simulatorIntervalMs },
        outboxSweepIntervalMs: config.outboxSweepMs,
        historyRollupIntervalMs: config.historyRollupIntervalMs,
        freshnessIntervalMs: config.freshness.intervalMs,
        alertTickIntervalMs: config.alerting.tickIntervalMs,
        sitrepIntervalMs: config.sitrep.intervalMs > 0 ? config.sitrep.intervalMs : undefined,
        jobLockMs: config.jobLockMs,
        onJobFinished: ({ name, waitMs, runMs, outcome }) => {
          metrics.jobWait.observe({ job: name }, waitMs / 1000);
          metrics.jobDuration.observe({ job: name, outcome }, runMs / 1000);
        },
      });
      closers.push(() => jobs!.close());
      if (config.demoHistory) {
        // In the background: the app is usable at once; the trends page fills in within seconds.
        const started = Date.now();
        void backfillDemoHistory(db, org(), Date.now(), config.demoHistoryDays)
          .then((points) => points > 0 && logger.info({ points, ms: Date.now() - started }, 'demo history backfilled'))
          .catch((error: unknown) => logger.warn({ err: error }, 'demo history backfill failed'));
      }
      if (config.sitrep.demo && config.simulator) {
        // In the background, once the simulator has reported: the demo's returns of the last day.
        void seedDemoReturns()
          .then((result) => result.assembled > 0 && logger.info(result, 'demo sitrep returns assembled'))
          .catch((error: unknown) => logger.warn({ err: error }, 'demo sitrep returns failed'));
      }
      logger.info({ simulator: config.simulator }, 'jobs role started');
    }

    const hl7: Hl7Settings = config.hl7 ?? {
      feeds: config.demo ? [DEMO_HL7_FEED] : [],
      mllpPort: undefined,
      maxMessageBytes: DEFAULT_HL7_MAX_MESSAGE_BYTES,
      idleTimeoutMs: DEFAULT_HL7_IDLE_TIMEOUT_MS,
    };
    let mllp: MllpListener | undefined;
    const hl7Ports = () => mllp?.ports() ?? new Map<string, number>();

    async function seedDemoReturns() {
      if (!(await waitForDemoWards(live, org))) return { assembled: 0, signed: 0 };
      const bedManager = DEMO_ACCOUNTS.find((account) => account.role === 'bed-manager')!;
      const grant = bedManager.grant.scope;
      const covered = grant.kind === 'all' ? [] : (org().trustsIn(grant) ?? []);
      return seedDemoSitreps({
        store: sitrepStore,
        scheduler: sitrepScheduler,
        org,
        schedule: config.sitrep.schedule,
        leaveUnsignedFor: covered,
        signerOf: (ods) => (covered.includes(ods) ? bedManager.name : `Duty bed manager, ${ods} (demo)`),
      });
    }

    let url: string | undefined;
    let people: BootstrapResult | undefined;
    let httpApp: Express | undefined;
    if (config.role !== 'jobs') {
      url = await startServerRole();
    }

    async function startServerRole(): Promise<string> {
      const policy: AccessPolicy = { anonymousRead: config.demo };
      const access = createAccessServices(db, redis, config.keyPrefix, config.rateLimits);
      // Before the first people are made: with demo off, accounts left by a demo start are retired.
      const retiredDemo = config.demo
        ? (await restoreDemoAccounts(access), undefined)
        : await retireDemoAccounts(access, redis, config.keyPrefix);
      people = await bootstrapPeople({
        users: access.users,
        audit: access.audit,
        redis,
        keyPrefix: config.keyPrefix,
        demo: config.demo,
        adminEmail: config.adminEmail,
        adminPassword: config.adminPassword,
      });
      if (retiredDemo) people.retiredDemo = retiredDemo;
      if (config.demoAlerts && (await seedDemoAlerting(alerting, access.users)))
        logger.info('demo alert rules and rotas created');
      const httpServer: HttpServer = createServer();
      const origins: PublicOrigins = {
        publicUrl: config.publicUrl,
        allowedHosts: config.allowedHosts,
        fallbackOrigin: () => ownOrigin(httpServer),
      };
      const io = new SocketServer<ClientToServerEvents, ServerToClientEvents>(httpServer, {
        allowRequest: (request, callback) =>
          callback(null, originAllowed(request, config.allowedOrigins) && hostAnswered(request.headers.host, origins)),
        // Contract v1 is plain JSON; keep messages small and bounded.
        maxHttpBufferSize: 64 * 1024,
      });
      const readerConnection = createRedis({ url: redisUrl!, name: 'wardpulse-change-reader', blocking: true });
      readerConnection.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
      const fanout = new ChangeFanout({
        reader: new LiveStateRepository(readerConnection, keys),
        io,
        org,
        logger,
        onDelivered: (entry, scopes) => {
          if (scopes > 0) metrics.deltas.inc();
          const enteredMs = Number(entry.id.split('-')[0]);
          metrics.changeLag.observe(Math.max(0, Date.now() - enteredMs) / 1000);
        },
        onEmitted: (deltas) => metrics.deltasEmitted.inc(deltas),
      });
      await fanout.start();
      // After the first connection, every 'ready' is a reconnection: let the reader check the epoch.
      let readerReady = readerConnection.status === 'ready';
      readerConnection.on('ready', () => {
        if (readerReady) fanout.noteReconnected();
        readerReady = true;
      });
      const authenticate = async (
        token: string | undefined,
        cookieHeader: string | undefined,
      ): Promise<Principal | 'revoked' | undefined> => {
        if (token) {
          const principal = await access.authenticator.fromBearer(token);
          if (!principal && (await access.displayTokens.isRevoked(token))) return 'revoked';
          return principal;
        }
        return (await access.authenticator.fromCookies(cookieHeader)) ?? { kind: 'anonymous' };
      };
      attachSocketGateway({ io, fanout, live, org, freshness: config.freshness.limits, policy, authenticate, logger });
      // Revocations from any replica disconnect the affected sockets here.
      const subscriber = createRedis({ url: redisUrl!, name: 'wardpulse-revocations', subscriber: true });
      subscriber.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
      await onRevocation(subscriber, config.keyPrefix, (revocation) => {
        const count = disconnectRevoked(io, revocation);
        if (count > 0) logger.info({ revocation, sockets: count }, 'disconnected revoked sockets');
      });
      closers.push(async () => void subscriber.disconnect());
      // In-app notifications from any worker reach the person's sockets on every replica.
      const notifications = createRedis({ url: redisUrl!, name: 'wardpulse-notifications', subscriber: true });
      notifications.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
      await onInAppNotification(notifications, config.keyPrefix, (personId, notification) => {
        io.to(personRoom(personId)).emit('notification', notification);
      });
      closers.push(async () => void notifications.disconnect());
      // Admins' "reload the screens" from any replica reaches the screens connected here.
      const displayControl = createRedis({ url: redisUrl!, name: 'wardpulse-display-control', subscriber: true });
      displayControl.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
      await onDisplayControl(displayControl, config.keyPrefix, (control) => {
        const screens = sendDisplayCommand(io, control);
        if (screens > 0) logger.info({ screens, command: control.command.kind }, 'display command sent');
      });
      closers.push(async () => void displayControl.disconnect());
      io.on('connection', (socket) => {
        metrics.sockets.inc();
        socket.on('disconnect', () => metrics.sockets.dec());
      });
      const hl7Ingest = new Hl7Ingest({
        eventLog,
        queues,
        logger,
        onAnswer: (feed, answer, transport) =>
          metrics.hl7Messages.inc({
            feed: feed.id,
            transport,
            event: answer.event ?? 'unknown',
            status: answer.status,
            ack: answer.ackCode,
          }),
      });
      const app = await createApp({
        logger,
        metrics,
        db,
        redis,
        live,
        ingest,
        measures,
        s136,
        escalationRule: config.escalationRule,
        freshness: config.freshness.limits,
        access,
        orgRepository,
        reloadOrg: async () => void (await orgCache.load()),
        keyPrefix: config.keyPrefix,
        allowedOrigins: config.allowedOrigins,
        trustProxy: config.trustProxy,
        org,
        policy,
        seq: (streamId) => fanout.seq(streamId),
        webBuildDir: config.webBuildDir,
        oidc: config.oidc ? new OidcSignIn(config.oidc, redis, config.keyPrefix, logger) : undefined,
        origins,
        metricsToken: config.metricsToken,
        alerting,
        sitreps: { store: sitrepStore, schedule: config.sitrep.schedule },
        webPushPublicKey: async () => (await vapidKeys()).publicKey,
        hl7: {
          feeds: hl7.feeds,
          mllpPorts: hl7Ports,
          mappings: new Hl7MappingRepository(db),
          queues,
          ingest: hl7Ingest,
          maxMessageBytes: hl7.maxMessageBytes,
        },
      });
      if (config.oidc?.allowHttp)
        logger.warn({ issuer: config.oidc.issuer }, 'OpenID Connect over plain http is allowed: for local testing only');
      httpServer.on('request', app);
      httpApp = app;
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => resolve());
      });
      closers.push(async () => {
        await fanout.stop();
        const closed = new Promise<void>((resolve) => io.close(() => resolve()));
        httpServer.closeIdleConnections();
        await closed;
        httpServer.closeAllConnections();
      });
      if (hl7.feeds.some((feed) => feed.mllpPort !== undefined) || hl7.mllpPort !== undefined) {
        for (const feed of hl7.feeds)
          if (!org().trustsByOds.has(feed.trustOds))
            logger.warn({ feed: feed.id, trust: feed.trustOds }, 'hl7 feed of an unknown trust');
        mllp = new MllpListener({
          feeds: hl7.feeds,
          commonPort: hl7.mllpPort,
          host: config.host,
          ingest: hl7Ingest,
          logger,
          maxMessageBytes: hl7.maxMessageBytes,
          idleTimeoutMs: hl7.idleTimeoutMs,
          onRefused: (feed, reason) => metrics.hl7RefusedConnections.inc({ feed, reason }),
        });
        closers.push(() => mllp!.close());
        await mllp.start();
      }
      return ownOrigin(httpServer);
    }

    /** This server as reached on its own machine, at the port it bound (tests bind port 0). */
    function ownOrigin(httpServer: HttpServer): string {
      const port = (httpServer.address() as AddressInfo | null)?.port ?? config.port;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    }

    return {
      url,
      config,
      logger,
      metrics,
      database,
      jobs,
      managedRedis,
      people,
      app: httpApp,
      alerting,
      sitreps: { store: sitrepStore, scheduler: sitrepScheduler },
      hl7Ports,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
