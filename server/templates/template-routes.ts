import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  exportTemplates,
  idSchema,
  parseTemplateImport,
  templateFileFormatSchema,
  templateImportTargetSchema,
  templateScopeSchema,
  type User,
} from '../../shared';
import { sessionFromRequest } from '../accounts/auth-routes';
import type { Database } from '../storage/database';
import type { ChangeFeed } from '../sync/change-feed';
import { saveTemplate } from './template-store';
import { toQuickReply, type QuickReplyRow } from './template-rows';

/** Leads and owners only; answers 401/403 itself and returns null then. */
export async function requireLead(db: Database, request: FastifyRequest, reply: FastifyReply): Promise<User | null> {
  const session = await sessionFromRequest(db, request);
  if (!session) {
    void reply.code(401).send({ error: 'Not logged in' });
    return null;
  }
  if (session.user.role === 'agent') {
    void reply.code(403).send({ error: 'Only team leads and owners may do this' });
    return null;
  }
  return session.user;
}

const importBodySchema = z.object({
  format: templateFileFormatSchema,
  content: z.string(),
  scope: templateScopeSchema.exclude(['personal']),
  storeId: idSchema.nullable().default(null),
});
const exportQuerySchema = z.object({
  format: templateFileFormatSchema,
  scope: templateScopeSchema.exclude(['personal']),
  storeId: idSchema.optional(),
});

interface UsageRow {
  id: string;
  title: string;
  shortcut: string;
  scope: string;
  store_id: string | null;
  total: number;
  last_used_at: Date | null;
  by_agent: Array<{ userId: string; name: string; count: number }> | null;
}

/**
 * `GET /api/templates/usage`, `POST /api/templates/import`, `GET /api/templates/export`
 * (leads and owners). Personal templates are private: they are counted for their owner
 * only and never listed or exported here.
 */
export function registerTemplateRoutes(app: FastifyInstance, deps: { db: Database; feed: ChangeFeed }): void {
  const { db, feed } = deps;

  app.get('/api/templates/usage', async (request, reply) => {
    if (!(await requireLead(db, request, reply))) return reply;
    const rows = await db.query<UsageRow>(
      `SELECT q.id, q.title, q.shortcut, q.scope, q.store_id,
              count(u.template_id)::int AS total, max(u.used_at) AS last_used_at,
              (SELECT json_agg(json_build_object('userId', a.user_id, 'name', a.display_name, 'count', a.n) ORDER BY a.n DESC, a.display_name)
                 FROM (SELECT tu.user_id, us.display_name, count(*)::int AS n
                         FROM template_usage tu JOIN users us ON us.id = tu.user_id
                        WHERE tu.template_id = q.id GROUP BY tu.user_id, us.display_name) a) AS by_agent
         FROM quick_replies q LEFT JOIN template_usage u ON u.template_id = q.id
        WHERE q.deleted_at IS NULL AND q.scope <> 'personal'
        GROUP BY q.id ORDER BY total DESC, q.shortcut`,
    );
    const templates = rows.map((row) => ({
      templateId: row.id,
      title: row.title,
      shortcut: row.shortcut,
      scope: row.scope,
      storeId: row.store_id,
      count: row.total,
      lastUsedAt: row.last_used_at?.toISOString() ?? null,
      byAgent: row.by_agent ?? [],
    }));
    return {
      templates,
      mostUsed: templates.filter((t) => t.count > 0).slice(0, 10),
      neverUsed: templates.filter((t) => t.count === 0),
    };
  });

  app.post('/api/templates/import', { bodyLimit: 6 * 1024 * 1024 }, async (request, reply) => {
    if (!(await requireLead(db, request, reply))) return reply;
    const body = importBodySchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: z.prettifyError(body.error) });
    const target = templateImportTargetSchema.safeParse({ scope: body.data.scope, storeId: body.data.storeId });
    if (!target.success) return reply.code(400).send({ error: z.prettifyError(target.error) });
    if (target.data.storeId !== null && (await db.query('SELECT 1 FROM stores WHERE id = $1', [target.data.storeId])).length === 0) {
      return reply.code(404).send({ error: `No store ${target.data.storeId}` });
    }
    const parsed = parseTemplateImport(body.data.content, body.data.format, target.data);
    // All or nothing: one bad row and nothing is written; the report lists every bad row.
    if (parsed.rejected.length > 0) {
      return reply.code(422).send({ imported: 0, created: 0, updated: 0, rejected: parsed.rejected, valid: parsed.accepted.length });
    }
    const counts = await feed.write(async (tx) => {
      let created = 0;
      let updated = 0;
      for (const template of parsed.accepted) {
        // Same scope, store, language and shortcut: the file's version replaces it (export, edit, import back).
        const [existing] = await tx.tx.query<{ id: string }>(
          `SELECT id FROM quick_replies
            WHERE scope = $1 AND store_id IS NOT DISTINCT FROM $2 AND language = $3 AND lower(shortcut) = lower($4) AND deleted_at IS NULL
            ORDER BY created_at LIMIT 1 FOR UPDATE`,
          [template.scope, template.storeId, template.language, template.shortcut],
        );
        await saveTemplate(tx, existing?.id ?? crypto.randomUUID(), template, null);
        if (existing) updated++;
        else created++;
      }
      return { created, updated };
    });
    return { imported: parsed.accepted.length, ...counts, rejected: [] };
  });

  app.get('/api/templates/export', async (request, reply) => {
    if (!(await requireLead(db, request, reply))) return reply;
    const query = exportQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: z.prettifyError(query.error) });
    const { format, scope, storeId } = query.data;
    if (scope === 'store' && !storeId) return reply.code(400).send({ error: 'scope=store needs storeId' });
    const rows = await db.query<QuickReplyRow>(
      `SELECT * FROM quick_replies WHERE scope = $1 AND ($2::text IS NULL OR store_id = $2) AND deleted_at IS NULL ORDER BY category, shortcut`,
      [scope, scope === 'store' ? (storeId ?? null) : null],
    );
    const file = exportTemplates(rows.map(toQuickReply), format);
    const name = `huixin-templates-${scope}${scope === 'store' ? `-${storeId}` : ''}.${format}`;
    return reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(file);
  });
}
