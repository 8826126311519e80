import type { AuditAction, AuditEntry, User } from '../../shared';
import type { Queryable } from '../storage/database';

/**
 * The audit log: who revealed, exported or erased a buyer's data, who removed whom.
 * Written in the same transaction as what it records (an erase that rolls back leaves
 * no entry, and an entry never exists without its effect). Append-only.
 */
export interface NewAuditEntry {
  /** Null: done from the admin CLI on the server machine. */
  actor: Pick<User, 'id' | 'displayName'> | null;
  action: AuditAction;
  storeId?: string | null;
  customerId?: string | null;
  targetId?: string | null;
  detail?: string;
}

export async function recordAudit(db: Queryable, entry: NewAuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_name, action, store_id, customer_id, target_id, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.actor?.id ?? null,
      entry.actor?.displayName ?? 'admin CLI',
      entry.action,
      entry.storeId ?? null,
      entry.customerId ?? null,
      entry.targetId ?? null,
      (entry.detail ?? '').slice(0, 1000),
    ],
  );
}

interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string;
  action: AuditAction;
  store_id: string | null;
  customer_id: string | null;
  target_id: string | null;
  detail: string;
}

/** Newest first; `before` pages to older entries. */
export async function listAudit(db: Queryable, limit: number, before?: string): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    `SELECT id::text AS id, at, actor_id, actor_name, action, store_id, customer_id, target_id, detail
       FROM audit_log WHERE ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $1`,
    [limit, before ?? null],
  );
  return rows.map(toEntry);
}

/** Every entry about one buyer, oldest first (part of their data export). */
export async function listAuditForCustomer(db: Queryable, customerId: string): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    `SELECT id::text AS id, at, actor_id, actor_name, action, store_id, customer_id, target_id, detail
       FROM audit_log WHERE customer_id = $1 ORDER BY id`,
    [customerId],
  );
  return rows.map(toEntry);
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    storeId: row.store_id,
    customerId: row.customer_id,
    targetId: row.target_id,
    detail: row.detail,
  };
}
