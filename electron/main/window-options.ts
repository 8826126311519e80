import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The main window's options, following Electron's security checklist. Kept as data so a
 * test can assert that no refactor ever turns a protection off. (`import type` only: this
 * module never loads Electron at runtime.)
 */
export interface WindowOptionsInput {
  readonly preloadPath: string;
  readonly iconPath: string;
}

export function buildMainWindowOptions({ preloadPath, iconPath }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'Huixin',
    icon: iconPath,
    // Shown on 'ready-to-show' so the user never sees an empty white frame.
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
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
      // No middle-click "open in a new window" path: links leave only through the
      // window-open handler's allowlist (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  };
}
