import { z } from 'zod';

/**
 * Automatic assignment (team setting, leads and owners: `GET/PUT /api/team/assignment`).
 * `round_robin` takes online agents in turn; `load_balanced` picks the online agent with
 * the fewest open conversations. Either way an agent at `cap` open conversations, an agent
 * who is offline, or one not granted the store is skipped.
 */
export const ASSIGNMENT_PATH = '/api/team/assignment';
export const ASSIGNMENT_MODES = ['off', 'round_robin', 'load_balanced'] as const;
export const assignmentModeSchema = z.enum(ASSIGNMENT_MODES);
export type AssignmentMode = z.infer<typeof assignmentModeSchema>;

export const assignmentSettingsSchema = z.object({
  mode: assignmentModeSchema,
  cap: z.number().int().min(1).max(1000),
});
export type AssignmentSettings = z.infer<typeof assignmentSettingsSchema>;
