import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PresenceEvents, SyncEvents, mutationPayloadSchema, storeStream, type MutationPayload, type Store, type User } from '../../shared';
import { changeSchema } from '../../shared';
import { TEST_PLATFORM } from '../testing/test-connector';
import { chatEvent, startTestServer, type SyncClient, type TestServer } from '../testing/test-server';

/**
 * The cross-store LEAK TEST. An agent granted store A only must never receive anything of
 * store B: not in a push, a pull, a mutation ack, or an HTTP answer. The test enumerates
 * what exists from the code itself, so that something added later is covered or makes
 * this test fail until it is classified below:
 * - every HTTP route the server registered (RunningServer.routes, from fastify's onRoute);
 * - every socket event name in SyncEvents and PresenceEvents;
 * - every mutation type in mutationPayloadSchema;
 * - every stream in the database's change feed.
 * Store B's data carries marker strings; every byte the agent receives is searched for them.
 */

const MARK = { nick: 'LEAKNICK-b7', body: 'LEAKBODY-b7', reply: 'LEAKREPLY-b7', storeName: 'LEAKSTORE-b7', phone: '13900001111', email: 'leak-b7@example.com', viewName: 'LEAKVIEW-b7', review: 'LEAKREVIEW-b7' };
const MARKERS = Object.values(MARK);

interface Ctx {
  storeA: Store & { secret: string };
  storeB: Store & { secret: string };
  agent: User;
  convB: string;
  customerB: string;
  customerA: string;
  /** A saved view of the owner's (private to them, in user:<ownerId>): the agent must not touch it. */
  ownerViewId: string;
}

/** Client → server events and how the agent aims each at store B; server → client events are only received. */
const EVENT_CASES: Record<string, 'server-to-client' | 'pull' | 'mutate' | 'presence'> = {
  [SyncEvents.welcome]: 'server-to-client',
  [SyncEvents.changes]: 'server-to-client',
  [SyncEvents.revoked]: 'server-to-client',
  [SyncEvents.pull]: 'pull',
  [SyncEvents.mutate]: 'mutate',
  [PresenceEvents.viewing]: 'presence',
  [PresenceEvents.typing]: 'presence',
  [PresenceEvents.update]: 'server-to-client',
  [PresenceEvents.online]: 'server-to-client',
};

/** Every mutation type aimed at store B's data. All must be rejected without a write to store B. */
const FOREIGN_MUTATIONS: Record<string, (ctx: Ctx) => unknown> = {
  'message.send': (c) => ({ type: 'message.send', conversationId: c.convB, messageId: randomUUID(), body: 'agent reply into B' }),
  'conversation.setStatus': (c) => ({ type: 'conversation.setStatus', conversationId: c.convB, status: 'resolved' }),
  'conversation.assign': (c) => ({ type: 'conversation.assign', conversationId: c.convB, assigneeId: c.agent.id }),
  'conversation.snooze': (c) => ({ type: 'conversation.snooze', conversationId: c.convB, until: new Date(Date.now() + 3_600_000).toISOString() }),
  'conversation.tag': (c) => ({ type: 'conversation.tag', conversationId: c.convB, add: ['x'], remove: [] }),
  'conversation.setPriority': (c) => ({ type: 'conversation.setPriority', conversationId: c.convB, priority: 'urgent' }),
  'note.add': (c) => ({ type: 'note.add', conversationId: c.convB, messageId: randomUUID(), body: 'note into B' }),
  'customer.link': (c) => ({ type: 'customer.link', customerId: c.customerA, otherCustomerId: c.customerB }),
  'customer.unlink': (c) => ({ type: 'customer.unlink', customerId: c.customerB }),
  'template.upsert': (c) => ({
    type: 'template.upsert',
    templateId: randomUUID(),
    template: { title: 'B', shortcut: 'leakb', body: 'hi', category: '', language: 'en', setStatus: null, addTag: null, scope: 'store', storeId: c.storeB.id },
  }),
  'template.delete': () => ({ type: 'template.delete', templateId: randomUUID() }),
  'complianceTerm.upsert': (c) => ({
    type: 'complianceTerm.upsert',
    termId: randomUUID(),
    term: { term: 'leak', reason: { 'zh-CN': '', en: 'r' }, suggestion: { 'zh-CN': '', en: 's' }, severity: 'risky', platform: null, storeId: c.storeB.id },
  }),
  'complianceTerm.delete': () => ({ type: 'complianceTerm.delete', termId: randomUUID() }),
  'storeSettings.update': (c) => ({ type: 'storeSettings.update', storeId: c.storeB.id, complianceMode: 'off' }),
  // The agent's own state lives in user:<id>: aimed at someone else's view or at store B's thread.
  'savedView.save': (c) => ({ type: 'savedView.save', viewId: c.ownerViewId, view: { name: 'hijacked', filter: { storeIds: [c.storeB.id] }, sort: 'latest', position: 0 } }),
  'savedView.delete': (c) => ({ type: 'savedView.delete', viewId: c.ownerViewId }),
  'conversation.markRead': (c) => ({ type: 'conversation.markRead', marks: [{ conversationId: c.convB, readAt: new Date().toISOString() }] }),
  // Agents edit no catalogue (owner/lead only), least of all another store's.
  'product.save': (c) => ({
    type: 'product.save',
    productId: randomUUID(),
    storeId: c.storeB.id,
    product: { title: 'leak product', sku: null, price: '1.00', imageUrl: null, url: null, status: 'active' },
  }),
};

/**
 * Every synced entity and the streams it travels in; the pull and push checks below cover
 * each stream kind, so a classified entity is covered. A new entity fails the test until
 * it is added here.
 */
const ENTITY_STREAMS: Record<string, string> = {
  store: 'team',
  user: 'team',
  settings: 'team',
  customer: 'store:<id>',
  conversation: 'store:<id>',
  message: 'store:<id>',
  order: 'store:<id>',
  product: 'store:<id>',
  storeSettings: 'store:<id>',
  /** Buyer text and pictures: store B's reviews must never reach store A's agent (pushes test). */
  review: 'store:<id>',
  quickReply: 'team, store:<id> or user:<id> by scope',
  complianceTerm: 'team or store:<id> by scope',
  savedView: 'user:<id>',
  readMark: 'user:<id>',
};

type RouteCase =
  | { kind: 'public' }
  | { kind: 'webhook'; path: (ctx: Ctx) => string }
  /** Needs a session; the agent's request aimed at store B. `deny`: must fail (≥ 400). `read`: may answer, without store B data. */
  | { kind: 'session'; agent: 'deny' | 'read'; path: (ctx: Ctx) => string; body?: (ctx: Ctx) => unknown };

const ROUTES: Record<string, RouteCase> = {
  'GET /healthz': { kind: 'public' },
  'POST /api/login': { kind: 'public' },
  'POST /api/logout': { kind: 'session', agent: 'read', path: () => '/api/logout' },
  'GET /api/me': { kind: 'session', agent: 'read', path: () => '/api/me' },
  'POST /webhooks/:platform/:storeId': { kind: 'webhook', path: (c) => `/webhooks/${TEST_PLATFORM}/${c.storeB.id}` },
  /** Platforms' URL verification handshakes (WeChat echostr): signed by the platform too. */
  'GET /webhooks/:platform/:storeId': { kind: 'webhook', path: (c) => `/webhooks/${TEST_PLATFORM}/${c.storeB.id}` },
  'GET /api/stores/platforms': { kind: 'session', agent: 'deny', path: () => '/api/stores/platforms' },
  'GET /api/stores': { kind: 'session', agent: 'deny', path: () => '/api/stores' },
  'POST /api/stores': { kind: 'session', agent: 'deny', path: () => '/api/stores', body: () => ({ platform: 'test', name: 'x', currency: 'USD', credentials: {} }) },
  'PATCH /api/stores/:id': { kind: 'session', agent: 'deny', path: (c) => `/api/stores/${c.storeB.id}`, body: () => ({ name: 'renamed' }) },
  'GET /api/team/assignment': { kind: 'session', agent: 'read', path: () => '/api/team/assignment' },
  'PUT /api/team/assignment': { kind: 'session', agent: 'deny', path: () => '/api/team/assignment', body: () => ({}) },
  'POST /api/customers/:id/reveal': { kind: 'session', agent: 'deny', path: (c) => `/api/customers/${c.customerB}/reveal` },
  'GET /api/customers/:id/export': { kind: 'session', agent: 'deny', path: (c) => `/api/customers/${c.customerB}/export` },
  'DELETE /api/customers/:id': { kind: 'session', agent: 'deny', path: (c) => `/api/customers/${c.customerB}` },
  'GET /api/audit': { kind: 'session', agent: 'deny', path: () => '/api/audit' },
  'GET /api/settings': { kind: 'session', agent: 'read', path: () => '/api/settings' },
  'PUT /api/settings/retention': { kind: 'session', agent: 'deny', path: () => '/api/settings/retention', body: () => ({ retentionDays: 1 }) },
  'POST /api/users/:id/disable': { kind: 'session', agent: 'deny', path: (c) => `/api/users/${c.agent.id}/disable` },
  'DELETE /api/users/:id': { kind: 'session', agent: 'deny', path: (c) => `/api/users/${c.agent.id}` },
  'DELETE /api/stores/:storeId/agents/:userId': { kind: 'session', agent: 'deny', path: (c) => `/api/stores/${c.storeB.id}/agents/${c.agent.id}` },
  'GET /api/team/members': { kind: 'session', agent: 'deny', path: () => '/api/team/members' },
  'POST /api/team/members': { kind: 'session', agent: 'deny', path: () => '/api/team/members', body: (c) => ({ name: 'leak-new', role: 'agent', password: 'leak-pass-1', storeIds: [c.storeB.id] }) },
  'PUT /api/team/members/:id/stores': { kind: 'session', agent: 'deny', path: (c) => `/api/team/members/${c.agent.id}/stores`, body: (c) => ({ storeIds: [c.storeB.id] }) },
  'PUT /api/team/members/:id/reveal': { kind: 'session', agent: 'deny', path: (c) => `/api/team/members/${c.agent.id}/reveal`, body: () => ({ canRevealPii: true }) },
  'POST /api/users/:id/enable': { kind: 'session', agent: 'deny', path: (c) => `/api/users/${c.agent.id}/enable` },
  'GET /api/templates/usage': { kind: 'session', agent: 'deny', path: () => '/api/templates/usage' },
  'POST /api/templates/import': { kind: 'session', agent: 'deny', path: () => '/api/templates/import', body: (c) => ({ format: 'csv', content: 'title,shortcut,body,language\nx,x,x,en\n', scope: 'store', storeId: c.storeB.id }) },
  'GET /api/templates/export': { kind: 'session', agent: 'deny', path: (c) => `/api/templates/export?format=json&scope=store&storeId=${c.storeB.id}` },
  'GET /api/compliance/events': { kind: 'session', agent: 'deny', path: (c) => `/api/compliance/events?storeId=${c.storeB.id}` },
};

function expectNoMarkers(what: string, text: string): void {
  for (const marker of MARKERS) {
    if (text.includes(marker)) throw new Error(`${what} leaked store B data (${marker}): ${text.slice(0, 500)}`);
  }
}

describe('cross-store leak test: an agent of store A receives nothing of store B', () => {
  let server: TestServer;
  let ctx: Ctx;
  let agentToken: string;
  let agentClient: SyncClient;
  const received: Array<{ event: string; payload: unknown }> = [];

  beforeAll(async () => {
    server = await startTestServer();
    const storeA = await server.addStore('Store A');
    const storeB = await server.addStore(MARK.storeName);
    const agent = await server.addUser('leak-agent', 'agent');
    await server.grant(storeA.id, agent.id);
    await server.addUser('leak-owner', 'owner');
    await server.deliver(storeA, [chatEvent({ customer: { platformUserId: 'buyer-a', nickname: 'A buyer', locale: null, email: null }, body: 'hello A' })]);
    await server.deliver(storeB, [
      chatEvent({
        customer: { platformUserId: 'buyer-b', nickname: MARK.nick, locale: null, email: MARK.email, contact: { realName: null, phone: MARK.phone, address: null, idNumber: null } },
        body: MARK.body,
      }),
    ]);
    const [convB] = await server.database.query<{ id: string; customer_id: string }>('SELECT id, customer_id FROM conversations WHERE store_id = $1', [storeB.id]);
    const [customerA] = await server.database.query<{ id: string }>('SELECT id FROM customers WHERE store_id = $1', [storeA.id]);
    if (!convB || !customerA) throw new Error('setup failed');
    // The owner saves a view (its name carries a marker): it lives in user:<ownerId> only.
    const ownerViewId = randomUUID();
    const ownerSetup = await server.connect((await server.login('leak-owner')).token);
    const saved = await ownerSetup.request(SyncEvents.mutate, {
      mutationId: randomUUID(),
      createdAt: new Date().toISOString(),
      payload: { type: 'savedView.save', viewId: ownerViewId, view: { name: MARK.viewName, filter: { storeIds: [storeB.id] }, sort: 'latest', position: 0 } },
    });
    if ((saved as { status?: string }).status !== 'applied') throw new Error(`setup failed: ${JSON.stringify(saved)}`);
    ownerSetup.socket.disconnect();
    ctx = { storeA, storeB, agent, convB: convB.id, customerB: convB.customer_id, customerA: customerA.id, ownerViewId };
    agentToken = (await server.login('leak-agent')).token;
    agentClient = await server.connect(agentToken);
    agentClient.socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
    received.push({ event: SyncEvents.welcome, payload: agentClient.welcome });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('classifies every socket event, mutation type and HTTP route (add new ones to the tables above)', () => {
    expect([...Object.values(SyncEvents), ...Object.values(PresenceEvents)].filter((event) => !(event in EVENT_CASES))).toEqual([]);
    const types = mutationPayloadSchema.options.map((option) => option.shape.type.value);
    expect(types.filter((type) => !(type in FOREIGN_MUTATIONS))).toEqual([]);
    const routes = server.routes.map((route) => `${route.method} ${route.url}`);
    expect(routes.filter((route) => !(route in ROUTES))).toEqual([]);
    const entities = changeSchema.options.map((option) => option.shape.entity.value);
    expect(entities.filter((entity) => !(entity in ENTITY_STREAMS))).toEqual([]);
  });

  it('pulls: every stream the agent may not read is refused, whatever exists in the change feed', async () => {
    const streams = (await server.database.query<{ stream: string }>('SELECT stream FROM streams ORDER BY stream')).map((row) => row.stream);
    expect(streams).toContain(storeStream(ctx.storeB.id));
    for (const stream of [...streams, 'store:does-not-exist', 'user:someone-else']) {
      const own = stream === 'team' || stream === storeStream(ctx.storeA.id) || stream === `user:${ctx.agent.id}`;
      const known = stream === 'team' || stream.startsWith('store:') || stream.startsWith('user:');
      expect(known, `unclassified stream kind ${stream}`).toBe(true);
      const result = (await agentClient.request(SyncEvents.pull, { stream, since: 0, limit: 1000 })) as { ok: boolean; code?: string };
      expectNoMarkers(`pull ${stream}`, JSON.stringify(result));
      if (!own) expect(result, stream).toMatchObject({ ok: false, code: 'forbidden' });
    }
  });

  it('mutations: every type aimed at store B is rejected and writes nothing to store B', async () => {
    const [before] = await server.feed.heads([storeStream(ctx.storeB.id)]);
    for (const [type, build] of Object.entries(FOREIGN_MUTATIONS)) {
      const payload = build(ctx);
      const parsed = mutationPayloadSchema.safeParse(payload);
      expect(parsed.success, `the ${type} case no longer matches mutationPayloadSchema: update it`).toBe(true);
      const ack = (await agentClient.request(SyncEvents.mutate, {
        mutationId: randomUUID(),
        createdAt: new Date().toISOString(),
        payload: parsed.data as MutationPayload,
      })) as { status: string; code?: string };
      expectNoMarkers(`ack of ${type}`, JSON.stringify(ack));
      expect(ack.status, `${type} aimed at store B was applied`).toBe('rejected');
    }
    const [after] = await server.feed.heads([storeStream(ctx.storeB.id)]);
    expect(after?.headSeq).toBe(before?.headSeq);
  });

  it('HTTP: every route needs authentication (or a signature), and none answers the agent with store B data', async () => {
    for (const route of server.routes) {
      const key = `${route.method} ${route.url}`;
      const spec = ROUTES[key];
      if (!spec || spec.kind === 'public') continue;
      if (spec.kind === 'webhook') {
        const post = route.method === 'POST';
        const unsigned = await fetch(`${server.url}${spec.path(ctx)}`, {
          method: route.method,
          headers: { authorization: `Bearer ${agentToken}`, ...(post ? { 'content-type': 'application/json' } : {}) },
          body: post ? '{"events":[]}' : undefined,
        });
        // A bearer session is no substitute for the platform's signature.
        expect(unsigned.status, key).toBeGreaterThanOrEqual(400);
        expect(unsigned.status, key).toBeLessThan(500);
        expectNoMarkers(key, await unsigned.text());
        continue;
      }
      const body = spec.body?.(ctx);
      const init = (token: string | null): RequestInit => ({
        method: route.method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const anonymous = await fetch(`${server.url}${spec.path(ctx)}`, init(null));
      expect(anonymous.status, `${key} without a session`).toBe(401);
      if (key === 'POST /api/logout') continue; // would end the agent's session for the rest of the test
      const asAgent = await fetch(`${server.url}${spec.path(ctx)}`, init(agentToken));
      expectNoMarkers(key, await asAgent.text());
      if (spec.agent === 'deny') expect(asAgent.status, `${key} as the agent`).toBeGreaterThanOrEqual(400);
    }
  });

  it('pushes: activity in store B (buyers, an owner replying, erasure) reaches the agent not at all', async () => {
    const owner = await server.connect((await server.login('leak-owner')).token);
    // The owner opens and types in store B's thread: presence goes to store B's readers only.
    expect(await owner.request(PresenceEvents.viewing, { conversationId: ctx.convB })).toEqual({ ok: true });
    expect(await owner.request(PresenceEvents.typing, { conversationId: ctx.convB })).toEqual({ ok: true });
    // And the agent's own presence events aimed at store B are refused.
    for (const event of Object.keys(EVENT_CASES).filter((name) => EVENT_CASES[name] === 'presence')) {
      expect(await agentClient.request(event, { conversationId: ctx.convB }), event).toMatchObject({ ok: false, code: 'not_found' });
    }
    const ack = await owner.request(SyncEvents.mutate, {
      mutationId: randomUUID(),
      createdAt: new Date().toISOString(),
      payload: { type: 'message.send', conversationId: ctx.convB, messageId: randomUUID(), body: MARK.reply },
    });
    expect(ack).toMatchObject({ status: 'applied' });
    await server.deliver(ctx.storeB, [chatEvent({ customer: { platformUserId: 'buyer-b2', nickname: MARK.nick, locale: null, email: null }, body: MARK.body })]);
    // A review in store B: its text and picture URL carry a marker (the review entity).
    const reviewDelivery = await server.deliver(ctx.storeB, [
      {
        type: 'review.received',
        dedupeKey: `leak-review-${randomUUID()}`,
        customer: { platformUserId: 'buyer-b3', nickname: MARK.nick, locale: null, email: null },
        platformReviewId: 'leak-review-1',
        rating: 1,
        body: MARK.review,
        productTitle: MARK.review,
        platformOrderId: null,
        sentAt: new Date().toISOString(),
        images: [{ url: `https://img.example.com/${MARK.review}.jpg` }],
      },
    ]);
    expect(reviewDelivery.status).toBe(200);
    expect((await server.database.query('SELECT 1 FROM reviews WHERE store_id = $1', [ctx.storeB.id])).length).toBe(1);
    // A barrier: store A's next change reaches the agent after store B's (one process, commit order).
    await server.deliver(ctx.storeA, [chatEvent({ customer: { platformUserId: 'buyer-a', nickname: 'A buyer', locale: null, email: null }, body: 'barrier A' })]);
    await agentClient.waitForChange((c) => c.entity === 'message' && c.data.body === 'barrier A');
    expect(received.length).toBeGreaterThan(1);
    for (const { event, payload } of received) {
      expect(event in EVENT_CASES, `unclassified server event ${event}`).toBe(true);
      const text = JSON.stringify(payload);
      expectNoMarkers(`push ${event}`, text);
      expect(text).not.toContain(`"stream":"${storeStream(ctx.storeB.id)}"`);
      expect(text, `${event} names store B's conversation`).not.toContain(ctx.convB);
    }
  });
});
