import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** Builds the benchmark page (bench/browser) into out/bench; bench/run.ts serves it. */
const repoRoot = resolve(import.meta.dirname, '..');

export default defineConfig({
  root: resolve(repoRoot, 'bench/browser'),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: resolve(repoRoot, 'out/bench'),
    emptyOutDir: true,
    target: 'es2023',
    // Readable stack traces if the page throws; the bench measures runtime, not bundle size.
    minify: false,
    sourcemap: true,
  },
});
