import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The renderer as a plain web app (`npm run build:web` → dist-web/, `npm run web`).
 * electron.vite.config.ts builds the same renderer for the desktop app with these
 * settings. `base: './'` keeps asset URLs relative so the build also loads from
 * Electron's app:// origin or any static folder.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist-web', import.meta.url)),
    emptyOutDir: true,
    // A desktop app loading local files: one ~750 kB bundle is fine; no need to split.
    chunkSizeWarningLimit: 1200,
  },
  server: { port: 5173 },
});
