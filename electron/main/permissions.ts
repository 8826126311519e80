import { isSameOrigin } from './urls';

/**
 * Web permissions the renderer may get: desktop notifications for new buyer messages,
 * asked by the app's own origin, and nothing else (no camera, microphone, location,
 * clipboard reads, USB, …).
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

export function isPermissionAllowed(permission: string, requestingUrl: string, rendererOrigin: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isSameOrigin(requestingUrl, rendererOrigin);
}
