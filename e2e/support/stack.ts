import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDemoStack, type DemoStack } from '../../scripts/demo-stack';
import { launchChromium } from './browser';
import { freePort } from './free-port';
import { serveStatic, type StaticServer } from './static-server';

/**
 * Everything an end-to-end test runs against, all real: the server on a PGlite folder
 * that survives a restart, the storefront emulator, the built renderer served from
 * files (as Electron loads it), and Debian's Chromium.
 */
export interface E2eStack {
  demo: DemoStack;
  web: StaticServer;
  browser: Browser;
  /** Uncaught page errors and Content-Security-Policy violations seen by any page: a clean run has none. */
  pageProblems: string[];
  /** A fresh browser context (its own IndexedDB) with the app open, pointed at the server. */
  openApp(): Promise<Page>;
  close(): Promise<void>;
}

const WEB_DIR = resolve('dist-web');

export async function startE2eStack(): Promise<E2eStack> {
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    // `npm test` builds it first; a lone `vitest --project e2e` builds it here.
    const { build } = await import('vite');
    await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'huixin-e2e-'));
  const demo = await startDemoStack({
    serverPort: await freePort(),
    emulatorPort: await freePort(),
    seed: 7,
    server: { dataDir, logLevel: 'warn' },
  });
  const web = await serveStatic(WEB_DIR);
  const browser = await launchChromium();
  const pageProblems: string[] = [];
  return {
    demo,
    web,
    browser,
    pageProblems,
    async openApp() {
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1360, height: 860 } });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && message.text().includes('Content Security Policy')) pageProblems.push(message.text());
      });
      await page.goto(`${web.url}/?server=${encodeURIComponent(demo.server.url)}`);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await web.close();
      await demo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function logIn(page: Page, name: string, password: string): Promise<void> {
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('inbox-list').waitFor();
}

/** Polls until `check` returns a value other than undefined, or fails with `what`. */
export async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
