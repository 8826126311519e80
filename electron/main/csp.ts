import { originOf } from './urls';

/**
 * The Content-Security-Policy for the app's own pages. Buyer text is untrusted, so the
 * policy assumes an injection will one day slip through and leaves it nowhere to go:
 * scripts only from the app itself, no plugins, no frames, no <base> tricks, no form
 * posts, and network access only to the app and its team backend.
 */
export interface CspInput {
  /** The team backend (http/https); its ws/wss twin is allowed for socket.io. */
  readonly serverUrl: string;
  /** Development only: the Vite dev server, which also needs its HMR websocket. */
  readonly devServerUrl: string | null;
}

export function buildContentSecurityPolicy({ serverUrl, devServerUrl }: CspInput): string {
  const connect = new Set<string>(["'self'"]);
  for (const origin of [serverUrl, devServerUrl]) {
    if (origin === null) continue;
    for (const allowed of withWebSocketTwin(origin)) connect.add(allowed);
  }
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    // Vite's React refresh preamble is an inline module script in development only.
    ['script-src', "'self'", ...(devServerUrl === null ? [] : ["'unsafe-inline'"])],
    // Mantine writes its CSS variables into <style> tags and style attributes.
    ['style-src', "'self'", "'unsafe-inline'"],
    // Product pictures, avatars and buyers' review pictures come from storefront CDNs over
    // https. A backend on this machine (the demo) also serves pictures from its storefront
    // emulator over plain http on loopback; only then are loopback pictures allowed.
    ['img-src', "'self'", 'data:', 'blob:', 'https:', ...(isLoopback(serverUrl) ? LOOPBACK_IMAGES : [])],
    ['font-src', "'self'", 'data:'],
    ['connect-src', ...connect],
    // The sync engine runs in a Web Worker built as a separate file of the app.
    ['worker-src', "'self'", 'blob:'],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['frame-ancestors', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}

const LOOPBACK_IMAGES = ['http://127.0.0.1:*', 'http://localhost:*'];

function isLoopback(rawUrl: string): boolean {
  const origin = originOf(rawUrl);
  if (origin === null) return false;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(origin).hostname);
}

/** `http://h:1` → [`http://h:1`, `ws://h:1`]; `https://h` → [`https://h`, `wss://h`]. */
function withWebSocketTwin(rawUrl: string): string[] {
  const origin = originOf(rawUrl);
  if (origin === null) throw new Error(`Not a URL for the CSP: ${rawUrl}`);
  if (origin.startsWith('https://')) return [origin, `wss://${origin.slice('https://'.length)}`];
  if (origin.startsWith('http://')) return [origin, `ws://${origin.slice('http://'.length)}`];
  throw new Error(`Only http(s) origins can be allowed to connect: ${rawUrl}`);
}

/**
 * Adds the CSP header to a response's headers, replacing any CSP the dev server sent
 * (header names are case-insensitive, so every spelling is removed first).
 */
export function withCspHeader(
  headers: Readonly<Record<string, string[]>> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}
