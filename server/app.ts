import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import Fastify, { type FastifyError } from 'fastify';
import { Server } from 'socket.io';
import type { Platform } from '../shared';
import { registerAuthRoutes } from './accounts/auth-routes';
import { registerComplianceRoutes } from './compliance/compliance-routes';
import { registerTemplateRoutes } from './templates/template-routes';
import { LoginRateLimiter } from './accounts/login-rate-limit';
import { DEFAULT_SESSION_TTL_MS } from './accounts/sessions';
import { connectorFor as defaultConnectorFor } from './connectors/index';
import type { Connector } from './connectors/types';
import { localLeases, postgresLeases } from './cluster/leases';
import { attachRedisAdapter } from './cluster/redis-adapter';
import { shareClusterPresence } from './cluster/cluster-presence';
import { shareClusterThreadPresence } from './cluster/cluster-thread-presence';
import { SharedLoginRateLimiter } from './cluster/shared-login-limit';
import { demoLoginHelp, seedDemo } from './demo/seed-demo';
import { AccessEnforcer } from './security/access-enforcer';
import { registerSecurityRoutes } from './security/security-routes';
import { WEBHOOK_BODY_LIMIT, registerWebhookRoute } from './http/webhook-route';
import { registerAssignmentRoutes } from './inbox/assignment-routes';
import { AutoAssigner } from './inbox/auto-assigner';
import { SnoozeWaker } from './inbox/snooze-waker';
import { IngestService } from './ingest/ingest-service';
import { createLogger, type LogLevel, type Logger } from './logger';
import { startMessageServices, type MessageServiceRunner } from './message-services/message-service-runner';
import { OutboundDispatcher, type ConnectorLookup, type OutboundOptions } from './outbound/outbound-dispatcher';
import type { Database, DatabaseKind } from './storage/database';
import { openDatabase } from './storage/open-database';
import { ChangeFeed } from './sync/change-feed';
import { MutationService } from './sync/mutations';
import { Presence } from './sync/presence';
import { ConversationPresence } from './sync/conversation-presence';
import { attachPresenceGateway } from './sync/presence-gateway';
import { ChangeCompactor } from './sync/compaction';
import { registerStoreRoutes } from './stores/store-routes';
import { registerTeamRoutes } from './team/team-routes';
import { TokenManager } from './tokens/token-manager';
import { attachSyncGateway, sessionRoom, type SyncServer } from './sync/socket-gateway';

export const SERVER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface StartServerOptions {
  /** 0 = a random free port. Default 3210. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A PostgreSQL URL; else PGlite in dataDir. */
  databaseUrl?: string;
  /** PGlite data folder (default .data/pglite), or `memory://`. */
  dataDir?: string;
  /** How platforms reach this server (webhook URLs); default the listening URL. */
  publicUrl?: string;
  /** Replaces the connector registry (tests). */
  connectors?: Partial<Record<Platform, Connector<unknown>>>;
  /** Seeds the demo users and stores, pointing at this storefront emulator. */
  demo?: { emulatorUrl: string };
  logLevel?: LogLevel;
  sessionTtlMs?: number;
  outbound?: Partial<OutboundOptions>;
  loginRateLimit?: { maxFailures: number; windowMs: number };
  /**
   * How often connected sockets are re-checked against the database (accounts disabled
   * or grants withdrawn by the admin CLI or another node). Default 10 s; 0 = never.
   */
  accessCheckMs?: number;
  /** How often snoozed conversations are checked for waking up (default 15 s). */
  snoozeCheckMs?: number;
  /**
   * Days of change history kept (server/sync/compaction.ts, checked hourly): older
   * superseded snapshots are deleted and clients away longer re-read the stream. Default 30; 0 = keep all.
   */
  changeRetentionDays?: number;
  /**
   * Several nodes on one PostgreSQL: socket.io events travel between them through this
   * Redis (streams adapter). Unset = a single node.
   */
  redis?: { url: string; streamName?: string };
  /**
   * With `redis`: how long a node's presence lives in Redis without a heartbeat, i.e. how
   * soon the agents of a crashed node stop counting as online and stop being listed as
   * viewers/typists of a thread (default 15 s).
   */
  presenceTtlMs?: number;
  /** How often message services look for new stores and orphaned leases (default 10 s). */
  messageServiceRescanMs?: number;
}

export interface RunningServer {
  /** http://host:port of the listening server. */
  url: string;
  port: number;
  publicUrl: string;
  databaseKind: DatabaseKind;
  database: Database;
  feed: ChangeFeed;
  ingest: IngestService;
  outbound: OutboundDispatcher;
  /** Wakes due snoozes on an interval; `wakeDue()` runs a check now. */
  snoozeWaker: SnoozeWaker;
  /** Who has a socket connected to this node. */
  presence: Presence;
  io: SyncServer;
  log: Logger;
  /** Every HTTP route as registered (method + url): the leak test walks them all. */
  routes: Array<{ method: string; url: string }>;
  /** Re-checks this node's sockets against the database now (cut / close lost streams). */
  enforceAccess(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the database (migrating it), wires every service and listens. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const log = createLogger(options.logLevel ?? 'info');
  const connectorFor: ConnectorLookup = options.connectors
    ? (platform) => options.connectors?.[platform]
    : defaultConnectorFor;

  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  const cleanups: Array<() => Promise<void>> = [() => database.close()];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => log.error('shutdown step failed', { error: String(error) }));
    }
  };

  try {
    const feed = new ChangeFeed(database);
    const presence = new Presence();
    const conversationPresence = new ConversationPresence();
    const assigner = new AutoAssigner(presence);
    const ingest = new IngestService(feed, assigner);
    // Live OAuth tokens of the stores whose platform tokens expire (server only).
    const tokens = new TokenManager(database, connectorFor, log.child('tokens'));
    const outbound = new OutboundDispatcher(database, feed, connectorFor, log.child('outbound'), { ...options.outbound, tokens });
    const mutations = new MutationService(feed, { onOutboundQueued: () => outbound.kick() }, assigner);
    const snoozeWaker = new SnoozeWaker(feed, assigner, log.child('snooze'), options.snoozeCheckMs);
    cleanups.push(() => snoozeWaker.close());

    if (options.demo) await seedDemo(database, feed, options.demo.emulatorUrl);

    const app = Fastify({ bodyLimit: WEBHOOK_BODY_LIMIT, logger: false, trustProxy: false });
    const routes: RunningServer['routes'] = [];
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: route.url });
    });
    // Bearer tokens only, no cookies: any origin may call (the renderer runs from vite,
    // a static server or Electron's app:// scheme).
    await app.register(cors, { origin: '*', credentials: false, methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], allowedHeaders: ['content-type', 'authorization'] });
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) log.error('request failed', { url: request.url, error: String(error) });
      void reply.code(status).send({ error: status >= 500 ? 'Internal server error' : error.message });
    });
    app.setNotFoundHandler((request, reply) => {
      void reply.code(404).send({ error: `No route ${request.method} ${request.url}` });
    });
    app.get('/healthz', async () => ({ status: 'ok', db: database.kind, version: SERVER_VERSION }));

    const io: SyncServer = new Server(app.server, {
      cors: { origin: '*', credentials: false },
      serveClient: false,
    });
    const limits = [options.loginRateLimit?.maxFailures, options.loginRateLimit?.windowMs] as const;
    let limiter = new LoginRateLimiter(...limits);
    if (options.redis) {
      const redis = await attachRedisAdapter(io, options.redis, log.child('redis'));
      cleanups.push(() => redis.close());
      // Failed logins count on every node, not only on the one that saw them.
      const shared = new SharedLoginRateLimiter(...limits);
      cleanups.push(await shared.shareThrough(redis.client, `${redis.streamName}:login-attempts`, log.child('redis')));
      limiter = shared;
      // Who is online spans every node: the online list and automatic assignment.
      cleanups.push(await shareClusterPresence(presence, redis.client, log.child('presence'), { prefix: redis.streamName, ttlMs: options.presenceTtlMs }));
      // So do who views and who types in each thread (presence:update), with the same TTL.
      cleanups.push(
        await shareClusterThreadPresence(conversationPresence, redis.client, log.child('presence'), { prefix: redis.streamName, ttlMs: options.presenceTtlMs }),
      );
    }
    registerAuthRoutes(app, {
      db: database,
      sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
      limiter,
      onLogout: (sessionId) => io.in(sessionRoom(sessionId)).disconnectSockets(true),
    });
    registerTemplateRoutes(app, { db: database, feed });
    registerComplianceRoutes(app, { db: database });
    await registerWebhookRoute(app, { db: database, ingest, connectorFor, tokens, log: log.child('webhook') });
    // Store routes are registered before listening; the URL and the message services exist after.
    let listeningPublicUrl = '';
    let runningMessageServices: MessageServiceRunner | null = null;
    registerStoreRoutes(app, {
      db: database,
      feed,
      connectorFor,
      publicUrl: () => listeningPublicUrl,
      onStoresChanged: async () => runningMessageServices?.refresh(),
      liveMessageServices: () => runningMessageServices?.storeIds ?? [],
      authorizationOf: (storeId) => tokens.authorizationOf(storeId),
    });
    registerAssignmentRoutes(app, database);
    const presenceGateway = attachPresenceGateway(io, { db: database, presence, conversations: conversationPresence, log: log.child('presence') });
    const detachGateway = attachSyncGateway(io, { db: database, feed, mutations, log: log.child('sync'), presence, onWelcomed: presenceGateway.welcomed });
    const accessEnforcer = new AccessEnforcer(io, database, log.child('access'), options.accessCheckMs ?? 10_000);
    registerSecurityRoutes(app, { db: database, feed, enforceAccess: () => accessEnforcer.check() });
    registerTeamRoutes(app, { db: database, feed, enforceAccess: () => accessEnforcer.check() });

    await app.listen({ port: options.port ?? 3210, host: options.host ?? '127.0.0.1' });
    cleanups.push(async () => {
      detachGateway();
      presenceGateway.close();
      io.disconnectSockets(true);
      await app.close(); // closes the HTTP server that socket.io is attached to
      await new Promise<void>((resolve) => io.close(() => resolve()));
    });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('server has no TCP address');
    const host = options.host ?? '127.0.0.1';
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

    await outbound.start();
    cleanups.push(() => outbound.close());
    // With PostgreSQL other nodes may share the database: a store's message service runs
    // on the node holding its advisory lock. PGlite has one process by construction.
    const leases =
      database.kind === 'postgres' && options.databaseUrl
        ? postgresLeases(options.databaseUrl, log.child('leases'))
        : localLeases();
    cleanups.push(() => leases.close());
    const messageServices = await startMessageServices(database, ingest, connectorFor, log.child('message-service'), {
      leases,
      rescanIntervalMs: options.messageServiceRescanMs,
      tokens,
    });
    cleanups.push(() => messageServices.close());
    runningMessageServices = messageServices;
    snoozeWaker.start();
    const retentionDays = options.changeRetentionDays ?? 30;
    if (retentionDays > 0) {
      const compactor = new ChangeCompactor(database, retentionDays, (error) => log.error('change compaction failed', { error: String(error) }));
      compactor.start();
      cleanups.push(async () => compactor.close());
    }
    accessEnforcer.start();
    cleanups.push(async () => accessEnforcer.close());

    const publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
    listeningPublicUrl = publicUrl;
    log.info('listening', { url, db: database.kind, redis: options.redis !== undefined, messageServices: messageServices.storeIds.length });
    if (options.demo) log.info(demoLoginHelp(url));
    return {
      url,
      port: address.port,
      publicUrl,
      databaseKind: database.kind,
      database,
      feed,
      ingest,
      outbound,
      snoozeWaker,
      presence,
      io,
      log,
      routes,
      enforceAccess: () => accessEnforcer.check(),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
