// fake-indexeddb first: Dexie binds to the global indexedDB when the database opens.
import 'fake-indexeddb/auto';
import { canReply, loginResponseSchema, mutationAckSchema, type Message, type User } from '../shared';
import { getCursor } from '../renderer/src/db/applyChanges';
import { HuixinDb, openDurableDb } from '../renderer/src/db/database';
import { listOutbox, sendReply } from '../renderer/src/db/outbox';
import { SESSION_KEY } from '../renderer/src/db/schema';
import type { ConnectFn } from '../renderer/src/sync/connection';
import { SyncEngine } from '../renderer/src/sync/engine';
import { connectSocket } from '../renderer/src/sync/socketConnection';
import { FlakyLink } from './flaky-link';

/**
 * One agent's desktop as far as data goes: the REAL sync engine and Dexie cache of the
 * renderer, on fake-indexeddb, with the real socket.io connection — reaching the server
 * through its own FlakyLink so the soak can pull the cable. What the agent sends goes
 * through the outbox exactly as the composer does it (sendReply, then "outbox changed").
 */
export interface SentReply {
  agent: string;
  messageId: string;
  /** The outbox mutation that carried it; its `applied` ack is a promise the server must keep. */
  mutationId: string;
  conversationId: string;
  storeId: string;
  body: string;
}

export class AgentClient {
  readonly link: FlakyLink;
  readonly cache: HuixinDb;
  readonly durable: HuixinDb;
  private engine: SyncEngine | null = null;
  user: User | null = null;
  /** Mutation ids the server acked `applied`: the writes that must survive any restart. */
  readonly ackedApplied = new Set<string>();
  readonly sent: SentReply[] = [];
  problems: string[] = [];
  restarts = 0;

  constructor(
    readonly label: string,
    private readonly login: { name: string; password: string },
    serverPort: number,
    dbName: string,
  ) {
    this.link = new FlakyLink(serverPort);
    this.cache = new HuixinDb(dbName);
    this.durable = openDurableDb(dbName);
  }

  /** Logs in over HTTP (through the link, retrying while the server is down) and starts syncing. */
  async start(deadline: number): Promise<void> {
    await this.link.open();
    for (;;) {
      try {
        const response = await fetch(`${this.link.url}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(this.login),
        });
        if (!response.ok) throw new Error(`login answered ${response.status}: ${await response.text()}`);
        const login = loginResponseSchema.parse(await response.json());
        this.user = login.user;
        await this.cache.session.put({ key: SESSION_KEY, token: login.token, expiresAt: login.expiresAt, user: login.user, serverUrl: this.link.url });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    await this.startEngine();
  }

  private async startEngine(): Promise<void> {
    const engine = new SyncEngine({
      cache: this.cache,
      durable: this.durable,
      connect: this.recordingConnect,
      report: (message) => {
        if (message.type === 'problem') this.problems.push(message.message);
      },
      log: () => undefined,
    });
    this.engine = engine;
    await engine.start();
  }

  /** The socket connection, with every `applied` ack noted on the way back. */
  private readonly recordingConnect: ConnectFn = (url, token, events) => {
    const connection = connectSocket(url, token, events);
    return {
      ...connection,
      mutate: async (mutation) => {
        const raw = await connection.mutate(mutation);
        const ack = mutationAckSchema.safeParse(raw);
        if (ack.success && ack.data.status === 'applied') this.ackedApplied.add(ack.data.mutationId);
        return raw;
      },
    };
  };

  /** The app window closes and opens again: a new engine on the same databases. */
  async restartApp(): Promise<void> {
    this.restarts += 1;
    this.engine?.stop();
    await this.startEngine();
  }

  /** Queues a reply to a random cached conversation the agent may answer; null when there is none yet. */
  async replyToRandomConversation(pick: <T>(items: readonly T[]) => T, body: string): Promise<SentReply | null> {
    // Only where the composer offers a reply: some platforms take no answer to some threads.
    const platforms = new Map((await this.cache.stores.toArray()).map((store) => [store.id, store.platform]));
    const conversations = (await this.cache.conversations.toArray()).filter((c) => {
      const platform = platforms.get(c.storeId);
      return platform !== undefined && canReply(platform, c.kind);
    });
    if (conversations.length === 0) return null;
    const conversation = pick(conversations);
    const messageId = await sendReply(this.durable, conversation.id, body);
    const row = (await listOutbox(this.durable)).find((r) => r.mutation.payload.type === 'message.send' && r.mutation.payload.messageId === messageId);
    if (!row) throw new Error(`reply ${messageId} is not in the outbox right after sendReply`);
    const reply: SentReply = { agent: this.label, messageId, mutationId: row.mutationId, conversationId: conversation.id, storeId: conversation.storeId, body };
    this.sent.push(reply);
    void this.engine?.drainOutbox();
    return reply;
  }

  /** Nudges the engine to send what is queued (the renderer does this on "outbox changed"). */
  kick(): void {
    void this.engine?.drainOutbox();
  }

  async outbox() {
    return listOutbox(this.durable);
  }

  async messages(): Promise<Message[]> {
    return this.cache.messages.toArray();
  }

  async cursor(stream: Parameters<typeof getCursor>[1]): Promise<number> {
    return getCursor(this.cache, stream);
  }

  async close(): Promise<void> {
    this.engine?.stop();
    this.engine = null;
    await this.link.close();
    this.durable.close();
    await this.cache.delete();
  }
}
