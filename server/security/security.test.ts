import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_DISABLED_HANDSHAKE,
  ACCOUNT_REMOVED_HANDSHAKE,
  ERASED_NICKNAME,
  ERASED_TEXT,
  SyncEvents,
  TEAM_STREAM,
  auditListSchema,
  pullResultSchema,
  revealResponseSchema,
  revokedSchema,
  storeStream,
  type InboundEvent,
  type Revoked,
  type Store,
  type User,
} from '../../shared';
import { chatEvent, connectSyncClient, startTestServer, type SyncClient, type TestServer } from '../testing/test-server';
import { disableUser } from './account-admin';

const CONTACT = { realName: '王小明', phone: '13812345678', address: '浙江省杭州市西湖区文三路90号', idNumber: '330106199001011234' };
const CLEAR_VALUES = ['13812345678', '王小明', '文三路90号', '330106199001011234'];

function contactEvent(platformUserId: string, body: string): InboundEvent {
  return chatEvent({
    customer: { platformUserId, nickname: `nick-${platformUserId}`, locale: 'zh-CN', email: `${platformUserId}@example.com`, contact: CONTACT },
    body,
  });
}

function recordRevocations(client: SyncClient): Revoked[] {
  const seen: Revoked[] = [];
  client.socket.on(SyncEvents.revoked, (payload: unknown) => seen.push(revokedSchema.parse(payload)));
  return seen;
}

function disconnected(client: SyncClient): Promise<string> {
  return new Promise((resolve) => client.socket.once('disconnect', (reason) => resolve(reason)));
}

describe('security: masking, reveal, audit, revocation, export, erasure, retention', () => {
  let server: TestServer;
  let storeA: Store & { secret: string };
  let storeB: Store & { secret: string };
  let owner: User;
  let ownerToken: string;

  const api = (method: string, path: string, token: string | null, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    // The periodic access check is what catches the admin CLI: short here.
    server = await startTestServer({ accessCheckMs: 200 });
    storeA = await server.addStore('A');
    storeB = await server.addStore('B');
    owner = await server.addUser('owner', 'owner');
    ownerToken = (await server.login('owner')).token;
    expect(owner.role).toBe('owner');
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function agentOf(name: string, stores: Store[]): Promise<{ user: User; token: string; client: SyncClient }> {
    const user = await server.addUser(name, 'agent');
    for (const store of stores) await server.grant(store.id, user.id);
    const { token } = await server.login(name);
    return { user, token, client: await server.connect(token) };
  }

  it('syncs buyer contact data masked: no client ever receives the clear values', async () => {
    const agent = await agentOf('mask-agent', [storeA]);
    expect((await server.deliver(storeA, [contactEvent('masked-buyer', 'hi')])).status).toBe(200);
    const change = await agent.client.waitForChange((c) => c.entity === 'customer' && c.data.platformUserId === 'masked-buyer');
    expect(change.entity === 'customer' && change.data.contact).toEqual({
      realName: '王**',
      phone: '138****5678',
      address: '浙江省杭州市****',
      idNumber: '3301**********1234',
    });
    const pulled = pullResultSchema.parse(await agent.client.request(SyncEvents.pull, { stream: storeStream(storeA.id), since: 0, limit: 1000 }));
    const everything = JSON.stringify([agent.client.pushes, pulled]);
    for (const value of [...CLEAR_VALUES, 'masked-buyer@example.com']) expect(everything).not.toContain(value);
  });

  it('reveals clear contact data only to permitted roles in readable stores, and audits each reveal', async () => {
    await server.deliver(storeB, [contactEvent('reveal-buyer', 'hello')]);
    const [customer] = await server.database.query<{ id: string }>("SELECT id FROM customers WHERE platform_user_id = 'reveal-buyer'");
    const path = `/api/customers/${customer?.id}/reveal`;
    const agent = await agentOf('reveal-agent', [storeB]);
    const other = await agentOf('reveal-other', [storeA]);
    await server.database.query('UPDATE users SET can_reveal_pii = true WHERE id = $1', [other.user.id]);
    const otherToken = (await server.login('reveal-other')).token; // the permission is read at login

    expect((await api('POST', path, null)).status).toBe(401);
    expect((await api('POST', path, agent.token)).status).toBe(403); // an agent without the permission
    const foreign = await api('POST', path, otherToken); // permitted, but not this store
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain('13812345678');

    await server.addUser('reveal-lead', 'lead');
    const leadToken = (await server.login('reveal-lead')).token;
    const revealed = revealResponseSchema.parse(await (await api('POST', path, leadToken)).json());
    expect(revealed.contact).toEqual(CONTACT);

    expect((await api('GET', '/api/audit', leadToken)).status).toBe(403);
    expect((await api('GET', '/api/audit', agent.token)).status).toBe(403);
    const audit = auditListSchema.parse(await (await api('GET', '/api/audit', ownerToken)).json());
    const reveals = audit.entries.filter((e) => e.action === 'contact.reveal' && e.customerId === customer?.id);
    expect(reveals).toHaveLength(1); // the refused attempts wrote nothing
    expect(reveals[0]?.actorName).toBe('reveal-lead');
  });

  it('an owner removing an agent cuts their socket with the reason, and the account can neither reconnect nor log in', async () => {
    const agent = await agentOf('removed-agent', [storeA]);
    const revocations = recordRevocations(agent.client);
    const gone = disconnected(agent.client);
    expect((await api('DELETE', `/api/users/${agent.user.id}`, agent.token)).status).toBe(403); // agents may not
    const response = await api('DELETE', `/api/users/${agent.user.id}`, ownerToken);
    expect(response.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect(revocations).toEqual([{ reason: 'account_removed', streams: [] }]);
    await expect(connectSyncClient(server.url, agent.token)).rejects.toThrow(ACCOUNT_REMOVED_HANDSHAKE);
    const login = await api('POST', '/api/login', null, { name: 'removed-agent', password: 'correct horse battery' });
    expect(login.status).toBe(403);
    expect((await server.database.query('SELECT 1 FROM agent_stores WHERE user_id = $1', [agent.user.id])).length).toBe(0);
    expect((await api('DELETE', `/api/users/${owner.id}`, ownerToken)).status).toBe(400); // not yourself
  });

  it('disabling from the admin CLI (another process) cuts the socket at the next access check', async () => {
    const agent = await agentOf('cli-disabled', [storeA]);
    const revocations = recordRevocations(agent.client);
    const gone = disconnected(agent.client);
    await disableUser(server.database, agent.user.id, { remove: false, actor: null });
    expect(await gone).toBe('io server disconnect');
    expect(revocations).toEqual([{ reason: 'account_disabled', streams: [] }]);
    // A client that was offline then learns the reason from the refused handshake.
    await expect(connectSyncClient(server.url, agent.token)).rejects.toThrow(ACCOUNT_DISABLED_HANDSHAKE);
  });

  it('withdrawing a store grant closes that stream only: nothing of it is pushed or pulled afterwards', async () => {
    const agent = await agentOf('two-store-agent', [storeA, storeB]);
    const revocations = recordRevocations(agent.client);
    expect((await api('DELETE', `/api/stores/${storeB.id}/agents/${agent.user.id}`, ownerToken)).status).toBe(200);
    expect(revocations).toEqual([{ reason: 'streams_revoked', streams: [storeStream(storeB.id)] }]);
    const before = agent.client.pushes.length;
    await server.deliver(storeB, [chatEvent({ body: 'secret of store B' })]);
    await server.deliver(storeA, [chatEvent({ body: 'still visible in A' })]);
    await agent.client.waitForChange((c) => c.entity === 'message' && c.data.body === 'still visible in A');
    expect(agent.client.pushes.slice(before).every((push) => push.stream !== storeStream(storeB.id))).toBe(true);
    const pull = pullResultSchema.parse(await agent.client.request(SyncEvents.pull, { stream: storeStream(storeB.id), since: 0, limit: 10 }));
    expect(pull).toMatchObject({ ok: false, code: 'forbidden' });
    expect(agent.client.socket.connected).toBe(true);
    expect((await api('DELETE', `/api/stores/${storeB.id}/agents/${agent.user.id}`, ownerToken)).status).toBe(404);
  });

  it('exports everything about one buyer to owners only, and audits the export', async () => {
    await server.deliver(storeA, [contactEvent('export-buyer', 'my order is late')]);
    const [customer] = await server.database.query<{ id: string }>("SELECT id FROM customers WHERE platform_user_id = 'export-buyer'");
    const path = `/api/customers/${customer?.id}/export`;
    const lead = await server.login('reveal-lead');
    expect((await api('GET', path, lead.token)).status).toBe(403);
    expect((await api('GET', '/api/customers/nope/export', ownerToken)).status).toBe(404);
    const exported = (await (await api('GET', path, ownerToken)).json()) as { customer: { email: string; contact: unknown }; messages: Array<{ body: string }> };
    expect(exported.customer.email).toBe('export-buyer@example.com');
    expect(exported.customer.contact).toEqual(CONTACT);
    expect(exported.messages.map((m) => m.body)).toContain('my order is late');
    const audit = auditListSchema.parse(await (await api('GET', '/api/audit', ownerToken)).json());
    expect(audit.entries.some((e) => e.action === 'customer.export' && e.customerId === customer?.id)).toBe(true);
  });

  it('erasing a buyer replaces their data with tombstones on the server, in every client and in the stream history', async () => {
    const agent = await agentOf('erase-watcher', [storeA]);
    await server.deliver(storeA, [contactEvent('erase-buyer', 'call me on 13812345678')]);
    const [customer] = await server.database.query<{ id: string }>("SELECT id FROM customers WHERE platform_user_id = 'erase-buyer'");
    await agent.client.waitForChange((c) => c.entity === 'message' && c.data.body.includes('call me'));
    const agentToken = agent.token;
    expect((await api('DELETE', `/api/customers/${customer?.id}`, agentToken)).status).toBe(403);

    const response = await api('DELETE', `/api/customers/${customer?.id}`, ownerToken);
    expect(response.status).toBe(200);
    await agent.client.waitForChange((c) => c.entity === 'customer' && c.data.id === customer?.id && c.data.nickname === ERASED_NICKNAME);
    await agent.client.waitForChange((c) => c.entity === 'message' && c.data.body === ERASED_TEXT);

    const [row] = await server.database.query<Record<string, unknown>>('SELECT * FROM customers WHERE id = $1', [customer?.id]);
    expect(row).toMatchObject({ nickname: ERASED_NICKNAME, email: null, phone: null, real_name: null, address: null, id_number: null });
    const bodies = await server.database.query<{ body: string }>(
      'SELECT m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.customer_id = $1',
      [customer?.id],
    );
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.every((m) => m.body === ERASED_TEXT)).toBe(true);

    // A client starting from scratch never sees the erased text.
    const fresh = await server.connect(agentToken);
    const pulled = pullResultSchema.parse(await fresh.request(SyncEvents.pull, { stream: storeStream(storeA.id), since: 0, limit: 1000 }));
    const history = JSON.stringify(pulled);
    for (const value of ['call me on', 'erase-buyer', 'nick-erase-buyer']) expect(history).not.toContain(value);
    const audit = auditListSchema.parse(await (await api('GET', '/api/audit', ownerToken)).json());
    expect(audit.entries.some((e) => e.action === 'customer.erase' && e.customerId === customer?.id)).toBe(true);
  });

  it('owners set the retention; it is synced to every client on the team stream', async () => {
    const agent = await agentOf('retention-agent', [storeA]);
    expect((await api('PUT', '/api/settings/retention', agent.token, { retentionDays: 1 })).status).toBe(403);
    expect((await api('PUT', '/api/settings/retention', ownerToken, { retentionDays: 0 })).status).toBe(400);
    expect((await api('PUT', '/api/settings/retention', ownerToken, { retentionDays: 30 })).status).toBe(200);
    const change = await agent.client.waitForChange((c) => c.entity === 'settings');
    expect(change.stream).toBe(TEAM_STREAM);
    expect(change.entity === 'settings' && change.data.retentionDays).toBe(30);
    expect(await (await api('GET', '/api/settings', agent.token)).json()).toMatchObject({ retentionDays: 30 });
  });
});

describe('sessions and logins', () => {
  it('a session that expires while connected is cut with the reason', async () => {
    const server = await startTestServer({ sessionTtlMs: 1_500 });
    try {
      await server.addUser('short', 'agent');
      const client = await server.connect((await server.login('short')).token);
      const revocations = recordRevocations(client);
      expect(await disconnected(client)).toBe('io server disconnect');
      expect(revocations).toEqual([{ reason: 'session_expired', streams: [] }]);
    } finally {
      await server.stop();
    }
  });

  it('rate-limits a distributed guess: many names from one address', async () => {
    const server = await startTestServer({ loginRateLimit: { maxFailures: 3, windowMs: 60_000 } });
    try {
      await server.addUser('real-user', 'agent');
      const attempt = (name: string, password: string) =>
        fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
      // One guess per name never reaches the per-name budget (3) …
      for (let i = 0; i < 15; i++) expect((await attempt(`guess-${i}`, 'Password1')).status).toBe(401);
      // … but the address's budget (5 × 3) is spent: even a right password now waits.
      const blocked = await attempt('real-user', 'correct horse battery');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });
});
