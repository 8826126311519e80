import { TEAM_SETTINGS_ID, TEAM_STREAM, type TeamSettings, type User } from '../../shared';
import type { Queryable } from '../storage/database';
import type { ChangeFeed } from '../sync/change-feed';
import { recordAudit } from './audit';

interface SettingsRow {
  retention_days: number | null;
  updated_at: Date;
}

export async function readTeamSettings(db: Queryable): Promise<TeamSettings> {
  const [row] = await db.query<SettingsRow>('SELECT retention_days, updated_at FROM team_settings WHERE id = $1', [TEAM_SETTINGS_ID]);
  return { id: TEAM_SETTINGS_ID, retentionDays: row?.retention_days ?? null, updatedAt: (row?.updated_at ?? new Date(0)).toISOString() };
}

/**
 * Sets how many days clients keep cached conversations (null: keep all) and publishes
 * the settings on the team stream, so every client purges accordingly. The server
 * itself keeps everything.
 */
export async function setRetentionDays(feed: ChangeFeed, retentionDays: number | null, actor: Pick<User, 'id' | 'displayName'>): Promise<TeamSettings> {
  return feed.write(async ({ tx, append }) => {
    const [row] = await tx.query<SettingsRow>(
      `INSERT INTO team_settings (id, retention_days, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (id) DO UPDATE SET retention_days = EXCLUDED.retention_days, updated_at = now()
       RETURNING retention_days, updated_at`,
      [TEAM_SETTINGS_ID, retentionDays],
    );
    if (!row) throw new Error('team settings upsert returned nothing');
    const settings: TeamSettings = { id: TEAM_SETTINGS_ID, retentionDays: row.retention_days, updatedAt: row.updated_at.toISOString() };
    await append(TEAM_STREAM, [{ entity: 'settings', data: settings }]);
    await recordAudit(tx, {
      actor,
      action: 'settings.retention',
      detail: retentionDays === null ? 'clients keep cached data indefinitely' : `clients purge cached data older than ${retentionDays} days`,
    });
    return settings;
  });
}
