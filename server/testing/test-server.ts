import { randomUUID } from 'node:crypto';
import { io as ioClient, type Socket } from 'socket.io-client';
import {
  SyncEvents,
  changesPushSchema,
  loginResponseSchema,
  welcomeSchema,
  type Change,
  type ChangesPush,
  type InboundEvent,
  type LoginResponse,
  type Role,
  type Store,
  type User,
  type Welcome,
} from '../../shared';
import { createUser } from '../accounts/users';
import { startServer, type RunningServer, type StartServerOptions } from '../app';
import { createStore, grantStore } from '../stores/stores';
import { TEST_PLATFORM, createTestConnector, signTestBody, type TestConnector } from './test-connector';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_PASSWORD = 'correct horse battery';

export interface TestServer extends RunningServer {
  connector: TestConnector;
  testDatabase: TestDatabase;
  addUser(name: string, role?: Role): Promise<User>;
  /** A store on the test connector's platform with webhook secret `secret-<id>`. */
  addStore(name?: string): Promise<Store & { secret: string }>;
  grant(storeId: string, userId: string): Promise<void>;
  login(name: string, password?: string): Promise<LoginResponse>;
  /** Connects a sync client and resolves after its welcome. */
  connect(token: string): Promise<SyncClient>;
  /** POSTs signed test-connector events to the store's webhook. */
  deliver(store: { id: string; secret: string }, events: InboundEvent[]): Promise<Response>;
  stop(): Promise<void>;
}

/** Starts a server on a random port over a fresh database, with the test connector. */
export async function startTestServer(options: Partial<StartServerOptions> = {}): Promise<TestServer> {
  const testDatabase = await createTestDatabase();
  const connector = createTestConnector();
  const clients: SyncClient[] = [];
  let server: RunningServer;
  try {
    server = await startServer({
      port: 0,
      logLevel: 'silent',
      connectors: { [TEST_PLATFORM]: connector },
      outbound: { baseDelayMs: 20, maxDelayMs: 200, sendTimeoutMs: 2_000, pollIntervalMs: 1_000 },
      ...testDatabase.config,
      ...options,
    });
  } catch (error) {
    await testDatabase.drop();
    throw error;
  }

  return {
    ...server,
    connector,
    testDatabase,
    addUser: (name, role = 'agent') => createUser(server.feed, { name, role, password: TEST_PASSWORD, displayName: name }),
    async addStore(name = 'Test store') {
      const id = `st_${randomUUID().slice(0, 8)}`;
      const secret = `secret-${id}`;
      const store = await createStore(server.feed, { id, platform: TEST_PLATFORM, name, currency: 'USD', credentials: { secret } });
      return { ...store, secret };
    },
    grant: (storeId, userId) => grantStore(server.database, storeId, userId),
    async login(name, password = TEST_PASSWORD) {
      const response = await fetch(`${server.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password }),
      });
      if (response.status !== 200) throw new Error(`login ${name}: ${response.status} ${await response.text()}`);
      return loginResponseSchema.parse(await response.json());
    },
    async connect(token) {
      const client = await connectSyncClient(server.url, token);
      clients.push(client);
      return client;
    },
    deliver(store, events) {
      const body = JSON.stringify({ events });
      return fetch(`${server.url}/webhooks/${TEST_PLATFORM}/${store.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-signature': signTestBody(store.secret, body) },
        body,
      });
    },
    async stop() {
      for (const client of clients) client.socket.disconnect();
      await server.close();
      await testDatabase.drop();
    },
  };
}

/** A socket.io client that records every push it receives. */
export interface SyncClient {
  socket: Socket;
  welcome: Welcome;
  pushes: ChangesPush[];
  /** Resolves once pushes contain a change matching `predicate`. */
  waitForChange(predicate: (change: Change) => boolean): Promise<Change>;
  /** emitWithAck with a timeout, so that a missing ack fails the test instead of hanging it. */
  request(event: string, payload: unknown, timeoutMs?: number): Promise<unknown>;
}

export function connectSyncClient(url: string, token: string | undefined): Promise<SyncClient> {
  const socket = ioClient(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const pushes: ChangesPush[] = [];
  const waiters: Array<{ predicate: (change: Change) => boolean; resolve: (change: Change) => void }> = [];
  socket.on(SyncEvents.changes, (payload: unknown) => {
    const push = changesPushSchema.parse(payload);
    pushes.push(push);
    for (const change of push.changes) {
      for (const waiter of [...waiters]) {
        if (waiter.predicate(change)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(change);
        }
      }
    }
  });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(error);
    });
    socket.once(SyncEvents.welcome, (payload: unknown) => {
      resolve({
        socket,
        welcome: welcomeSchema.parse(payload),
        pushes,
        waitForChange(predicate) {
          const seen = pushes.flatMap((push) => push.changes).find(predicate);
          if (seen) return Promise.resolve(seen);
          return new Promise((done) => waiters.push({ predicate, resolve: done }));
        },
        request: (event, payload, timeoutMs = 5_000) => socket.timeout(timeoutMs).emitWithAck(event, payload),
      });
    });
  });
}

/** Builds a buyer chat message event with sensible defaults. */
export function chatEvent(overrides: Partial<Extract<InboundEvent, { type: 'message.received' }>> = {}): InboundEvent {
  const id = randomUUID();
  return {
    type: 'message.received',
    dedupeKey: `msg-${id}`,
    customer: { platformUserId: 'buyer-1', nickname: 'Buyer One', locale: 'en', email: 'buyer1@example.com' },
    kind: 'chat',
    platformThreadId: null,
    subject: null,
    platformMessageId: `pm-${id}`,
    body: 'Hello, is this in stock?',
    sentAt: new Date().toISOString(),
    ...overrides,
  };
}
