import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../shared';
import { sessionFromRequest } from '../accounts/auth-routes';
import type { LiveSession } from '../accounts/sessions';
import type { Database } from '../storage/database';

/**
 * The guard of every authenticated HTTP route: a live bearer session, and one of
 * `roles` when given. Sends 401/403 itself and returns null; the route then returns.
 */
export async function requireSession(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  roles?: readonly Role[],
): Promise<LiveSession | null> {
  const session = await sessionFromRequest(db, request);
  if (!session) {
    await reply.code(401).send({ error: 'Not logged in' });
    return null;
  }
  if (roles && !roles.includes(session.user.role)) {
    await reply.code(403).send({ error: `Only ${roles.join(' or ')} may do this` });
    return null;
  }
  return session;
}

export const OWNER_ONLY: readonly Role[] = ['owner'];
