import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import web from './vite.config';

/**
 * One build for the desktop app: `electron-vite build` writes out/main (ESM, Node target),
 * out/preload (CommonJS: sandboxed preloads cannot be ES modules) and out/renderer (the
 * same React app that vite.config.ts builds for the browser: its settings are reused
 * as they are, only the output folder differs; the relative base lets it load from
 * app://huixin/). `electron-vite dev` serves the renderer with HMR instead.
 */
const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Bundle zod and shared/ into main so the packaged app needs no node_modules.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can `require` only 'electron' (and a few polyfills):
      // everything else must be inside the one file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...web,
    root: resolve(root, 'renderer'),
    build: {
      ...web.build,
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
