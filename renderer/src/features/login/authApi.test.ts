import { describe, expect, it } from 'vitest';
import { requestLogin, requestLogout } from './authApi';

const user = { id: 'u1', name: 'lin', displayName: '林小美', role: 'agent' };
const okBody = { token: 't'.repeat(32), expiresAt: '2025-07-01T00:00:00.000Z', user };

function respond(status: number, body: unknown, calls: { url: string; init?: RequestInit }[] = []) {
  return async (url: string, init?: RequestInit) => {
    calls.push({ url, ...(init ? { init } : {}) });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
}

describe('requestLogin', () => {
  it('posts name and password and returns the parsed login', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const outcome = await requestLogin('http://h:1', ' lin ', 'pw', respond(200, okBody, calls));
    expect(outcome).toEqual({ ok: true, login: okBody });
    expect(calls[0]?.url).toBe('http://h:1/api/login');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ name: 'lin', password: 'pw' });
  });

  it('maps failures to what the agent can act on', async () => {
    expect(await requestLogin('http://h:1', 'a', 'b', respond(401, { ok: false }))).toEqual({ ok: false, error: 'credentials', status: 401 });
    expect(await requestLogin('http://h:1', 'a', 'b', respond(429, {}))).toEqual({ ok: false, error: 'rateLimited', status: 429 });
    expect(await requestLogin('http://h:1', 'a', 'b', respond(500, {}))).toEqual({ ok: false, error: 'server', status: 500 });
    expect(await requestLogin('http://h:1', 'a', 'b', respond(200, '<html>'))).toEqual({ ok: false, error: 'badResponse', status: 200 });
    expect(await requestLogin('http://h:1', 'a', 'b', respond(200, { token: 'short' }))).toEqual({ ok: false, error: 'badResponse', status: 200 });
    const refused = async () => Promise.reject(new TypeError('fetch failed'));
    expect(await requestLogin('http://h:1', 'a', 'b', refused)).toEqual({ ok: false, error: 'unreachable', status: null });
  });
});

describe('requestLogout', () => {
  it('sends the bearer token and never throws', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    await requestLogout('http://h:1', 'tok', respond(204, '', calls));
    expect(calls[0]?.url).toBe('http://h:1/api/logout');
    expect(new Headers(calls[0]?.init?.headers).get('authorization')).toBe('Bearer tok');
    await expect(requestLogout('http://h:1', 'tok', async () => Promise.reject(new TypeError('offline')))).resolves.toBeUndefined();
  });
});
