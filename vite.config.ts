import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The web build's Content-Security-Policy, as a <meta> tag. Buyer text is untrusted, so
 * scripts come only from the app itself. The team server is chosen at login, so any
 * http(s)/ws(s) origin may be connected to; Electron adds a stricter header naming the
 * one configured server (electron/main/csp.ts). Build only: Vite's dev server injects an
 * inline React preamble that `script-src 'self'` would block.
 */
const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // Review and product pictures: CDNs over https; the local demo's emulator over loopback http.
  "img-src 'self' data: blob: https: http://127.0.0.1:* http://localhost:*",
  "font-src 'self' data:",
  "connect-src 'self' http: https: ws: wss:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'huixin-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: WEB_CSP }, injectTo: 'head-prepend' }],
  };
}

/**
 * The renderer as a plain web app (`npm run build:web` → dist-web/, `npm run web`).
 * electron.vite.config.ts builds the same renderer for the desktop app with these
 * settings. `base: './'` keeps asset URLs relative so the build also loads from
 * Electron's app:// origin or any static folder.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist-web', import.meta.url)),
    emptyOutDir: true,
    // A desktop app loading local files: one ~1.2 MB bundle (Mantine, opencc tables) loads in
    // milliseconds from disk; splitting would only add requests.
    chunkSizeWarningLimit: 2000,
  },
  server: { port: 5173 },
});
