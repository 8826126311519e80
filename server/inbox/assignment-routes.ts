import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ASSIGNMENT_PATH, assignmentSettingsSchema } from '../../shared';
import { sessionFromRequest } from '../accounts/auth-routes';
import type { Database } from '../storage/database';
import { readAssignmentSettings, writeAssignmentSettings } from './auto-assigner';

/** `GET/PUT /api/team/assignment`: the team's automatic assignment (leads and owners). */
export function registerAssignmentRoutes(app: FastifyInstance, db: Database): void {
  app.get(ASSIGNMENT_PATH, async (request, reply) => {
    const session = await sessionFromRequest(db, request);
    if (!session) return reply.code(401).send({ error: 'Not logged in' });
    return readAssignmentSettings(db);
  });

  app.put(ASSIGNMENT_PATH, async (request, reply) => {
    const session = await sessionFromRequest(db, request);
    if (!session) return reply.code(401).send({ error: 'Not logged in' });
    if (session.user.role === 'agent') return reply.code(403).send({ error: 'Only leads and owners change assignment' });
    const body = assignmentSettingsSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: z.prettifyError(body.error) });
    return writeAssignmentSettings(db, body.data);
  });
}
