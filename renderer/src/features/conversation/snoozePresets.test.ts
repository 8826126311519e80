import { describe, expect, it } from 'vitest';
import { snoozePresets } from './snoozePresets';

describe('snooze presets', () => {
  it('offers an hour, this evening 18:00 and tomorrow 9:00 in the morning', () => {
    const now = new Date(2025, 5, 18, 10, 15);
    const presets = snoozePresets(now);
    expect(presets.map((p) => p.preset)).toEqual(['hour', 'evening', 'tomorrow']);
    expect(presets[0]?.until).toEqual(new Date(2025, 5, 18, 11, 15));
    expect(presets[1]?.until).toEqual(new Date(2025, 5, 18, 18, 0));
    expect(presets[2]?.until).toEqual(new Date(2025, 5, 19, 9, 0));
  });

  it('drops "this evening" once 18:00 is less than half an hour away, and rolls over month ends', () => {
    const presets = snoozePresets(new Date(2025, 5, 30, 17, 40));
    expect(presets.map((p) => p.preset)).toEqual(['hour', 'tomorrow']);
    expect(presets[1]?.until).toEqual(new Date(2025, 6, 1, 9, 0));
  });
});
