import { z } from 'zod';

/**
 * The whole bridge between the renderer and the Electron main process. The preload
 * implements `HuixinDesktopApi` and exposes it as `window.huixin`; the renderer sees
 * nothing else. Each method maps to exactly one IPC channel below, and the main process
 * zod-parses every argument and checks the sender frame before acting.
 *
 * To add a call: (1) add the channel and its argument schema here, (2) implement it in
 * electron/preload/index.ts, (3) handle it in electron/main/ipc.ts.
 */
export const DesktopChannels = {
  getAppInfo: 'huixin:get-app-info',
  setUnreadCount: 'huixin:set-unread-count',
  notify: 'huixin:notify',
  openExternal: 'huixin:open-external',
} as const;

export const appInfoSchema = z.object({
  version: z.string(),
  platform: z.string(),
  /** Where the team backend listens, chosen by the main process (embedded or configured). */
  serverUrl: z.url(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const unreadCountSchema = z.number().int().min(0).max(1_000_000);

export const notificationSchema = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(1000),
  conversationId: z.string().max(128).optional(),
});
export type DesktopNotification = z.infer<typeof notificationSchema>;

export const externalUrlSchema = z.url({ protocol: /^https?$/ }).max(2048);

export interface HuixinDesktopApi {
  getAppInfo(): Promise<AppInfo>;
  /** Tray/dock badge with the number of unread conversations. */
  setUnreadCount(count: number): Promise<void>;
  notify(notification: DesktopNotification): Promise<void>;
  /** Opens an http(s) link in the system browser if the main process allows it. */
  openExternal(url: string): Promise<boolean>;
}
