import { randomUUID } from 'node:crypto';
import { TEAM_STREAM, type TeamMember, type User } from '../../shared';
import { hashPassword } from '../accounts/passwords';
import type { Database, Queryable } from '../storage/database';
import { isUniqueViolation } from '../storage/database';
import { toUser, type UserRow } from '../storage/rows';
import { recordAudit } from '../security/audit';
import type { ChangeFeed } from '../sync/change-feed';

type Actor = Pick<User, 'id' | 'displayName'>;

/**
 * A refused team change: `fieldErrors` name the request fields at fault (400), or the
 * member does not exist (404). Thrown before anything is written, or inside the
 * transaction so that it rolls back.
 */
export class TeamChangeError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'TeamChangeError';
  }
}

interface MemberRow extends UserRow {
  store_ids: string[] | null;
}

const MEMBER_SQL = `SELECT u.*, coalesce((SELECT array_agg(g.store_id ORDER BY g.store_id) FROM agent_stores g WHERE g.user_id = u.id), '{}') AS store_ids
  FROM users u`;

function toMember(row: MemberRow): TeamMember {
  return {
    ...toUser(row),
    state: row.removed_at ? 'removed' : row.disabled_at ? 'disabled' : 'active',
    canRevealPii: row.role !== 'agent' || row.can_reveal_pii === true,
    storeIds: row.role === 'agent' ? (row.store_ids ?? []) : [],
    createdAt: row.created_at.toISOString(),
  };
}

/** Every member, the removed ones too (their names stay on past replies). Active first. */
export async function listMembers(db: Queryable): Promise<TeamMember[]> {
  const rows = await db.query<MemberRow>(`${MEMBER_SQL} ORDER BY (u.removed_at IS NOT NULL), lower(u.name)`);
  return rows.map(toMember);
}

export async function findMember(db: Queryable, userId: string): Promise<TeamMember | null> {
  const [row] = await db.query<MemberRow>(`${MEMBER_SQL} WHERE u.id = $1`, [userId]);
  return row ? toMember(row) : null;
}

/** Store ids among `storeIds` that name no store (a field error: nothing is granted). */
async function unknownStores(db: Queryable, storeIds: readonly string[]): Promise<string[]> {
  if (storeIds.length === 0) return [];
  const rows = await db.query<{ id: string }>('SELECT id FROM stores WHERE id = ANY($1::text[])', [[...storeIds]]);
  const known = new Set(rows.map((row) => row.id));
  return storeIds.filter((id) => !known.has(id));
}

export interface NewMember {
  name: string;
  displayName?: string | undefined;
  role: 'agent' | 'lead';
  password: string;
  storeIds: string[];
}

/**
 * Adds an agent or lead with their store grants in one transaction (the user, the grants,
 * the audit entry and the team-stream snapshot commit together or not at all).
 */
export async function addMember(feed: ChangeFeed, input: NewMember, actor: Actor): Promise<TeamMember> {
  const storeIds = [...new Set(input.storeIds)];
  if (input.role !== 'agent' && storeIds.length > 0) {
    throw new TeamChangeError('A lead sees every store', 400, { storeIds: 'only agents get store grants; a lead sees every store' });
  }
  // Hashing is slow (argon2): done before the transaction opens.
  const passwordHash = await hashPassword(input.password);
  try {
    return await feed.write(async ({ tx, append }) => {
      const unknown = await unknownStores(tx, storeIds);
      if (unknown.length > 0) throw new TeamChangeError('Unknown stores', 400, { storeIds: `no such store: ${unknown.join(', ')}` });
      const displayName = input.displayName?.trim() || input.name;
      const [row] = await tx.query<UserRow>(
        `INSERT INTO users (id, name, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [randomUUID(), input.name, displayName, input.role, passwordHash],
      );
      if (!row) throw new Error('user insert returned nothing');
      for (const storeId of storeIds) await tx.query('INSERT INTO agent_stores (user_id, store_id) VALUES ($1, $2)', [row.id, storeId]);
      await recordAudit(tx, { actor, action: 'user.add', targetId: row.id, detail: `${row.name} (${row.role})${storeIds.length > 0 ? `, stores: ${storeIds.join(', ')}` : ''}` });
      await append(TEAM_STREAM, [{ entity: 'user', data: toUser(row) }]);
      const member = await findMember(tx, row.id);
      if (!member) throw new Error(`member ${row.id} vanished`);
      return member;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new TeamChangeError('That name is taken', 400, { name: `a member named "${input.name}" already exists` });
    throw error;
  }
}

/** The member an owner may change grants or permissions of: an agent whose account is not removed. */
async function changeableAgent(tx: Queryable, userId: string, what: string): Promise<UserRow> {
  const [row] = await tx.query<UserRow>('SELECT * FROM users WHERE id = $1 FOR UPDATE', [userId]);
  if (!row) throw new TeamChangeError(`No member ${userId}`, 404);
  if (row.removed_at) throw new TeamChangeError(`${row.name} was removed`, 400, { _: `${row.name} was removed; add them again as a new member` });
  if (row.role !== 'agent') throw new TeamChangeError(`${row.name} is a ${row.role}`, 400, { _: `${row.name} is a ${row.role} and ${what} anyway` });
  return row;
}

/**
 * Sets an agent's store grants to exactly `storeIds`: each added grant and each withdrawn
 * one is audited. The caller then runs the access sweep, which closes withdrawn store
 * streams on the agent's sockets and welcomes them again for added ones.
 */
export async function setMemberStores(db: Database, userId: string, storeIds: readonly string[], actor: Actor): Promise<{ member: TeamMember; added: string[]; withdrawn: string[] }> {
  const wanted = [...new Set(storeIds)];
  return db.transaction(async (tx) => {
    const row = await changeableAgent(tx, userId, 'sees every store');
    const unknown = await unknownStores(tx, wanted);
    if (unknown.length > 0) throw new TeamChangeError('Unknown stores', 400, { storeIds: `no such store: ${unknown.join(', ')}` });
    const current = (await tx.query<{ store_id: string }>('SELECT store_id FROM agent_stores WHERE user_id = $1', [userId])).map((r) => r.store_id);
    const added = wanted.filter((id) => !current.includes(id));
    const withdrawn = current.filter((id) => !wanted.includes(id));
    for (const storeId of added) {
      await tx.query('INSERT INTO agent_stores (user_id, store_id) VALUES ($1, $2)', [userId, storeId]);
      await recordAudit(tx, { actor, action: 'store.grant', storeId, targetId: userId, detail: `${row.name} may see ${storeId}` });
    }
    for (const storeId of withdrawn) {
      await tx.query('DELETE FROM agent_stores WHERE user_id = $1 AND store_id = $2', [userId, storeId]);
      await recordAudit(tx, { actor, action: 'store.revoke', storeId, targetId: userId, detail: `grant of ${storeId} withdrawn` });
    }
    const member = await findMember(tx, userId);
    if (!member) throw new Error(`member ${userId} vanished`);
    return { member, added, withdrawn };
  });
}

/** Allows or forbids an agent to reveal buyers' masked contact data; the reveal route reads it per request. */
export async function setMemberReveal(db: Database, userId: string, canRevealPii: boolean, actor: Actor): Promise<TeamMember> {
  return db.transaction(async (tx) => {
    const row = await changeableAgent(tx, userId, 'may reveal');
    if ((row.can_reveal_pii === true) !== canRevealPii) {
      await tx.query('UPDATE users SET can_reveal_pii = $2 WHERE id = $1', [userId, canRevealPii]);
      await recordAudit(tx, { actor, action: 'user.reveal', targetId: userId, detail: `${row.name}: reveal ${canRevealPii ? 'allowed' : 'withdrawn'}` });
    }
    const member = await findMember(tx, userId);
    if (!member) throw new Error(`member ${userId} vanished`);
    return member;
  });
}

/** Undoes a disable. A removed account stays removed: its grants are gone, and so is its place in the team. */
export async function enableMember(db: Database, userId: string, actor: Actor): Promise<TeamMember> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<UserRow>('SELECT * FROM users WHERE id = $1 FOR UPDATE', [userId]);
    if (!row) throw new TeamChangeError(`No member ${userId}`, 404);
    if (row.removed_at) throw new TeamChangeError(`${row.name} was removed and cannot be enabled again; add them as a new member`, 400);
    if (row.disabled_at) {
      await tx.query('UPDATE users SET disabled_at = NULL WHERE id = $1', [userId]);
      await recordAudit(tx, { actor, action: 'user.enable', targetId: userId, detail: `${row.name} (${row.role})` });
    }
    const member = await findMember(tx, userId);
    if (!member) throw new Error(`member ${userId} vanished`);
    return member;
  });
}
