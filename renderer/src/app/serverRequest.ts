import type { SessionRow } from '../db';

/**
 * One HTTP request to the team server as the signed-in user (bearer token, JSON body).
 * Resolves with the server's response, whatever its status, or `null` when no HTTP answer
 * came at all (offline, server down, timed out) — each feature maps both to its own errors.
 */
export async function requestServer(
  session: Pick<SessionRow, 'serverUrl' | 'token'>,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  timeoutMs = 15_000,
): Promise<Response | null> {
  try {
    return await fetch(`${session.serverUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${session.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return null;
  }
}
