import { z } from 'zod';
import { isoTimeSchema } from '../domain/entities';

/**
 * Team-wide settings an owner sets, synced on the `team` stream as the `settings`
 * entity (one row, id "team").
 *
 * `retentionDays`: clients purge cached conversations and messages whose last activity
 * is older than this many days (the server keeps them). Null: keep everything.
 */
export const TEAM_SETTINGS_ID = 'team';
export const MAX_RETENTION_DAYS = 3650;

export const retentionDaysSchema = z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable();

export const teamSettingsSchema = z.object({
  id: z.literal(TEAM_SETTINGS_ID),
  retentionDays: retentionDaysSchema,
  updatedAt: isoTimeSchema,
});
export type TeamSettings = z.infer<typeof teamSettingsSchema>;

/** The instant before which cached data is purged, or null when nothing is. */
export function retentionCutoff(retentionDays: number | null, now: Date): Date | null {
  if (retentionDays === null) return null;
  return new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
}
