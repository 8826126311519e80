import { startEmulator, type Emulator } from '../emulator';
import { startServer, type RunningServer, type StartServerOptions } from '../server/app';
import { demoStores } from '../server/demo/demo-topology';

/**
 * The embedded backend plus the demo storefronts, in one process: the storefront
 * emulator plays Taobao's message service and Shopify's webhooks, and the server is
 * seeded with the demo team and stores that point at it. Used by `npm start`,
 * `npm run web` and the end-to-end tests, so all three run the same world.
 */
export interface DemoStack {
  server: RunningServer;
  emulator: Emulator;
  /** Stops the server only (the emulator keeps going), as when the backend goes down. */
  stopServer(): Promise<void>;
  /** Starts the server again on the same port and data. */
  restartServer(): Promise<void>;
  close(): Promise<void>;
}

export interface DemoStackOptions {
  serverPort: number;
  emulatorPort: number;
  /** PGlite folder (default .data/pglite), or DATABASE_URL through `server`. */
  server?: Omit<StartServerOptions, 'port' | 'demo'>;
  seed?: number;
  /** Buyer events per minute after start (0 = only on request). */
  rate?: number;
}

export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const emulatorUrl = `http://127.0.0.1:${options.emulatorPort}`;
  const stores = demoStores(emulatorUrl);
  const emulator = await startEmulator({
    port: options.emulatorPort,
    seed: options.seed ?? 1,
    rate: options.rate ?? 0,
    // Each demo store is also a valid emulator store (same credential names; extra fields are dropped).
    stores,
  });
  const serverOptions: StartServerOptions = {
    ...options.server,
    port: options.serverPort,
    demo: { emulatorUrl: emulator.url },
  };
  let server = await startServer(serverOptions);
  emulator.setHuixinUrl(server.url);
  let running = true;

  const stack: DemoStack = {
    get server() {
      return server;
    },
    emulator,
    async stopServer() {
      if (!running) return;
      running = false;
      await server.close();
    },
    async restartServer() {
      if (running) return;
      server = await startServer(serverOptions);
      running = true;
    },
    async close() {
      await stack.stopServer();
      await emulator.close();
    },
  };
  return stack;
}
