import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  protocol,
  session,
  shell,
  Tray,
} from 'electron';
// Unpacked from the asar: Linux tray daemons read the icon file by path.
import iconPath from '../../resources/icon.png?asset&asarUnpack';
import { resolveAppFile } from './app-protocol';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, resolveMainConfig } from './config';
import { buildContentSecurityPolicy, withCspHeader } from './csp';
import { registerDesktopIpc, type DesktopEffects } from './ipc';
import { buildMenuTemplate } from './menu';
import { isPermissionAllowed } from './permissions';
import { trayTooltip, windowTitle } from './unread';
import { decideLeave, isSameOrigin } from './urls';
import { buildMainWindowOptions } from './window-options';

/*
 * The Electron main process: only wiring. Every decision (which URL, which sender, which
 * permission, which arguments) is made by the pure modules beside this file, which the
 * unit tests cover without Electron.
 */

const config = resolveMainConfig(process.env, app.isPackaged);
const contentSecurityPolicy = buildContentSecurityPolicy(config);
const rendererDir = path.join(import.meta.dirname, '../renderer');
const preloadPath = path.join(import.meta.dirname, '../preload/index.cjs');

// Before 'ready': every renderer sandboxed, and app:// a real secure origin (IndexedDB,
// fetch, workers and CSP 'self' behave as on https).
app.enableSandbox();
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } },
]);

let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;
let unreadCount = 0;
// Electron drops click handlers of notifications that were garbage-collected.
const liveNotifications = new Set<Notification>();
const MAX_LIVE_NOTIFICATIONS = 20;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      openIfAllowed(url);
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openIfAllowed(url);
      return { action: 'deny' };
    });
  });
  void app.whenReady().then(start);
}

function start(): void {
  if (process.platform === 'win32') app.setAppUserModelId('com.huixin.desktop');
  serveRendererOverAppProtocol();
  hardenSession();
  registerDesktopIpc(ipcMain, { rendererOrigin: config.rendererOrigin, effects: desktopEffects });
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ isMac: process.platform === 'darwin', isDev: !app.isPackaged })));
  createTray();
  createMainWindow();
}

function serveRendererOverAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const lookup = resolveAppFile(request.url, rendererDir);
    if (lookup.kind === 'not-found') return new Response(null, { status: 404 });
    try {
      const file = await net.fetch(pathToFileURL(lookup.filePath).toString());
      const headers = new Headers(file.headers);
      headers.set('Content-Security-Policy', contentSecurityPolicy);
      headers.set('X-Content-Type-Options', 'nosniff');
      return new Response(file.body, { status: file.status, headers });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}

function hardenSession(): void {
  const ses = session.defaultSession;
  // The dev server's pages (and any http page of our origin) get the same CSP header.
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isSameOrigin(details.url, config.rendererOrigin)) {
      callback({ responseHeaders: details.responseHeaders ?? {} });
      return;
    }
    callback({ responseHeaders: withCspHeader(details.responseHeaders, contentSecurityPolicy) });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, config.rendererOrigin));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, config.rendererOrigin),
  );
}

function createMainWindow(): void {
  const options = buildMainWindowOptions({ preloadPath, iconPath });
  // window-options.ts (and its test) hold the full list; the protections that matter most
  // are restated where the window is made, so that a reader — and Electronegativity, which
  // cannot follow a function's return value — sees them on the constructor itself.
  const window = new BrowserWindow({
    ...options,
    webPreferences: {
      ...options.webPreferences,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  mainWindow = window;
  window.on('ready-to-show', () => window.show());
  // The main process owns the title so that the unread count stays in it.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.setTitle(windowTitle(unreadCount));
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(config.entryUrl);
}

function createTray(): void {
  try {
    tray = new Tray(nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }));
  } catch (error) {
    // Some Linux desktops have no status area; the app works without a tray.
    console.warn('Huixin: no system tray available', error);
    return;
  }
  tray.setToolTip(trayTooltip(unreadCount));
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Huixin', click: showMainWindow },
      { type: 'separator' },
      { role: 'quit' },
    ]),
  );
  tray.on('click', showMainWindow);
}

function showMainWindow(): void {
  if (mainWindow === null) {
    if (app.isReady()) createMainWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function openIfAllowed(url: string): void {
  const decision = decideLeave(url);
  // Reviewed: decideLeave hands out only URLs that passed isAllowedExternalUrl (http/https, a host, no credentials).
  if (decision.openExternally !== null) void shell.openExternal(decision.openExternally); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
}

const desktopEffects: DesktopEffects = {
  appInfo: () => ({ version: app.getVersion(), platform: process.platform, serverUrl: config.serverUrl }),
  setUnreadCount(count) {
    unreadCount = count;
    app.setBadgeCount(count);
    tray?.setToolTip(trayTooltip(count));
    mainWindow?.setTitle(windowTitle(count));
  },
  notify({ title, body }) {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    // Some Linux notification daemons never report 'close'; keep the newest few only.
    if (liveNotifications.size >= MAX_LIVE_NOTIFICATIONS) {
      const oldest = liveNotifications.values().next().value;
      if (oldest !== undefined) liveNotifications.delete(oldest);
    }
    liveNotifications.add(notification);
    const forget = (): void => void liveNotifications.delete(notification);
    notification.on('click', () => {
      showMainWindow();
      forget();
    });
    notification.on('close', forget);
    notification.show();
  },
  async openExternal(url) {
    // Reviewed: only ipc.ts calls this, after externalUrlSchema and isAllowedExternalUrl accepted the URL.
    await shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  },
};
