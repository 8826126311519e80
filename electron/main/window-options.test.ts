import { describe, expect, it } from 'vitest';
import { buildMainWindowOptions } from './window-options';

describe('buildMainWindowOptions', () => {
  const options = buildMainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', iconPath: '/app/icon.png' });

  it('keeps every protection of the Electron security checklist on', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('starts hidden (shown when ready) with a usable minimum size', () => {
    expect(options.show).toBe(false);
    expect(options.minWidth).toBeGreaterThanOrEqual(800);
    expect(options.icon).toBe('/app/icon.png');
  });
});
