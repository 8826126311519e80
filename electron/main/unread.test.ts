import { describe, expect, it } from 'vitest';
import { trayTooltip, windowTitle } from './unread';

describe('unread indicators', () => {
  it('words the tray tooltip for zero, one and many', () => {
    expect(trayTooltip(0)).toBe('Huixin: no unread conversations');
    expect(trayTooltip(1)).toBe('Huixin: 1 unread conversation');
    expect(trayTooltip(12)).toBe('Huixin: 12 unread conversations');
  });

  it('puts the count in the window title, capped for very large numbers', () => {
    expect(windowTitle(0)).toBe('Huixin');
    expect(windowTitle(7)).toBe('(7) Huixin');
    expect(windowTitle(5000)).toBe('(999+) Huixin');
  });
});
