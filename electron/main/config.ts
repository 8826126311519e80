import { z } from 'zod';

/**
 * Where the main process gets its settings. Pure: the caller passes `process.env` and
 * `app.isPackaged`, so tests can try every combination without Electron.
 */

/** The renderer is served from this privileged custom scheme in production (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'huixin';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * What app:// may do (protocol.registerSchemesAsPrivileged). `standard` + `secure` give
 * it a real origin with IndexedDB, workers and CSP 'self'; `corsEnabled` is needed because
 * Vite emits `<script type="module" crossorigin>` and module workers, which Chromium
 * fetches in CORS mode; `supportFetchAPI` lets fetch() read app files. Never `bypassCSP`.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  codeCache: true,
} as const;

export const DEFAULT_SERVER_URL = 'http://localhost:3210';

const httpUrlSchema = z.url({ protocol: /^https?$/ });

const envSchema = z.object({
  HUIXIN_SERVER_URL: httpUrlSchema.optional(),
  /** Set by `electron-vite dev` to the renderer's dev server address. */
  ELECTRON_RENDERER_URL: httpUrlSchema.optional(),
});

export interface MainConfig {
  /** The team backend the renderer talks to (given to it through getAppInfo). */
  readonly serverUrl: string;
  /** Set in development only: the renderer comes from the Vite dev server. */
  readonly devServerUrl: string | null;
  /** The URL the window loads first. */
  readonly entryUrl: string;
  /** The only origin whose frames may call IPC, navigate or get the CSP. */
  readonly rendererOrigin: string;
}

/**
 * Reads the environment once at startup. An invalid HUIXIN_SERVER_URL is a startup error
 * with a clear message rather than a renderer that silently cannot connect. The dev
 * server URL is ignored in a packaged app so that an environment variable can never
 * point a shipped build at foreign code.
 */
export function resolveMainConfig(env: Readonly<Record<string, string | undefined>>, isPackaged: boolean): MainConfig {
  const parsed = envSchema.safeParse({
    HUIXIN_SERVER_URL: emptyToUndefined(env['HUIXIN_SERVER_URL']),
    ELECTRON_RENDERER_URL: emptyToUndefined(env['ELECTRON_RENDERER_URL']),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment for Huixin: ${issues}`);
  }
  const serverUrl = parsed.data.HUIXIN_SERVER_URL ?? DEFAULT_SERVER_URL;
  const devServerUrl = isPackaged ? null : (parsed.data.ELECTRON_RENDERER_URL ?? null);
  if (devServerUrl !== null) {
    return { serverUrl, devServerUrl, entryUrl: devServerUrl, rendererOrigin: new URL(devServerUrl).origin };
  }
  return { serverUrl, devServerUrl: null, entryUrl: APP_ENTRY_URL, rendererOrigin: APP_ORIGIN };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
