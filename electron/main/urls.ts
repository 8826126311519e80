/**
 * URL decisions of the main process: which frames are ours, and which links may leave the
 * app for the system browser. Pure functions over strings.
 */

/**
 * `scheme://host[:port]` of a URL, or null when it cannot be parsed. WHATWG `URL.origin`
 * is the string "null" for non-special schemes such as our `app:`, so it is computed
 * here by hand to compare app:// and http:// origins the same way.
 */
export function originOf(rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.host === '') return null;
  return `${url.protocol}//${url.host}`.toLowerCase();
}

/** True when `rawUrl` belongs to the app's own renderer origin (the only trusted one). */
export function isSameOrigin(rawUrl: string | null | undefined, trustedOrigin: string): boolean {
  if (typeof rawUrl !== 'string' || rawUrl === '') return false;
  const origin = originOf(rawUrl);
  return origin !== null && origin === trustedOrigin.toLowerCase();
}

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:']);
const MAX_EXTERNAL_URL_LENGTH = 2048;

/**
 * The allowlist for links handed to the operating system: only plain http(s) URLs to a
 * named host, without embedded credentials (`https://shop.example@evil.test/` reads like
 * one site and opens another). Anything else (file:, javascript:, custom app schemes,
 * smb: shares that leak NTLM hashes on Windows) stays inside.
 */
export function isAllowedExternalUrl(rawUrl: string): boolean {
  if (rawUrl.length === 0 || rawUrl.length > MAX_EXTERNAL_URL_LENGTH) return false;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (!EXTERNAL_PROTOCOLS.has(url.protocol)) return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.hostname === '') return false;
  return true;
}

/**
 * What to do when the page tries to leave: a new window (target=_blank, window.open) or
 * an in-page navigation. Both are always refused (the app is one page, and a navigated
 * window would keep its preload bridge on foreign content); an allowlisted link is handed
 * to the system browser instead.
 */
export interface LeaveDecision {
  readonly action: 'deny';
  /** The URL to open in the system browser, or null when it fails the allowlist. */
  readonly openExternally: string | null;
}

export function decideLeave(rawUrl: string): LeaveDecision {
  return { action: 'deny', openExternally: isAllowedExternalUrl(rawUrl) ? rawUrl : null };
}
