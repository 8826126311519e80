import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginResponseSchema } from '../../shared';
import { AUTH_INVALID_MESSAGE, AUTH_REQUIRED_MESSAGE } from '../sync/socket-gateway';
import { TEST_PASSWORD, connectSyncClient, startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ loginRateLimit: { maxFailures: 3, windowMs: 60_000 } });
  await server.addUser('mei', 'agent');
  await server.addUser('limit-me', 'agent');
});
afterAll(() => server.stop());

const postLogin = (body: unknown) =>
  fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('login', () => {
  it('returns a token, its expiry and the user for the right password; stores only the token digest', async () => {
    const response = await postLogin({ name: 'mei', password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    const login = loginResponseSchema.parse(await response.json());
    expect(login.user).toMatchObject({ name: 'mei', role: 'agent' });
    expect(Buffer.from(login.token, 'base64url')).toHaveLength(32);
    expect(new Date(login.expiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
    const rows = await server.database.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(rows.map((row) => row.token_hash)).not.toContain(login.token);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
    const stored = await server.database.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE name = 'mei'");
    expect(stored[0]?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('accepts the name in any case', async () => {
    expect((await postLogin({ name: 'MEI', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('refuses a wrong password and an unknown name with the same 401', async () => {
    const wrong = await postLogin({ name: 'mei', password: 'nope' });
    const unknown = await postLogin({ name: 'nobody', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('answers 400 with a JSON error for a malformed body', async () => {
    const response = await postLogin({ name: '' });
    expect(response.status).toBe(400);
    expect(await response.json()).toHaveProperty('error');
    const notJson = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toHaveProperty('error');
  });

  it('rate-limits repeated failures per name, even for the right password then', async () => {
    for (let i = 0; i < 3; i += 1) expect((await postLogin({ name: 'limit-me', password: 'bad' })).status).toBe(401);
    const blocked = await postLogin({ name: 'limit-me', password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another name from the same address is not affected.
    expect((await postLogin({ name: 'mei', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('allows cross-origin calls without cookies', async () => {
    const response = await fetch(`${server.url}/api/login`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('socket handshake', () => {
  it('refuses a connection without a token', async () => {
    await expect(connectSyncClient(server.url, undefined)).rejects.toThrow(AUTH_REQUIRED_MESSAGE);
  });

  it('refuses an unknown token', async () => {
    await expect(connectSyncClient(server.url, 'x'.repeat(43))).rejects.toThrow(AUTH_INVALID_MESSAGE);
  });

  it('accepts a live session and refuses it after logout; logout closes open sockets', async () => {
    const { token } = await server.login('mei');
    const client = await server.connect(token);
    expect(client.welcome.user.name).toBe('mei');
    const closed = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    const logout = await fetch(`${server.url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(logout.status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    await expect(connectSyncClient(server.url, token)).rejects.toThrow(AUTH_INVALID_MESSAGE);
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });

  it('refuses an expired session', async () => {
    const { token } = await server.login('mei');
    await server.database.query("UPDATE sessions SET expires_at = now() - interval '1 second'");
    await expect(connectSyncClient(server.url, token)).rejects.toThrow(AUTH_INVALID_MESSAGE);
  });
});
