import { z } from 'zod';
import { appInfoSchema, type HuixinDesktopApi } from '../../../shared';

export const DEFAULT_SERVER_URL = 'http://localhost:3210';
export const REMEMBERED_SERVER_KEY = 'huixin.serverUrl';

const httpUrlSchema = z.url({ protocol: /^https?$/ });

export interface ServerUrlSources {
  /** location.search of the page, e.g. "?server=http://10.0.0.5:3210". */
  search: string;
  /** Where a chosen URL is remembered (localStorage in the app). */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** serverUrl of the saved session, if someone is signed in. */
  sessionServerUrl: string | undefined;
  desktop: Pick<HuixinDesktopApi, 'getAppInfo'> | undefined;
  envServerUrl: string | undefined;
}

/** Drops a trailing slash so that `${url}/api/login` is well formed. */
export function normaliseServerUrl(raw: string): string | null {
  const parsed = httpUrlSchema.safeParse(raw.trim());
  return parsed.success ? parsed.data.replace(/\/+$/, '') : null;
}

/**
 * Where the team backend is, first match wins:
 * `?server=` (and it is remembered for later loads), the signed-in session's server,
 * a URL remembered earlier, the desktop app's configured server, the build's
 * VITE_HUIXIN_SERVER_URL, and finally the local default. Invalid values are skipped.
 */
export async function resolveServerUrl(sources: ServerUrlSources): Promise<string> {
  const fromQuery = normaliseServerUrl(new URLSearchParams(sources.search).get('server') ?? '');
  if (fromQuery) {
    rememberServerUrl(sources.storage, fromQuery);
    return fromQuery;
  }
  const fromSession = normaliseServerUrl(sources.sessionServerUrl ?? '');
  if (fromSession) return fromSession;
  const remembered = normaliseServerUrl(safeGet(sources.storage, REMEMBERED_SERVER_KEY) ?? '');
  if (remembered) return remembered;
  if (sources.desktop) {
    try {
      const info = appInfoSchema.parse(await sources.desktop.getAppInfo());
      const fromDesktop = normaliseServerUrl(info.serverUrl);
      if (fromDesktop) return fromDesktop;
    } catch (err) {
      console.warn('[huixin] desktop app info unavailable', err);
    }
  }
  return normaliseServerUrl(sources.envServerUrl ?? '') ?? DEFAULT_SERVER_URL;
}

export function rememberServerUrl(storage: ServerUrlSources['storage'], url: string): void {
  try {
    storage?.setItem(REMEMBERED_SERVER_KEY, url);
  } catch {
    // Storage can be unavailable (private mode, quota): remembering is a convenience.
  }
}

function safeGet(storage: ServerUrlSources['storage'], key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}
