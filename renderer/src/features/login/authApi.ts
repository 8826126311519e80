import { loginResponseSchema, type LoginResponse } from '../../../../shared';

export type LoginError = 'credentials' | 'unreachable' | 'rateLimited' | 'server' | 'badResponse';
export type LoginOutcome = { ok: true; login: LoginResponse } | { ok: false; error: LoginError; status: number | null };

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** POST {serverUrl}/api/login, with every failure mapped to something the agent can act on. */
export async function requestLogin(serverUrl: string, name: string, password: string, fetchImpl: Fetch = fetch): Promise<LoginOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(`${serverUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: name.trim(), password }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    // fetch rejects only when no HTTP answer came back (DNS, refused, CORS, timeout).
    return { ok: false, error: 'unreachable', status: null };
  }
  if (response.status === 401 || response.status === 403) return { ok: false, error: 'credentials', status: response.status };
  if (response.status === 429) return { ok: false, error: 'rateLimited', status: 429 };
  if (!response.ok) return { ok: false, error: response.status === 400 ? 'credentials' : 'server', status: response.status };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, error: 'badResponse', status: response.status };
  }
  const parsed = loginResponseSchema.safeParse(body);
  return parsed.success ? { ok: true, login: parsed.data } : { ok: false, error: 'badResponse', status: response.status };
}

/** Best effort: the session is forgotten locally whatever the server says. */
export async function requestLogout(serverUrl: string, token: string, fetchImpl: Fetch = fetch): Promise<void> {
  try {
    await fetchImpl(`${serverUrl}/api/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    // Offline sign-out is still a sign-out.
  }
}
