import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../storage/database';
import { requireLead } from '../templates/template-routes';

const eventsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  storeId: z.string().min(1).max(128).optional(),
});

interface EventRow {
  id: string;
  kind: 'blocked' | 'override';
  mode: string;
  user_id: string;
  user_name: string | null;
  store_id: string;
  conversation_id: string;
  message_id: string;
  body: string;
  findings: unknown;
  reason: string | null;
  created_at: Date;
}

/** `GET /api/compliance/events`: the latest blocks and overrides, newest first (leads and owners). */
export function registerComplianceRoutes(app: FastifyInstance, deps: { db: Database }): void {
  const { db } = deps;
  app.get('/api/compliance/events', async (request, reply) => {
    if (!(await requireLead(db, request, reply))) return reply;
    const query = eventsQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: z.prettifyError(query.error) });
    const rows = await db.query<EventRow>(
      `SELECT e.*, u.display_name AS user_name FROM compliance_events e LEFT JOIN users u ON u.id = e.user_id
        WHERE ($1::text IS NULL OR e.store_id = $1) ORDER BY e.created_at DESC, e.id DESC LIMIT $2`,
      [query.data.storeId ?? null, query.data.limit],
    );
    return {
      events: rows.map((row) => ({
        id: String(row.id),
        kind: row.kind,
        mode: row.mode,
        userId: row.user_id,
        userName: row.user_name,
        storeId: row.store_id,
        conversationId: row.conversation_id,
        messageId: row.message_id,
        body: row.body,
        findings: row.findings,
        reason: row.reason,
        createdAt: row.created_at.toISOString(),
      })),
    };
  });
}
