import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditQuerySchema, idSchema, retentionRequestSchema, type AuditList, type RevealResponse } from '../../shared';
import type { Database } from '../storage/database';
import type { CustomerRow } from '../storage/rows';
import { canReadStore } from '../sync/access';
import type { ChangeFeed } from '../sync/change-feed';
import { AccountAdminError, disableUser, revokeStoreGrant } from './account-admin';
import { listAudit, recordAudit } from './audit';
import { eraseCustomer, exportCustomer } from './buyer-data';
import { contactOfRow } from './contact-columns';
import { OWNER_ONLY, requireSession } from './http-auth';
import { readTeamSettings, setRetentionDays } from './retention';

export interface SecurityRoutesOptions {
  db: Database;
  feed: ChangeFeed;
  /** Re-checks connected sockets against the database (cuts and closes at once). */
  enforceAccess(): Promise<void>;
}

const idParams = z.object({ id: idSchema });
const grantParams = z.object({ storeId: idSchema, userId: idSchema });

/**
 * The security HTTP API (shared/security/api.ts, docs/security.md). Every route needs a
 * live bearer session; owner-only routes say so with OWNER_ONLY.
 *
 * - POST   /api/customers/:id/reveal        lead, owner, or an agent allowed to: clear contact data (audited)
 * - GET    /api/customers/:id/export        owner: everything about one buyer (audited)
 * - DELETE /api/customers/:id               owner: erase one buyer's personal data (audited, pushed)
 * - GET    /api/audit                       owner: the audit log, newest first
 * - GET    /api/settings                    anyone logged in: team settings (retention)
 * - PUT    /api/settings/retention          owner: retention days (synced, audited)
 * - POST   /api/users/:id/disable           owner: no login, sessions and sockets cut
 * - DELETE /api/users/:id                   owner: remove (disable + every store grant)
 * - DELETE /api/stores/:storeId/agents/:userId  owner: withdraw one store grant
 */
export function registerSecurityRoutes(app: FastifyInstance, options: SecurityRoutesOptions): void {
  const { db, feed } = options;

  app.post('/api/customers/:id/reveal', async (request, reply) => {
    const session = await requireSession(db, request, reply);
    if (!session) return reply;
    const params = idParams.safeParse(request.params);
    if (!params.success) return reply.code(400).send({ error: 'Bad customer id' });
    if (!session.user.canRevealPii) return reply.code(403).send({ error: 'You may not reveal buyers’ personal data; ask an owner' });
    const result = await db.transaction(async (tx) => {
      const [customer] = await tx.query<CustomerRow>('SELECT * FROM customers WHERE id = $1', [params.data.id]);
      // Unknown and unreadable look the same: nothing is learnt about other stores.
      if (!customer || !(await canReadStore(tx, session.user, customer.store_id))) return null;
      const contact = contactOfRow(customer, 'clear');
      const fields = contact ? Object.entries(contact).filter(([, value]) => value !== null).map(([key]) => key) : [];
      await recordAudit(tx, { actor: session.user, action: 'contact.reveal', storeId: customer.store_id, customerId: customer.id, detail: `revealed: ${fields.join(', ') || 'nothing stored'}` });
      const response: RevealResponse = { customerId: customer.id, contact: contact ?? { realName: null, phone: null, address: null, idNumber: null } };
      return response;
    });
    if (!result) return reply.code(404).send({ error: `No customer ${params.data.id}` });
    return reply.send(result);
  });

  app.get('/api/customers/:id/export', async (request, reply) => {
    const session = await requireSession(db, request, reply, OWNER_ONLY);
    if (!session) return reply;
    const params = idParams.safeParse(request.params);
    if (!params.success) return reply.code(400).send({ error: 'Bad customer id' });
    const exported = await exportCustomer(feed, params.data.id, session.user);
    if (!exported) return reply.code(404).send({ error: `No customer ${params.data.id}` });
    return reply.header('content-disposition', `attachment; filename="customer-${params.data.id}.json"`).send(exported);
  });

  app.delete('/api/customers/:id', async (request, reply) => {
    const session = await requireSession(db, request, reply, OWNER_ONLY);
    if (!session) return reply;
    const params = idParams.safeParse(request.params);
    if (!params.success) return reply.code(400).send({ error: 'Bad customer id' });
    const erased = await eraseCustomer(feed, params.data.id, session.user);
    if (!erased) return reply.code(404).send({ error: `No customer ${params.data.id}` });
    return reply.send({ ok: true, ...erased });
  });

  app.get('/api/audit', async (request, reply) => {
    const session = await requireSession(db, request, reply, OWNER_ONLY);
    if (!session) return reply;
    const query = auditQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: z.prettifyError(query.error) });
    const list: AuditList = { entries: await listAudit(db, query.data.limit, query.data.before) };
    return reply.send(list);
  });

  app.get('/api/settings', async (request, reply) => {
    const session = await requireSession(db, request, reply);
    if (!session) return reply;
    return reply.send(await readTeamSettings(db));
  });

  app.put('/api/settings/retention', async (request, reply) => {
    const session = await requireSession(db, request, reply, OWNER_ONLY);
    if (!session) return reply;
    const body = retentionRequestSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: z.prettifyError(body.error) });
    return reply.send(await setRetentionDays(feed, body.data.retentionDays, session.user));
  });

  const accountAction = (remove: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await requireSession(db, request, reply, OWNER_ONLY);
    if (!session) return reply;
    const params = idParams.safeParse(request.params);
    if (!params.success) return reply.code(400).send({ error: 'Bad user id' });
    try {
      const row = await disableUser(db, params.data.id, { remove, actor: session.user });
      await options.enforceAccess();
      return reply.send({ ok: true, userId: row.id, disabledAt: row.disabled_at?.toISOString() ?? null, removedAt: row.removed_at?.toISOString() ?? null });
    } catch (error) {
      if (error instanceof AccountAdminError) return reply.code(error.status).send({ error: error.message });
      throw error;
    }
  };
  app.post('/api/users/:id/disable', accountAction(false));
  app.delete('/api/users/:id', accountAction(true));

  app.delete('/api/stores/:storeId/agents/:userId', async (request, reply) => {
    const session = await requireSession(db, request, reply, OWNER_ONLY);
    if (!session) return reply;
    const params = grantParams.safeParse(request.params);
    if (!params.success) return reply.code(400).send({ error: 'Bad store or user id' });
    const revoked = await revokeStoreGrant(db, params.data.storeId, params.data.userId, session.user);
    if (!revoked) return reply.code(404).send({ error: `User ${params.data.userId} has no grant for store ${params.data.storeId}` });
    await options.enforceAccess();
    return reply.send({ ok: true });
  });
}
