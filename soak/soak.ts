import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { startEmulator, type Emulator } from '../emulator';
import { createRng } from '../emulator/rng';
import { demoStores, DEMO_PASSWORD, DEMO_STORE_IDS, DEMO_USERS } from '../server/demo/demo-topology';
import { openDatabase } from '../server/storage/open-database';
import { loginResponseSchema, SyncEvents, welcomeSchema, type StreamId } from '../shared';
import { AgentClient } from './agent-client';
import { ServerProcess } from './server-process';
import { reconcile, type BuyerText, type ClientSnapshot, type ServerMessageRow, type Verdict } from './reconcile';

/**
 * The soak: the server as a child process that gets SIGKILLed and restarted, the
 * storefront emulator sending a steady mix of Taobao TMC messages and Shopify webhooks
 * (redelivered, duplicated, reordered), and several agents running the renderer's real
 * sync engine whose network drops at random while they keep replying through the outbox.
 * Afterwards everything is reconciled against the server database (see reconcile.ts).
 */

export interface SoakOptions {
  durationMs: number;
  clients: number;
  /** Storefront events per second. */
  rate: number;
  kills: number;
  seed: number;
  /** How long the end may take to drain (outbox, outbound, TMC, catch-up). */
  settleTimeoutMs: number;
  databaseUrl?: string;
  /** Receives one object per notable moment (kill, restart, summary); printed as JSON lines by run.ts. */
  log: (line: Record<string, unknown>) => void;
}

export interface SoakReport extends Verdict {
  events: number;
  webhookDuplicatesSent: number;
  tmcReplays: number;
  tmcRedeliveries: number;
  flaps: number;
  appRestarts: number;
  kills: number;
  settled: boolean;
  settleMs: number;
  durationMs: number;
  serverMessages: number;
}

/** Who logs in on which client, in turn: two agents with different stores, a lead, then again. */
const LOGINS = ['xiaomei', 'alex', 'lead'] as const;

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const rng = createRng(options.seed);
  const runId = `${options.seed}-${Date.now().toString(36)}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'huixin-soak-'));
  const serverPort = await freePort();
  const emulatorPort = await freePort();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const serverLog: string[] = [];
  const server = new ServerProcess({ port: serverPort, emulatorUrl, dataDir, databaseUrl: options.databaseUrl, onOutput: (line) => serverLog.push(line) });
  const emulator = await startEmulator({
    port: emulatorPort,
    seed: options.seed,
    huixinUrl: server.url,
    stores: demoStores(emulatorUrl).map(({ id, platform, credentials }) => ({ id, platform, credentials }) as never),
    tmcRedeliveryMs: 2_000,
    shopifyDeliveryAttempts: 10,
    shopifyRetryBaseMs: 200,
    shopifyReorderMs: 300,
    shopifyDuplicateRate: 0.15,
  });
  const clients: AgentClient[] = [];
  const counters = { events: 0, tmcReplays: 0, flaps: 0, kills: 0 };
  const buyerTexts: BuyerText[] = [];
  const pendingTexts: Promise<void>[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let serial = 0;

  try {
    await server.start();
    options.log({ type: 'start', runId, server: server.url, emulator: emulatorUrl, database: options.databaseUrl ? 'postgres' : 'pglite', ...publicOptions(options) });
    for (let i = 0; i < options.clients; i++) {
      const name = LOGINS[i % LOGINS.length] ?? 'lead';
      const client = new AgentClient(`${name}#${i + 1}`, { name, password: DEMO_PASSWORD }, serverPort, `soak-${runId}-${i}`);
      await client.start(Date.now() + 30_000);
      clients.push(client);
    }

    // --- the run -------------------------------------------------------------------
    const track = <T>(promise: Promise<T>): void => {
      const p = promise.catch((error: unknown) => serverLog.push(`traffic: ${error instanceof Error ? error.message : String(error)}`));
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    };
    const storefrontEvent = (): void => {
      counters.events += 1;
      const roll = rng.next();
      const text = (kind: string) => `soak ${runId} ${kind} #${++serial} 亲，在吗？`;
      if (roll < 0.3) {
        const body = text('chat');
        const item: BuyerText = { kind: 'taobao-chat', storeId: DEMO_STORE_IDS.taobaoTea, text: body, accepted: false };
        buyerTexts.push(item);
        pendingTexts.push(
          emulator.sendBuyerMessage({ storeId: item.storeId, text: body }).then(async (result) => {
            await Promise.all(result.tmcMessageIds.map((id) => emulator.waitForTmcConfirm(id, options.durationMs + options.settleTimeoutMs)));
            item.accepted = true;
          }),
        );
      } else if (roll < 0.55) {
        const body = text('note');
        const item: BuyerText = { kind: 'shopify-note', storeId: DEMO_STORE_IDS.shopifyOutdoor, text: body, accepted: false };
        buyerTexts.push(item);
        pendingTexts.push(
          emulator.placeOrder({ storeId: item.storeId, note: body }).then((result) => {
            const create = result.shopifyDeliveries.find((d) => d.topic === 'orders/create');
            item.accepted = create?.status !== null && create?.status !== undefined && create.status < 300;
          }),
        );
      } else if (roll < 0.62) {
        const completed = emulator.orders(DEMO_STORE_IDS.taobaoTea).filter((o) => o.status === 'completed' && !o.reviewed);
        const order = completed.length > 0 ? rng.pick(completed) : null;
        if (!order) return track(emulator.generate(1));
        const body = text('review');
        const item: BuyerText = { kind: 'taobao-review', storeId: DEMO_STORE_IDS.taobaoTea, text: body, accepted: false };
        buyerTexts.push(item);
        pendingTexts.push(
          emulator.postReview({ storeId: item.storeId, orderId: order.id, text: body }).then(async (result) => {
            await Promise.all(result.tmcMessageIds.map((id) => emulator.waitForTmcConfirm(id, options.durationMs + options.settleTimeoutMs)));
            item.accepted = true;
          }),
        );
      } else if (roll < 0.66) {
        // A duplicate TMC delivery of the last confirmed message (same id, same content).
        try {
          emulator.replayTmcMessage({ storeId: DEMO_STORE_IDS.taobaoTea });
          counters.tmcReplays += 1;
        } catch {
          track(emulator.generate(1)); // nothing confirmed yet to replay
        }
      } else {
        track(emulator.generate(1));
      }
    };
    const timers: ReturnType<typeof setTimeout>[] = [];
    const every = (ms: () => number, action: () => void | Promise<void>): void => {
      const tick = () => {
        const p = Promise.resolve(action()).catch((error: unknown) => serverLog.push(`soak action: ${String(error)}`));
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        timers.push(setTimeout(tick, ms()));
      };
      timers.push(setTimeout(tick, ms()));
    };
    every(() => 1000 / options.rate, storefrontEvent);
    for (const client of clients) {
      every(
        () => rng.int(800, 4000),
        async () => {
          const roll = rng.next();
          if (roll < 0.35) {
            if (client.link.up) {
              client.link.down();
              counters.flaps += 1;
            } else client.link.restore();
          } else if (roll < 0.4) {
            await client.restartApp();
          } else {
            await client.replyToRandomConversation((items) => rng.pick(items), `soak ${runId} reply ${client.label} #${++serial}`);
          }
        },
      );
    }
    const runUntil = started + options.durationMs;
    for (let k = 0; k < options.kills; k++) {
      const at = started + ((k + 1) * options.durationMs) / (options.kills + 1) + rng.int(-500, 500);
      await sleep(Math.max(0, at - Date.now()));
      await server.kill();
      counters.kills += 1;
      const downMs = rng.int(300, 2500);
      options.log({ type: 'kill', n: counters.kills, atMs: Date.now() - started, downMs });
      await sleep(downMs);
      await server.start();
      options.log({ type: 'restart', n: counters.kills, atMs: Date.now() - started });
    }
    await sleep(Math.max(0, runUntil - Date.now()));
    for (const timer of timers) clearTimeout(timer);

    // --- settle ------------------------------------------------------------------------
    const settleStart = Date.now();
    await Promise.allSettled([...inFlight]);
    for (const client of clients) client.link.restore();
    await Promise.allSettled(pendingTexts.slice());
    const probeToken = await loginToken(server.url, 'lead');
    let settled = false;
    while (Date.now() - settleStart < options.settleTimeoutMs) {
      for (const client of clients) client.kick();
      if (await quiet(emulator, clients, server.url, probeToken)) {
        settled = true;
        break;
      }
      await sleep(500);
    }
    const settleMs = Date.now() - settleStart;
    options.log({ type: 'settled', settled, settleMs });

    // --- reconcile -------------------------------------------------------------------
    const snapshots = await Promise.all(clients.map((client) => snapshot(client)));
    await server.stop();
    const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir });
    let serverRows: ServerMessageRow[];
    try {
      serverRows = (
        await database.query<{ id: string; store_id: string; direction: string; body: string; delivery: string; platform_message_id: string | null }>(
          'SELECT id, store_id, direction, body, delivery, platform_message_id FROM messages',
        )
      ).map((r) => ({ id: r.id, storeId: r.store_id, direction: r.direction, body: r.body, delivery: r.delivery, platformMessageId: r.platform_message_id }));
    } finally {
      await database.close();
    }
    const verdict = reconcile({
      server: serverRows,
      buyerTexts,
      clients: snapshots,
      emulatorReplies: emulator.replies().map((r) => ({ idempotencyKey: r.idempotencyKey, storeId: r.storeId, text: r.fields.text ?? r.fields.content ?? r.fields.reply ?? r.fields.comment ?? '', attempts: r.attempts })),
    });
    const report: SoakReport = {
      ...verdict,
      events: counters.events,
      webhookDuplicatesSent: emulator.shopifyDeliveries().filter((d) => d.replayOf !== null).length,
      tmcReplays: counters.tmcReplays,
      tmcRedeliveries: emulator.tmc.confirmed().reduce((sum, c) => sum + c.deliveries - 1, 0),
      flaps: counters.flaps,
      appRestarts: clients.reduce((sum, c) => sum + c.restarts, 0),
      kills: counters.kills,
      settled,
      settleMs,
      durationMs: Date.now() - started,
      serverMessages: serverRows.length,
    };
    if (!settled || report.lost > 0 || report.duplicated > 0) {
      for (const line of serverLog.slice(-30)) options.log({ type: 'server-log', line });
    }
    return report;
  } finally {
    await Promise.allSettled(clients.map((client) => client.close()));
    await server.kill();
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Nothing left to move: TMC drained, outboxes empty, no reply pending, every client at the heads it may read. */
async function quiet(emulator: Emulator, clients: AgentClient[], serverUrl: string, leadToken: string): Promise<boolean> {
  if (emulator.tmc.pendingIds().length > 0) return false;
  for (const client of clients) {
    if ((await client.outbox()).some((row) => row.state !== 'failed')) return false;
  }
  const heads = await streamHeads(serverUrl, leadToken).catch(() => null);
  if (!heads) return false;
  for (const client of clients) {
    if ((await client.messages()).some((m) => m.direction === 'out' && m.delivery === 'pending')) return false;
    const readable = readableStores(client.user?.name ?? '');
    for (const [stream, head] of heads) {
      const storeId = stream.startsWith('store:') ? stream.slice('store:'.length) : null;
      if (storeId !== null && !readable.has(storeId)) continue;
      if ((await client.cursor(stream)) !== head) return false;
    }
  }
  return true;
}

/** The head seq of every stream, from a fresh welcome (a lead may read them all). */
function streamHeads(serverUrl: string, token: string): Promise<Map<StreamId, number>> {
  return new Promise((resolve, reject) => {
    const socket = io(serverUrl, { auth: { token }, transports: ['websocket'], reconnection: false, timeout: 3000 });
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error('no welcome'));
    }, 5000);
    socket.on(SyncEvents.welcome, (payload: unknown) => {
      clearTimeout(timer);
      socket.disconnect();
      const welcome = welcomeSchema.parse(payload);
      resolve(new Map(welcome.streams.map((s) => [s.stream, s.headSeq])));
    });
    socket.on('connect_error', (error) => {
      clearTimeout(timer);
      socket.disconnect();
      reject(error);
    });
  });
}

function readableStores(userName: string): Set<string> {
  const user = DEMO_USERS.find((u) => u.name === userName);
  if (!user) return new Set();
  if (user.role !== 'agent') return new Set(Object.values(DEMO_STORE_IDS));
  return new Set(user.stores);
}

async function snapshot(client: AgentClient): Promise<ClientSnapshot> {
  const outbox = await client.outbox();
  return {
    label: client.label,
    stores: readableStores(client.user?.name ?? ''),
    messages: await client.messages(),
    outbox: outbox.map((row) => ({
      mutationId: row.mutationId,
      state: row.state,
      messageId: row.mutation.payload.type === 'message.send' ? row.mutation.payload.messageId : null,
      failure: row.failure ? `${row.failure.code}: ${row.failure.message}` : null,
    })),
    ackedApplied: new Set(client.ackedApplied),
    sent: [...client.sent],
  };
}

async function loginToken(serverUrl: string, name: string): Promise<string> {
  const response = await fetch(`${serverUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login ${name}: ${response.status}`);
  return loginResponseSchema.parse(await response.json()).token;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function publicOptions(options: SoakOptions): Record<string, unknown> {
  const { log: _log, databaseUrl: _url, ...rest } = options;
  return rest;
}
