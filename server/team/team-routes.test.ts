import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SyncEvents,
  auditListSchema,
  fieldErrorsResponseSchema,
  revokedSchema,
  storeStream,
  teamMemberListSchema,
  teamMemberSchema,
  welcomeSchema,
  type Revoked,
  type Store,
  type Welcome,
} from '../../shared';
import { chatEvent, connectSyncClient, startTestServer, type SyncClient, type TestServer } from '../testing/test-server';

const PASSWORD = 'agent-pass-1';

describe('team routes: the owner runs the team from the app', () => {
  let server: TestServer;
  let storeA: Store & { secret: string };
  let storeB: Store & { secret: string };
  let ownerToken: string;
  let leadToken: string;

  const api = (method: string, path: string, token: string | null, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const count = async (sql: string): Promise<number> => Number((await server.database.query<{ n: string }>(sql))[0]?.n);
  const auditActions = async (): Promise<string[]> => {
    const response = await api('GET', '/api/audit?limit=500', ownerToken);
    return auditListSchema.parse(await response.json()).entries.map((entry) => `${entry.action} ${entry.targetId ?? ''} ${entry.storeId ?? ''}`.trim());
  };
  const addAgent = async (name: string, storeIds: string[]) => {
    const response = await api('POST', '/api/team/members', ownerToken, { name, displayName: `${name} display`, role: 'agent', password: PASSWORD, storeIds });
    expect(response.status).toBe(201);
    return teamMemberSchema.parse(await response.json());
  };
  const login = (name: string, password = PASSWORD) => api('POST', '/api/login', null, { name, password });

  beforeAll(async () => {
    server = await startTestServer();
    storeA = await server.addStore('Team A');
    storeB = await server.addStore('Team B');
    await server.addUser('team-owner', 'owner');
    await server.addUser('team-lead', 'lead');
    ownerToken = (await server.login('team-owner')).token;
    leadToken = (await server.login('team-lead')).token;
  });
  afterAll(async () => server?.stop());

  it('an added agent logs in with the given password and reads only the granted store', async () => {
    const before = await auditActions();
    const member = await addAgent('new-agent', [storeA.id]);
    expect(member).toMatchObject({ name: 'new-agent', displayName: 'new-agent display', role: 'agent', state: 'active', canRevealPii: false, storeIds: [storeA.id] });
    expect((await auditActions()).length).toBe(before.length + 1);
    expect((await auditActions())[0]).toBe(`user.add ${member.id}`);

    const loggedIn = await login('new-agent');
    expect(loggedIn.status).toBe(200);
    const { token } = (await loggedIn.json()) as { token: string };
    const client = await server.connect(token);
    const streams = client.welcome.streams.map((head) => head.stream);
    expect(streams).toContain(storeStream(storeA.id));
    expect(streams).not.toContain(storeStream(storeB.id));
    client.socket.disconnect();

    const list = teamMemberListSchema.parse(await (await api('GET', '/api/team/members', ownerToken)).json());
    expect(list.members.find((m) => m.id === member.id)?.storeIds).toEqual([storeA.id]);
    // Leads and owners are listed with every store implied, and may always reveal.
    expect(list.members.find((m) => m.name === 'team-lead')).toMatchObject({ role: 'lead', storeIds: [], canRevealPii: true });
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const users = await count('SELECT count(*) AS n FROM users');
    const grants = await count('SELECT count(*) AS n FROM agent_stores');
    const audit = await count('SELECT count(*) AS n FROM audit_log');
    const cases: Array<[unknown, string]> = [
      [{ name: '', role: 'agent', password: PASSWORD }, 'name'],
      [{ name: 'has space', role: 'agent', password: PASSWORD }, 'name'],
      [{ name: 'shortpw', role: 'agent', password: 'short' }, 'password'],
      [{ name: 'makes-owner', role: 'owner', password: PASSWORD }, 'role'],
      [{ name: 'bad-store', role: 'agent', password: PASSWORD, storeIds: [storeA.id, 'no-such-store'] }, 'storeIds'],
      [{ name: 'lead-with-stores', role: 'lead', password: PASSWORD, storeIds: [storeA.id] }, 'storeIds'],
      [{ name: 'NEW-AGENT', role: 'agent', password: PASSWORD }, 'name'],
    ];
    for (const [body, field] of cases) {
      const response = await api('POST', '/api/team/members', ownerToken, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(fieldErrorsResponseSchema.parse(await response.json()).fieldErrors)).toContain(field);
    }
    const agent = (await (await api('GET', '/api/team/members', ownerToken)).json()) as { members: Array<{ id: string; name: string }> };
    const agentId = agent.members.find((m) => m.name === 'new-agent')?.id ?? '';
    const badGrant = await api('PUT', `/api/team/members/${agentId}/stores`, ownerToken, { storeIds: [storeB.id, 'nope'] });
    expect(badGrant.status).toBe(400);
    expect(fieldErrorsResponseSchema.parse(await badGrant.json()).fieldErrors.storeIds).toContain('nope');
    expect((await api('PUT', `/api/team/members/${agentId}/reveal`, ownerToken, { canRevealPii: 'yes' })).status).toBe(400);
    expect((await api('PUT', '/api/team/members/nobody/stores', ownerToken, { storeIds: [] })).status).toBe(404);

    expect(await count('SELECT count(*) AS n FROM users')).toBe(users);
    expect(await count('SELECT count(*) AS n FROM agent_stores')).toBe(grants);
    expect(await count('SELECT count(*) AS n FROM audit_log')).toBe(audit);
  });

  it('lets leads view the team and refuses every change from leads and agents', async () => {
    await server.addUser('agent-403', 'agent');
    const agentToken = (await server.login('agent-403')).token;
    expect((await api('GET', '/api/team/members', leadToken)).status).toBe(200);
    expect((await api('GET', '/api/team/members', agentToken)).status).toBe(403);
    expect((await api('GET', '/api/team/members', null)).status).toBe(401);
    const target = (await server.addUser('target-403', 'agent')).id;
    for (const token of [leadToken, agentToken]) {
      expect((await api('POST', '/api/team/members', token, { name: 'sneaky', role: 'agent', password: PASSWORD })).status).toBe(403);
      expect((await api('PUT', `/api/team/members/${target}/stores`, token, { storeIds: [storeB.id] })).status).toBe(403);
      expect((await api('PUT', `/api/team/members/${target}/reveal`, token, { canRevealPii: true })).status).toBe(403);
      expect((await api('POST', `/api/users/${target}/enable`, token)).status).toBe(403);
    }
    expect(await count(`SELECT count(*) AS n FROM users WHERE name = 'sneaky'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM agent_stores WHERE user_id = '${target}'`)).toBe(0);
  });

  it('a grant opens the store on the connected agent at once, a withdrawal closes it, both audited', async () => {
    const member = await addAgent('grant-agent', [storeA.id]);
    const { token } = (await (await login('grant-agent')).json()) as { token: string };
    const client = await server.connect(token);
    const welcomes = recordWelcomes(client);
    const revocations = recordRevocations(client);

    const again = nextWelcome(client);
    const granted = await api('PUT', `/api/team/members/${member.id}/stores`, ownerToken, { storeIds: [storeA.id, storeB.id] });
    expect(granted.status).toBe(200);
    expect(teamMemberSchema.parse(await granted.json()).storeIds.sort()).toEqual([storeA.id, storeB.id].sort());
    expect((await again).streams.map((head) => head.stream)).toContain(storeStream(storeB.id));
    // The socket joined store B's room: what happens there now reaches the agent.
    await server.deliver(storeB, [chatEvent({ body: 'after the grant' })]);
    await client.waitForChange((change) => change.entity === 'message' && change.data.body === 'after the grant');

    const revoked = new Promise<void>((resolve) => client.socket.once(SyncEvents.revoked, () => resolve()));
    const withdrawn = await api('PUT', `/api/team/members/${member.id}/stores`, ownerToken, { storeIds: [storeB.id] });
    expect(withdrawn.status).toBe(200);
    await revoked;
    expect(revocations).toEqual([{ reason: 'streams_revoked', streams: [storeStream(storeA.id)] }]);
    expect(welcomes.length).toBe(1);
    expect(client.socket.connected).toBe(true);

    const actions = await auditActions();
    expect(actions).toContain(`store.grant ${member.id} ${storeB.id}`);
    expect(actions).toContain(`store.revoke ${member.id} ${storeA.id}`);
    client.socket.disconnect();
  });

  it('reveal permission toggled by the owner is allowed and refused at once', async () => {
    const member = await addAgent('reveal-agent', [storeA.id]);
    const { token } = (await (await login('reveal-agent')).json()) as { token: string };
    await server.deliver(storeA, [chatEvent({ customer: { platformUserId: 'team-buyer', nickname: 'buyer', locale: 'zh-CN', email: null, contact: { realName: '李雷', phone: '13900001111', address: null, idNumber: null } } })]);
    const [customer] = await server.database.query<{ id: string }>(`SELECT id FROM customers WHERE platform_user_id = 'team-buyer'`);
    const reveal = () => api('POST', `/api/customers/${customer?.id}/reveal`, token);
    expect((await reveal()).status).toBe(403);

    const client = await connectSyncClient(server.url, token);
    expect(client.welcome.user.canRevealPii).toBeUndefined();
    const nextWelcome = new Promise<unknown>((resolve) => client.socket.once(SyncEvents.welcome, resolve));
    const allowed = await api('PUT', `/api/team/members/${member.id}/reveal`, ownerToken, { canRevealPii: true });
    expect(teamMemberSchema.parse(await allowed.json()).canRevealPii).toBe(true);
    // The open app learns it at once: a fresh welcome carries the session user with the permission.
    expect(welcomeSchema.parse(await nextWelcome).user.canRevealPii).toBe(true);
    client.socket.disconnect();
    const revealed = await reveal();
    expect(revealed.status).toBe(200);
    expect(JSON.stringify(await revealed.json())).toContain('13900001111');

    await api('PUT', `/api/team/members/${member.id}/reveal`, ownerToken, { canRevealPii: false });
    expect((await reveal()).status).toBe(403);
    expect((await auditActions()).filter((action) => action === `user.reveal ${member.id}`)).toHaveLength(2);

    const lead = (await (await api('GET', '/api/team/members', ownerToken)).json()) as { members: Array<{ id: string; role: string }> };
    const leadId = lead.members.find((m) => m.role === 'lead')?.id;
    expect((await api('PUT', `/api/team/members/${leadId}/reveal`, ownerToken, { canRevealPii: false })).status).toBe(400);
  });

  it('disable, enable again, remove: logins follow, a removed member stays removed', async () => {
    const member = await addAgent('cycle-agent', [storeA.id]);
    expect((await api('POST', `/api/users/${member.id}/disable`, ownerToken)).status).toBe(200);
    expect((await login('cycle-agent')).status).toBe(403);
    const enabled = await api('POST', `/api/users/${member.id}/enable`, ownerToken);
    expect(teamMemberSchema.parse(await enabled.json())).toMatchObject({ state: 'active', storeIds: [storeA.id] });
    expect((await login('cycle-agent')).status).toBe(200);

    expect((await api('DELETE', `/api/users/${member.id}`, ownerToken)).status).toBe(200);
    const refused = await api('POST', `/api/users/${member.id}/enable`, ownerToken);
    expect(refused.status).toBe(400);
    expect((await api('PUT', `/api/team/members/${member.id}/stores`, ownerToken, { storeIds: [storeA.id] })).status).toBe(400);
    const list = teamMemberListSchema.parse(await (await api('GET', '/api/team/members', ownerToken)).json());
    expect(list.members.find((m) => m.id === member.id)).toMatchObject({ state: 'removed', storeIds: [] });
    const actions = await auditActions();
    expect(actions).toContain(`user.enable ${member.id}`);
    expect(actions.filter((action) => action === `user.enable ${member.id}`)).toHaveLength(1);
  });
});

function recordWelcomes(client: SyncClient): Welcome[] {
  const seen: Welcome[] = [];
  client.socket.on(SyncEvents.welcome, (payload: unknown) => seen.push(welcomeSchema.parse(payload)));
  return seen;
}

function nextWelcome(client: SyncClient): Promise<Welcome> {
  return new Promise((resolve) => client.socket.once(SyncEvents.welcome, (payload: unknown) => resolve(welcomeSchema.parse(payload))));
}

function recordRevocations(client: SyncClient): Revoked[] {
  const seen: Revoked[] = [];
  client.socket.on(SyncEvents.revoked, (payload: unknown) => seen.push(revokedSchema.parse(payload)));
  return seen;
}
