import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { DEMO_USERS } from '../server/demo/demo-topology';
import { startDemoStack } from './demo-stack';

/**
 * One command for a newcomer: the embedded backend (PGlite in .data/), the demo
 * storefronts sending live buyer traffic, and the app — the Electron window
 * (`npm start`) or the same renderer in a browser (`npm run web`).
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3210),
  HUIXIN_EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(3211),
  HUIXIN_WEB_PORT: z.coerce.number().int().min(1).max(65535).default(5173),
  HUIXIN_DATA_DIR: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  HUIXIN_DEMO_RATE: z.coerce.number().min(0).max(600).default(4),
});

const mode = process.argv.includes('--web') ? 'web' : 'electron';
const env = envSchema.parse(process.env);

// Check before starting anything, so a missing binary costs nothing.
if (mode === 'electron' && !electronBinaryInstalled()) {
  console.error(
    '\nThe Electron binary is not installed and could not be downloaded (no internet, or ELECTRON_SKIP_BINARY_DOWNLOAD set).\n' +
      'Run `npx install-electron` on a machine with internet access, or use `npm run web` for the same app in a browser.\n',
  );
  process.exit(1);
}

const stack = await startDemoStack({
  serverPort: env.PORT,
  emulatorPort: env.HUIXIN_EMULATOR_PORT,
  rate: env.HUIXIN_DEMO_RATE,
  seed: Date.now() % 100_000,
  server: { dataDir: env.HUIXIN_DATA_DIR, databaseUrl: env.DATABASE_URL || undefined },
});
// A first handful of buyers so that the inbox is not empty on the first look.
await stack.emulator.generate(12);

const shutdown = async (code: number) => {
  await stack.close().catch(() => undefined);
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const logins = DEMO_USERS.map((user) => `  ${user.name.padEnd(8)} / ${user.password}   (${user.role}, ${user.displayName})`).join('\n');
const banner = (where: string) =>
  `\nHuixin demo is running.\n  server:    ${stack.server.url}\n  emulator:  ${stack.emulator.url} (every demo platform in its own format, ${env.HUIXIN_DEMO_RATE} buyer events/min)\n  app:       ${where}\nLog in as:\n${logins}\nPress Ctrl+C to stop.\n`;

if (mode === 'web') {
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: 'vite.config.ts',
    server: { port: env.HUIXIN_WEB_PORT, strictPort: false, host: '127.0.0.1' },
    define: { 'import.meta.env.VITE_HUIXIN_SERVER_URL': JSON.stringify(stack.server.url) },
  });
  await vite.listen();
  const url = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${env.HUIXIN_WEB_PORT}/`;
  console.log(banner(`${url}?server=${encodeURIComponent(stack.server.url)}  (open in a browser)`));
} else {
  console.log(banner('the Huixin window'));
  const electron = spawn('npx', ['electron-vite', 'dev'], {
    stdio: 'inherit',
    env: { ...process.env, HUIXIN_SERVER_URL: stack.server.url },
  });
  electron.on('exit', (code) => void shutdown(code ?? 0));
}

function electronBinaryInstalled(): boolean {
  try {
    const require = createRequire(import.meta.url);
    const binary = require('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary);
  } catch {
    return false;
  }
}
