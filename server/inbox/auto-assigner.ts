import type { AssignmentSettings } from '../../shared';
import type { Queryable } from '../storage/database';
import type { Presence } from '../sync/presence';

interface SettingsRow {
  assignment_mode: AssignmentSettings['mode'];
  assignment_cap: number;
  last_assignee_id: string | null;
}

interface CandidateRow {
  id: string;
  open_count: number;
}

/**
 * Picks the agent for an open, unassigned conversation (team setting, see
 * shared/admin/assignment.ts). Runs inside the caller's transaction and locks the
 * assignment_settings row, so concurrent assignments queue up and the cap holds exactly.
 * Only agents count: leads and owners see every store and pick work themselves.
 */
export class AutoAssigner {
  constructor(private readonly presence: Presence) {}

  /** The chosen agent's id (also recorded as the last one picked), or null when nobody fits. */
  async pick(tx: Queryable, storeId: string): Promise<string | null> {
    const [settings] = await tx.query<SettingsRow>('SELECT * FROM assignment_settings WHERE id FOR UPDATE');
    if (!settings || settings.assignment_mode === 'off') return null;
    const online = this.presence.onlineUserIds();
    if (online.length === 0) return null;
    const candidates = await tx.query<CandidateRow>(
      `SELECT u.id,
              (SELECT count(*)::int FROM conversations c WHERE c.assignee_id = u.id AND c.status = 'open') AS open_count
         FROM users u
         JOIN agent_stores a ON a.user_id = u.id AND a.store_id = $1
        WHERE u.role = 'agent' AND u.id IN (SELECT jsonb_array_elements_text($2::jsonb))
        ORDER BY u.id`,
      [storeId, JSON.stringify(online)],
    );
    const eligible = candidates.filter((c) => Number(c.open_count) < settings.assignment_cap);
    const chosen = choose(settings.assignment_mode, eligible, settings.last_assignee_id);
    if (chosen === null) return null;
    await tx.query('UPDATE assignment_settings SET last_assignee_id = $1 WHERE id', [chosen]);
    return chosen;
  }
}

/**
 * Round-robin: the first agent (by id) after the last one picked, wrapping around.
 * Load-balanced: the fewest open conversations; ties broken in round-robin order so that
 * equally loaded agents still take turns.
 */
export function choose(
  mode: AssignmentSettings['mode'],
  eligible: readonly CandidateRow[],
  lastAssigneeId: string | null,
): string | null {
  if (mode === 'off' || eligible.length === 0) return null;
  const after = lastAssigneeId ?? '';
  const turnOrder = [...eligible.filter((c) => c.id > after), ...eligible.filter((c) => c.id <= after)];
  if (mode === 'round_robin') return turnOrder[0]?.id ?? null;
  const fewest = Math.min(...turnOrder.map((c) => Number(c.open_count)));
  return turnOrder.find((c) => Number(c.open_count) === fewest)?.id ?? null;
}

export async function readAssignmentSettings(db: Queryable): Promise<AssignmentSettings> {
  const [row] = await db.query<SettingsRow>('SELECT * FROM assignment_settings WHERE id');
  return { mode: row?.assignment_mode ?? 'off', cap: row?.assignment_cap ?? 10 };
}

export async function writeAssignmentSettings(db: Queryable, settings: AssignmentSettings): Promise<AssignmentSettings> {
  await db.query(
    `INSERT INTO assignment_settings (id, assignment_mode, assignment_cap) VALUES (true, $1, $2)
     ON CONFLICT (id) DO UPDATE SET assignment_mode = EXCLUDED.assignment_mode, assignment_cap = EXCLUDED.assignment_cap`,
    [settings.mode, settings.cap],
  );
  return readAssignmentSettings(db);
}
