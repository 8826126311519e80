import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './config';

/**
 * Maps an `app://huixin/...` request to a file of the built renderer. The custom scheme
 * gives the renderer a real, stable origin (for IndexedDB, CSP 'self' and IPC sender
 * checks) where file:// would grant it the whole disk. Any path that would climb out of
 * the renderer folder resolves to nothing.
 */
export type AppFileLookup =
  | { readonly kind: 'file'; readonly filePath: string }
  | { readonly kind: 'not-found'; readonly reason: string };

export function resolveAppFile(requestUrl: string, rendererDir: string): AppFileLookup {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'not-found', reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return { kind: 'not-found', reason: 'foreign origin' };
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'not-found', reason: 'malformed escape' };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) {
    return { kind: 'not-found', reason: 'forbidden character' };
  }
  // A path without a file extension is a client-side route: serve the single page.
  const relative = path.posix.extname(pathname) === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const filePath = path.resolve(root, ...relative.split('/'));
  const fromRoot = path.relative(root, filePath);
  if (fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${path.sep}`) || path.isAbsolute(fromRoot)) {
    return { kind: 'not-found', reason: 'outside the renderer folder' };
  }
  return { kind: 'file', filePath };
}
