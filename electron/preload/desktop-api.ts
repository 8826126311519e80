import { z } from 'zod';
import { appInfoSchema, DesktopChannels, type HuixinDesktopApi } from '../../shared/desktop/api';

/**
 * The renderer's whole view of the desktop: each method is exactly one invoke on one
 * named channel, never a generic "send anything" pipe. Answers from the main process are
 * parsed too, so the renderer's types are true at runtime.
 */
export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;

export function createDesktopApi(invoke: Invoke): HuixinDesktopApi {
  return Object.freeze({
    async getAppInfo() {
      return appInfoSchema.parse(await invoke(DesktopChannels.getAppInfo));
    },
    async setUnreadCount(count: number) {
      await invoke(DesktopChannels.setUnreadCount, count);
    },
    async notify(notification) {
      await invoke(DesktopChannels.notify, notification);
    },
    async openExternal(url: string) {
      return z.boolean().parse(await invoke(DesktopChannels.openExternal, url));
    },
  } satisfies HuixinDesktopApi);
}

/** The single global the renderer sees: `window.huixin`. */
export const DESKTOP_API_GLOBAL = 'huixin';
