import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate } from './menu';

function roles(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role === undefined ? [] : [item.role]),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('buildMenuTemplate', () => {
  it('has the edit roles that make copy and paste work, on every platform', () => {
    for (const isMac of [true, false]) {
      expect(roles(buildMenuTemplate({ isMac, isDev: false }))).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit']),
      );
    }
  });

  it('offers developer tools and reload only in development', () => {
    expect(roles(buildMenuTemplate({ isMac: false, isDev: false }))).not.toContain('toggleDevTools');
    expect(roles(buildMenuTemplate({ isMac: false, isDev: false }))).not.toContain('reload');
    expect(roles(buildMenuTemplate({ isMac: false, isDev: true }))).toContain('toggleDevTools');
  });

  it('gives macOS its application menu', () => {
    expect(buildMenuTemplate({ isMac: true, isDev: false })[0]?.label).toBe('Huixin');
    expect(roles(buildMenuTemplate({ isMac: true, isDev: false }))).toContain('hideOthers');
  });
});
