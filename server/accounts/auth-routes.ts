import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { loginRequestSchema, loginResponseSchema, type LoginResponse } from '../../shared';
import type { Database } from '../storage/database';
import { toSessionUser } from '../storage/rows';
import type { LoginRateLimiter } from './login-rate-limit';
import { verifyPassword } from './passwords';
import { createSession, findLiveSession, revokeSession, type LiveSession } from './sessions';
import { findUserByName } from './users';

export interface AuthRoutesOptions {
  db: Database;
  sessionTtlMs: number;
  limiter: LoginRateLimiter;
  /** Called after a logout so that the session's sockets are closed. */
  onLogout(sessionId: string): void;
}

const BEARER = /^Bearer\s+(\S{20,512})$/i;

export async function sessionFromRequest(db: Database, request: FastifyRequest): Promise<LiveSession | null> {
  const match = BEARER.exec(request.headers.authorization ?? '');
  return match?.[1] ? findLiveSession(db, match[1]) : null;
}

/** POST /api/login, POST /api/logout, GET /api/me. */
export function registerAuthRoutes(app: FastifyInstance, options: AuthRoutesOptions): void {
  const { db, limiter } = options;

  app.post('/api/login', async (request, reply) => {
    const body = loginRequestSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: z.prettifyError(body.error) });
    const retryAfterMs = limiter.retryAfterMsFor(body.data.name, request.ip);
    if (retryAfterMs > 0) {
      return reply
        .code(429)
        .header('retry-after', String(Math.ceil(retryAfterMs / 1000)))
        .send({ error: 'Too many failed logins; try again later' });
    }
    const user = await findUserByName(db, body.data.name);
    const valid = await verifyPassword(user?.password_hash ?? null, body.data.password);
    if (!user || !valid) {
      limiter.recordFailureFor(body.data.name, request.ip);
      return reply.code(401).send({ error: 'Wrong name or password' });
    }
    limiter.recordSuccessFor(body.data.name, request.ip);
    // Said only after the right password, so it reveals nothing to a guesser.
    if (user.disabled_at) return reply.code(403).send({ error: 'This account was disabled by an owner' });
    const session = await createSession(db, user.id, options.sessionTtlMs);
    const response: LoginResponse = loginResponseSchema.parse({
      token: session.token,
      expiresAt: session.expiresAt.toISOString(),
      user: toSessionUser(user),
    });
    return reply.send(response);
  });

  app.post('/api/logout', async (request, reply) => {
    const session = await sessionFromRequest(db, request);
    if (!session) return reply.code(401).send({ error: 'Not logged in' });
    await revokeSession(db, session.sessionId);
    options.onLogout(session.sessionId);
    return reply.send({ ok: true });
  });

  /** Lets a client check a remembered token without opening a socket. */
  app.get('/api/me', async (request, reply) => {
    const session = await sessionFromRequest(db, request);
    if (!session) return reply.code(401).send({ error: 'Not logged in' });
    return reply.send({ user: session.user, expiresAt: session.expiresAt.toISOString() });
  });
}
