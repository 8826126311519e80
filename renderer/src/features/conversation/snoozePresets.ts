/**
 * Snooze presets in the agent's local time: in an hour, this evening at 18:00 (only
 * while that is still more than half an hour away), tomorrow at 9:00.
 */
export type SnoozePreset = 'hour' | 'evening' | 'tomorrow';

export function snoozePresets(now: Date): { preset: SnoozePreset; until: Date }[] {
  const hour = new Date(now.getTime() + 60 * 60_000);
  const evening = new Date(now);
  evening.setHours(18, 0, 0, 0);
  const tomorrow = new Date(now);
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const presets: { preset: SnoozePreset; until: Date }[] = [{ preset: 'hour', until: hour }];
  if (evening.getTime() - now.getTime() > 30 * 60_000) presets.push({ preset: 'evening', until: evening });
  presets.push({ preset: 'tomorrow', until: tomorrow });
  return presets;
}
