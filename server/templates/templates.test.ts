import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SyncEvents,
  TEAM_STREAM,
  mutationAckSchema,
  pullResultSchema,
  storeStream,
  userStream,
  type MutationAck,
  type NewQuickReply,
  type User,
} from '../../shared';
import { chatEvent, startTestServer, type SyncClient, type TestServer } from '../testing/test-server';

let server: TestServer;
let storeA: Awaited<ReturnType<TestServer['addStore']>>;
let storeB: Awaited<ReturnType<TestServer['addStore']>>;
let agentA: User;
let agentB: User;
let tokens: Record<'agentA' | 'agentB' | 'lead' | 'owner', string>;

beforeAll(async () => {
  server = await startTestServer();
  storeA = await server.addStore('Store A');
  storeB = await server.addStore('Store B');
  agentA = await server.addUser('agent-a', 'agent');
  agentB = await server.addUser('agent-b', 'agent');
  await server.addUser('lead', 'lead');
  await server.addUser('owner', 'owner');
  await server.grant(storeA.id, agentA.id);
  await server.grant(storeB.id, agentB.id);
  tokens = {
    agentA: (await server.login('agent-a')).token,
    agentB: (await server.login('agent-b')).token,
    lead: (await server.login('lead')).token,
    owner: (await server.login('owner')).token,
  };
});
afterAll(() => server.stop());

const mutate = async (client: SyncClient, payload: unknown): Promise<MutationAck> =>
  mutationAckSchema.parse(
    await client.request(SyncEvents.mutate, { mutationId: randomUUID(), createdAt: new Date().toISOString(), payload }),
  );

const template = (overrides: Partial<NewQuickReply> = {}): NewQuickReply => ({
  title: '发货',
  shortcut: `fh${randomUUID().slice(0, 4)}`,
  body: '亲，您的订单{{order.number}}已发出',
  category: '物流',
  language: 'zh-CN',
  scope: 'team',
  storeId: null,
  setStatus: null,
  addTag: null,
  ...overrides,
});

const upsert = (client: SyncClient, id: string, value: NewQuickReply) => mutate(client, { type: 'template.upsert', templateId: id, template: value });

async function http(path: string, token: string, init: RequestInit = {}) {
  const response = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as unknown };
}

async function conversationIn(storeId: string): Promise<string> {
  await server.ingest.ingestDelivery(storeId, {
    events: [chatEvent({ customer: { platformUserId: `buyer-${randomUUID()}`, nickname: 'B', locale: null, email: null } })],
    ignored: [],
  });
  const [row] = await server.database.query<{ id: string }>('SELECT id FROM conversations WHERE store_id = $1 ORDER BY created_at DESC LIMIT 1', [storeId]);
  if (!row) throw new Error('no conversation');
  return row.id;
}

const send = (client: SyncClient, conversationId: string, body: string, extra: Record<string, unknown> = {}) =>
  mutate(client, { type: 'message.send', conversationId, messageId: randomUUID(), body, ...extra });

describe('template sync per scope', () => {
  it('puts personal templates in the owner stream only; nobody else can pull it', async () => {
    const a = await server.connect(tokens.agentA);
    const b = await server.connect(tokens.agentB);
    const lead = await server.connect(tokens.lead);
    expect(a.welcome.streams.map((s) => s.stream)).toContain(userStream(agentA.id));
    expect(b.welcome.streams.map((s) => s.stream)).not.toContain(userStream(agentA.id));

    const id = randomUUID();
    expect(await upsert(a, id, template({ scope: 'personal', title: '我的话术' }))).toMatchObject({ status: 'applied' });
    const change = await a.waitForChange((c) => c.entity === 'quickReply' && c.data.id === id);
    expect(change).toMatchObject({ stream: userStream(agentA.id), data: { scope: 'personal', ownerId: agentA.id, title: '我的话术' } });

    for (const other of [b, lead]) {
      const denied = pullResultSchema.parse(await other.request(SyncEvents.pull, { stream: userStream(agentA.id), since: 0, limit: 100 }));
      expect(denied).toMatchObject({ ok: false, code: 'forbidden' });
    }
    // A marker change after the template: once it arrives, anything earlier would have too.
    const marker = randomUUID();
    await upsert(lead, marker, template());
    await b.waitForChange((c) => c.entity === 'quickReply' && c.data.id === marker);
    expect(b.pushes.flatMap((p) => p.changes).some((c) => c.entity === 'quickReply' && c.data.id === id)).toBe(false);
    // Someone else's personal template is "not found", not editable.
    expect(await upsert(b, id, template({ scope: 'personal' }))).toMatchObject({ status: 'rejected', code: 'not_found' });
  });

  it('shares team templates with everyone and store templates with that store only', async () => {
    const a = await server.connect(tokens.agentA);
    const b = await server.connect(tokens.agentB);
    const lead = await server.connect(tokens.lead);
    const teamId = randomUUID();
    const storeId = randomUUID();
    expect(await upsert(lead, teamId, template({ title: 'team one' }))).toMatchObject({ status: 'applied' });
    expect(await upsert(lead, storeId, template({ scope: 'store', storeId: storeA.id, title: 'store A one' }))).toMatchObject({ status: 'applied' });
    for (const client of [a, b]) {
      expect((await client.waitForChange((c) => c.entity === 'quickReply' && c.data.id === teamId)).stream).toBe(TEAM_STREAM);
    }
    expect((await a.waitForChange((c) => c.entity === 'quickReply' && c.data.id === storeId)).stream).toBe(storeStream(storeA.id));
    const pulled = pullResultSchema.parse(await b.request(SyncEvents.pull, { stream: storeStream(storeA.id), since: 0, limit: 100 }));
    expect(pulled.ok).toBe(false);

    // Edits and deletes sync as snapshots; the delete is a tombstone.
    expect(await upsert(lead, teamId, template({ title: 'team one, edited' }))).toMatchObject({ status: 'applied' });
    await a.waitForChange((c) => c.entity === 'quickReply' && c.data.id === teamId && c.data.title === 'team one, edited');
    expect(await mutate(lead, { type: 'template.delete', templateId: teamId })).toMatchObject({ status: 'applied' });
    await a.waitForChange((c) => c.entity === 'quickReply' && c.data.id === teamId && c.data.deletedAt !== null);
    expect(await mutate(lead, { type: 'template.delete', templateId: teamId })).toMatchObject({ status: 'rejected', code: 'not_found' });
    // A template keeps its scope.
    expect(await upsert(lead, storeId, template())).toMatchObject({ status: 'rejected', code: 'bad_request' });
  });

  it('lets agents write personal templates only, and owners alone the compliance settings', async () => {
    const a = await server.connect(tokens.agentA);
    const lead = await server.connect(tokens.lead);
    expect(await upsert(a, randomUUID(), template())).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(await upsert(a, randomUUID(), template({ scope: 'store', storeId: storeA.id }))).toMatchObject({ status: 'rejected', code: 'forbidden' });
    const teamId = randomUUID();
    await upsert(lead, teamId, template());
    expect(await mutate(a, { type: 'template.delete', templateId: teamId })).toMatchObject({ status: 'rejected', code: 'forbidden' });
    const term = { term: '包治百病', reason: { 'zh-CN': '医疗用语', en: 'medical claim' }, suggestion: { 'zh-CN': '删除', en: 'remove' }, severity: 'banned', platform: null, storeId: null };
    expect(await mutate(lead, { type: 'complianceTerm.upsert', termId: randomUUID(), term })).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(await mutate(lead, { type: 'storeSettings.update', storeId: storeA.id, complianceMode: 'off' })).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(await mutate(a, { type: 'storeSettings.update', storeId: storeA.id, complianceMode: 'off' })).toMatchObject({ status: 'rejected', code: 'forbidden' });
  });
});

describe('compliance on send', () => {
  it('blocks banned terms in block mode, lets a lead override, records blocks and overrides', async () => {
    const owner = await server.connect(tokens.owner);
    const a = await server.connect(tokens.agentA);
    const lead = await server.connect(tokens.lead);
    expect(await mutate(owner, { type: 'storeSettings.update', storeId: storeA.id, complianceMode: 'block' })).toMatchObject({ status: 'applied' });
    await a.waitForChange((c) => c.entity === 'storeSettings' && c.data.storeId === storeA.id && c.data.complianceMode === 'block');
    const conversation = await conversationIn(storeA.id);

    // Evasion with spaces and traditional characters is still caught on the server.
    const blocked = await send(a, conversation, '亲，這是全 網 最 低价');
    expect(blocked).toMatchObject({ status: 'rejected', code: 'compliance_blocked' });
    expect(blocked.status === 'rejected' && blocked.message).toMatch(/全网最低价/);
    const findings = [{ termId: 'default:quan-wang-zui-di-jia', term: '全网最低价', severity: 'banned', matchedText: '全 網 最 低价' }];
    expect(await send(a, conversation, '全网最低价', { complianceOverride: { findings, reason: '老客户' } })).toMatchObject({
      status: 'rejected',
      code: 'compliance_blocked',
      message: expect.stringMatching(/lead or owner/),
    });
    expect(await send(lead, conversation, '全网最低价', { complianceOverride: { findings, reason: 'approved by legal' } })).toMatchObject({ status: 'applied' });
    // Risky terms never block; clean text goes through.
    expect(await send(a, conversation, '绝对正品，放心')).toMatchObject({ status: 'applied' });
    expect(await send(a, conversation, '您是第一次购买吗？')).toMatchObject({ status: 'applied' });
    // Blocked replies leave no message behind.
    const bodies = (await server.database.query<{ body: string }>('SELECT body FROM messages WHERE conversation_id = $1', [conversation])).map((r) => r.body);
    expect(bodies.filter((b) => b.includes('最低'))).toEqual(['全网最低价']);

    // Warn mode: anyone sends; the send is recorded as an override.
    expect(await mutate(owner, { type: 'storeSettings.update', storeId: storeA.id, complianceMode: 'warn' })).toMatchObject({ status: 'applied' });
    expect(await send(a, conversation, '顶级好茶', { complianceOverride: { findings: [] } })).toMatchObject({ status: 'applied' });

    const events = await http(`/api/compliance/events?storeId=${storeA.id}`, tokens.lead);
    expect(events.status).toBe(200);
    const list = (events.json() as { events: Array<{ kind: string; mode: string; userId: string; reason: string | null; body: string }> }).events;
    expect(list.map((e) => [e.kind, e.mode, e.body])).toEqual([
      ['override', 'warn', '顶级好茶'],
      ['override', 'block', '绝对正品，放心'],
      ['override', 'block', '全网最低价'],
      ['blocked', 'block', '全网最低价'],
      ['blocked', 'block', '亲，這是全 網 最 低价'],
    ]);
    expect(list[2]?.reason).toBe('approved by legal');
    expect((await http('/api/compliance/events', tokens.agentA)).status).toBe(403);
    expect((await http('/api/compliance/events', 'x'.repeat(30))).status).toBe(401);
  });

  it('applies owner terms per store and lets owners switch a default off', async () => {
    const owner = await server.connect(tokens.owner);
    const b = await server.connect(tokens.agentB);
    await mutate(owner, { type: 'storeSettings.update', storeId: storeB.id, complianceMode: 'block' });
    const termId = randomUUID();
    const term = { term: '包治百病', reason: { 'zh-CN': '医疗用语', en: 'medical claim' }, suggestion: { 'zh-CN': '删除', en: 'remove' }, severity: 'banned', platform: null, storeId: storeB.id };
    expect(await mutate(owner, { type: 'complianceTerm.upsert', termId, term })).toMatchObject({ status: 'applied' });
    expect((await b.waitForChange((c) => c.entity === 'complianceTerm' && c.data.id === termId)).stream).toBe(storeStream(storeB.id));
    const conversation = await conversationIn(storeB.id);
    expect(await send(b, conversation, '这个茶包治百病')).toMatchObject({ status: 'rejected', code: 'compliance_blocked' });

    expect(await send(b, conversation, '顶级')).toMatchObject({ status: 'rejected', code: 'compliance_blocked' });
    expect(await mutate(owner, { type: 'complianceTerm.delete', termId: 'default:ding-ji' })).toMatchObject({ status: 'applied' });
    await b.waitForChange((c) => c.entity === 'complianceTerm' && c.data.id === 'default:ding-ji' && c.data.deletedAt !== null);
    expect(await send(b, conversation, '顶级')).toMatchObject({ status: 'applied' });
    expect(await mutate(owner, { type: 'storeSettings.update', storeId: storeB.id, complianceMode: 'warn' })).toMatchObject({ status: 'applied' });
  });
});

describe('usage, import and export', () => {
  it('counts template usage per agent and lists never-used templates', async () => {
    const lead = await server.connect(tokens.lead);
    const a = await server.connect(tokens.agentA);
    const used = randomUUID();
    const unused = randomUUID();
    await upsert(lead, used, template({ title: 'used one' }));
    await upsert(lead, unused, template({ title: 'never used' }));
    const conversation = await conversationIn(storeA.id);
    await send(a, conversation, 'one', { templateIds: [used] });
    await send(a, conversation, 'two', { templateIds: [used, used, 'no-such-template'] });
    await send(lead, conversation, 'three', { templateIds: [used] });

    const usage = await http('/api/templates/usage', tokens.lead);
    expect(usage.status).toBe(200);
    const body = usage.json() as {
      templates: Array<{ templateId: string; count: number; lastUsedAt: string | null; byAgent: Array<{ name: string; count: number }> }>;
      mostUsed: Array<{ templateId: string }>;
      neverUsed: Array<{ templateId: string }>;
    };
    const row = body.templates.find((t) => t.templateId === used);
    expect(row).toMatchObject({ count: 3, byAgent: [{ name: 'agent-a', count: 2 }, { name: 'lead', count: 1 }] });
    expect(row?.lastUsedAt).not.toBeNull();
    expect(body.mostUsed[0]?.templateId).toBe(used);
    expect(body.neverUsed.map((t) => t.templateId)).toContain(unused);
    expect((await http('/api/templates/usage', tokens.agentA)).status).toBe(403);
  });

  it('imports all or nothing with a report, and exports a file that imports back', async () => {
    const store = await server.addStore('Import store');
    const post = (content: string, format = 'csv') =>
      http('/api/templates/import', tokens.lead, { method: 'POST', body: JSON.stringify({ format, content, scope: 'store', storeId: store.id }) });
    const bad = await post('title,shortcut,body,language\n发货,fh,亲，已发货,zh-CN\n,x,no title,en\nbad,y,z,fr\n');
    expect(bad.status).toBe(422);
    expect(bad.json()).toMatchObject({ imported: 0, rejected: [{ row: 2 }, { row: 3 }] });
    const exportCsv = () => http(`/api/templates/export?format=csv&scope=store&storeId=${store.id}`, tokens.lead);
    expect((await exportCsv()).text).not.toContain('发货'); // nothing half-imported

    const good = await post('title,shortcut,body,category,language\n发货,fh,"亲，订单{{order.number}}已发出,请查收",物流,zh-CN\nWhere,where,Your order shipped,,en\n');
    expect(good.status).toBe(200);
    expect(good.json()).toMatchObject({ imported: 2, created: 2, updated: 0, rejected: [] });

    const exported = await exportCsv();
    expect(exported.status).toBe(200);
    expect(exported.text).toContain('亲，订单{{order.number}}已发出,请查收');
    // Round trip: importing the export back updates the same two templates.
    const again = await post(exported.text);
    expect(again.json()).toMatchObject({ imported: 2, created: 0, updated: 2 });
    const rows = await server.database.query<{ shortcut: string }>('SELECT shortcut FROM quick_replies WHERE store_id = $1 AND deleted_at IS NULL ORDER BY shortcut', [store.id]);
    expect(rows.map((r) => r.shortcut)).toEqual(['fh', 'where']);

    const json = await http(`/api/templates/export?format=json&scope=store&storeId=${store.id}`, tokens.lead);
    expect(json.json()).toEqual([
      // Sorted by category, then shortcut.
      { title: 'Where', shortcut: 'where', body: 'Your order shipped', category: '', language: 'en', setStatus: null, addTag: null },
      { title: '发货', shortcut: 'fh', body: '亲，订单{{order.number}}已发出,请查收', category: '物流', language: 'zh-CN', setStatus: null, addTag: null },
    ]);
    expect((await http('/api/templates/import', tokens.agentA, { method: 'POST', body: JSON.stringify({ format: 'csv', content: '', scope: 'team' }) })).status).toBe(403);
  });
});
