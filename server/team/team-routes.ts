import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  TEAM_MEMBERS_PATH,
  idSchema,
  memberCreateRequestSchema,
  memberRevealRequestSchema,
  memberStoresRequestSchema,
  type FieldErrorsResponse,
  type TeamMember,
} from '../../shared';
import { OWNER_ONLY, requireSession } from '../security/http-auth';
import type { Database } from '../storage/database';
import type { ChangeFeed } from '../sync/change-feed';
import { TeamChangeError, addMember, enableMember, listMembers, setMemberReveal, setMemberStores } from './members';

export interface TeamRoutesOptions {
  db: Database;
  feed: ChangeFeed;
  /** Re-checks connected sockets against the database: closes lost streams, opens granted ones. */
  enforceAccess(): Promise<void>;
}

const LEADS_AND_OWNERS = ['lead', 'owner'] as const;
const idParams = z.object({ id: idSchema });

/**
 * The owner's team screen (shared/admin/team.ts): members, adding one, store grants,
 * reveal permission, re-enabling. Every change is audited in its own transaction and the
 * access sweep runs right after it, so connected apps feel it at once.
 */
export function registerTeamRoutes(app: FastifyInstance, options: TeamRoutesOptions): void {
  const { db, feed } = options;

  app.get(TEAM_MEMBERS_PATH, async (request, reply) => {
    if (!(await requireSession(db, request, reply, LEADS_AND_OWNERS))) return reply;
    return reply.send({ members: await listMembers(db) });
  });

  app.post(TEAM_MEMBERS_PATH, async (request, reply) => {
    const session = await requireSession(db, request, reply, OWNER_ONLY);
    if (!session) return reply;
    const body = memberCreateRequestSchema.safeParse(request.body);
    if (!body.success) return badRequest(reply, fieldErrors(body.error));
    return answer(reply, 201, () => addMember(feed, body.data, session.user));
  });

  app.put(`${TEAM_MEMBERS_PATH}/:id/stores`, async (request, reply) => {
    const session = await requireSession(db, request, reply, OWNER_ONLY);
    if (!session) return reply;
    const params = idParams.safeParse(request.params);
    if (!params.success) return reply.code(400).send({ error: 'Bad user id' });
    const body = memberStoresRequestSchema.safeParse(request.body);
    if (!body.success) return badRequest(reply, fieldErrors(body.error));
    return answer(reply, 200, async () => {
      const { member } = await setMemberStores(db, params.data.id, body.data.storeIds, session.user);
      await options.enforceAccess();
      return member;
    });
  });

  app.put(`${TEAM_MEMBERS_PATH}/:id/reveal`, async (request, reply) => {
    const session = await requireSession(db, request, reply, OWNER_ONLY);
    if (!session) return reply;
    const params = idParams.safeParse(request.params);
    if (!params.success) return reply.code(400).send({ error: 'Bad user id' });
    const body = memberRevealRequestSchema.safeParse(request.body);
    if (!body.success) return badRequest(reply, fieldErrors(body.error));
    return answer(reply, 200, async () => {
      const member = await setMemberReveal(db, params.data.id, body.data.canRevealPii, session.user);
      // Refreshes the user held by the agent's sockets; the reveal route itself reads the database.
      await options.enforceAccess();
      return member;
    });
  });

  app.post('/api/users/:id/enable', async (request, reply) => {
    const session = await requireSession(db, request, reply, OWNER_ONLY);
    if (!session) return reply;
    const params = idParams.safeParse(request.params);
    if (!params.success) return reply.code(400).send({ error: 'Bad user id' });
    return answer(reply, 200, () => enableMember(db, params.data.id, session.user));
  });
}

async function answer(reply: FastifyReply, status: 200 | 201, work: () => Promise<TeamMember>): Promise<FastifyReply> {
  try {
    return await reply.code(status).send(await work());
  } catch (error) {
    if (!(error instanceof TeamChangeError)) throw error;
    const body: FieldErrorsResponse = { error: error.message, fieldErrors: error.fieldErrors };
    return reply.code(error.status).send(body);
  }
}

function fieldErrors(error: z.ZodError): FieldErrorsResponse {
  const errors: Record<string, string> = {};
  // Keyed by the request field (`storeIds`, not `storeIds.3`): the form shows one message per input.
  for (const issue of error.issues) errors[issue.path[0] === undefined ? '_' : String(issue.path[0])] ??= issue.message;
  return { error: 'Some fields need attention', fieldErrors: errors };
}

async function badRequest(reply: FastifyReply, body: FieldErrorsResponse): Promise<FastifyReply> {
  return reply.code(400).send(body);
}
