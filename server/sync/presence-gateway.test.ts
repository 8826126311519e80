import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PresenceEvents,
  presenceOnlineSchema,
  presenceUpdateSchema,
  type PresenceOnline,
  type PresenceUpdate,
  type User,
} from '../../shared';
import { chatEvent, startTestServer, type SyncClient, type TestServer } from '../testing/test-server';

/** Presence over real sockets: who views and types where, who is online, and no leaks. */
let server: TestServer;
let store: Awaited<ReturnType<TestServer['addStore']>>;
let otherStore: Awaited<ReturnType<TestServer['addStore']>>;
let alex: User;
let bo: User;
let carol: User;

interface Watched {
  client: SyncClient;
  updates: PresenceUpdate[];
  online: PresenceOnline[];
  /** Resolves with the first update (already received or future) that matches. */
  waitForUpdate(predicate: (update: PresenceUpdate) => boolean): Promise<PresenceUpdate>;
  waitForOnline(predicate: (online: PresenceOnline) => boolean): Promise<PresenceOnline>;
}

async function connectWatched(name: string): Promise<Watched> {
  const client = await server.connect((await server.login(name)).token);
  const updates: PresenceUpdate[] = [];
  const online: PresenceOnline[] = [];
  const waiters: Array<() => void> = [];
  client.socket.on(PresenceEvents.update, (payload: unknown) => {
    updates.push(presenceUpdateSchema.parse(payload));
    waiters.splice(0).forEach((wake) => wake());
  });
  client.socket.on(PresenceEvents.online, (payload: unknown) => {
    online.push(presenceOnlineSchema.parse(payload));
    waiters.splice(0).forEach((wake) => wake());
  });
  const waitFor = <T>(list: T[], predicate: (item: T) => boolean): Promise<T> =>
    new Promise((resolve) => {
      const check = () => {
        const found = list.find(predicate);
        if (found) resolve(found);
        else waiters.push(check);
      };
      check();
    });
  return {
    client,
    updates,
    online,
    waitForUpdate: (predicate) => waitFor(updates, predicate),
    waitForOnline: (predicate) => waitFor(online, predicate),
  };
}

const ack = (client: SyncClient, event: string, payload: unknown) => client.request(event, payload, 15_000);

async function newConversation(storeId: string): Promise<string> {
  const platformUserId = `buyer-${randomUUID()}`;
  await server.ingest.ingestDelivery(storeId, { events: [chatEvent({ customer: { platformUserId, nickname: 'B', locale: null, email: null } })], ignored: [] });
  const [row] = await server.database.query<{ id: string }>(
    `SELECT c.id FROM conversations c JOIN customers u ON u.id = c.customer_id WHERE c.store_id = $1 AND u.platform_user_id = $2`,
    [storeId, platformUserId],
  );
  if (!row) throw new Error('no conversation');
  return row.id;
}

let a: Watched;
let b: Watched;
let c: Watched;

beforeAll(async () => {
  server = await startTestServer();
  store = await server.addStore('Presence store');
  otherStore = await server.addStore('Carol store');
  alex = await server.addUser('p-alex', 'agent');
  bo = await server.addUser('p-bo', 'agent');
  carol = await server.addUser('p-carol', 'agent');
  await server.grant(store.id, alex.id);
  await server.grant(store.id, bo.id);
  await server.grant(otherStore.id, carol.id);
  a = await connectWatched('p-alex');
  b = await connectWatched('p-bo');
  c = await connectWatched('p-carol');
}, 60_000);
afterAll(() => server.stop());

describe('viewing and typing', () => {
  it('tells readers of the store who views and types, expires typing, and tells nobody else', async () => {
    const id = await newConversation(store.id);
    expect(await ack(a.client, PresenceEvents.viewing, { conversationId: id })).toEqual({ ok: true });
    await b.waitForUpdate((u) => u.conversationId === id && u.viewers.includes(alex.id));

    expect(await ack(b.client, PresenceEvents.viewing, { conversationId: id })).toEqual({ ok: true });
    // Bo, on opening, is told Alex is already there (and Alex hears about Bo).
    await a.waitForUpdate((u) => u.conversationId === id && u.viewers.includes(bo.id) && u.viewers.includes(alex.id));

    expect(await ack(a.client, PresenceEvents.typing, { conversationId: id })).toEqual({ ok: true });
    const typing = await b.waitForUpdate((u) => u.conversationId === id && u.typing.includes(alex.id));
    expect(typing.viewers).toEqual([alex.id, bo.id].sort());
    const typingAt = b.updates.indexOf(typing);
    // No further signal: typing ends by itself (TYPING_TTL_MS), Alex still views.
    const stopped = await b.waitForUpdate((u) => u.conversationId === id && b.updates.indexOf(u) > typingAt && u.typing.length === 0);
    expect(stopped.viewers).toContain(alex.id);

    // Alex closes the thread: Bo sees him leave.
    expect(await ack(a.client, PresenceEvents.viewing, { conversationId: null })).toEqual({ ok: true });
    await b.waitForUpdate((u) => u.conversationId === id && !u.viewers.includes(alex.id) && u.viewers.includes(bo.id));

    // Carol may not read this store: she heard nothing about it.
    expect(c.updates.filter((u) => u.conversationId === id)).toEqual([]);
    await ack(b.client, PresenceEvents.viewing, { conversationId: null });
  }, 30_000);

  it('refuses to announce presence in a conversation the user may not read, and leaks nothing', async () => {
    const id = await newConversation(store.id);
    expect(await ack(c.client, PresenceEvents.viewing, { conversationId: id })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await ack(c.client, PresenceEvents.typing, { conversationId: id })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await ack(c.client, PresenceEvents.viewing, { conversationId: 'no-such-conversation' })).toMatchObject({ ok: false, code: 'not_found' });
    // A marker afterwards: once Bo hears about it, Carol's attempts would have arrived before.
    await ack(a.client, PresenceEvents.viewing, { conversationId: id });
    const marker = await b.waitForUpdate((u) => u.conversationId === id && u.viewers.includes(alex.id));
    expect(marker.viewers).not.toContain(carol.id);
    expect(b.updates.some((u) => u.viewers.includes(carol.id) || u.typing.includes(carol.id))).toBe(false);
    await ack(a.client, PresenceEvents.viewing, { conversationId: null });
  });

  it('answers malformed presence events with bad_request and keeps the socket usable', async () => {
    expect(await ack(a.client, PresenceEvents.viewing, { conversationId: 42 })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(await ack(a.client, PresenceEvents.typing, 'nonsense')).toMatchObject({ ok: false, code: 'bad_request' });
    expect(a.client.socket.connected).toBe(true);
  });

  it('a disconnecting viewer leaves the viewers list', async () => {
    const id = await newConversation(store.id);
    const dan = await server.addUser(`p-dan-${randomUUID().slice(0, 4)}`, 'agent');
    await server.grant(store.id, dan.id);
    const d = await connectWatched(dan.name);
    await ack(d.client, PresenceEvents.viewing, { conversationId: id });
    await b.waitForUpdate((u) => u.conversationId === id && u.viewers.includes(dan.id));
    d.client.socket.disconnect();
    await b.waitForUpdate((u) => u.conversationId === id && !u.viewers.includes(dan.id));
  });
});

describe('who is online', () => {
  it('sends the online list after the welcome and updates everyone as people come and go', async () => {
    const eve = await server.addUser(`p-eve-${randomUUID().slice(0, 4)}`, 'agent');
    const e = await connectWatched(eve.name);
    await a.waitForOnline((o) => o.userIds.includes(eve.id));
    // Carol (another store) sees the team's presence too: it is team data, not store data.
    await c.waitForOnline((o) => o.userIds.includes(eve.id));
    e.client.socket.disconnect();
    await a.waitForOnline((o) => !o.userIds.includes(eve.id) && o.userIds.includes(alex.id));
  });
});
