import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The Huixin server as a child process (`node --import tsx server/main.ts`), so that the
 * soak can SIGKILL it mid-write and start it again on the same port and data. Spawned
 * with node itself, not the `tsx` wrapper: a kill must hit the process that holds the
 * database, not a parent that would leave it orphaned.
 */
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface ServerProcessOptions {
  port: number;
  emulatorUrl: string;
  /** PGlite folder; ignored when databaseUrl is set. */
  dataDir: string;
  databaseUrl?: string;
  /** Lines the server prints on stderr (warnings, errors), for the soak's log. */
  onOutput?: (line: string) => void;
  startTimeoutMs?: number;
}

export class ServerProcess {
  private child: ChildProcess | null = null;
  readonly url: string;

  constructor(private readonly options: ServerProcessOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the server and resolves once it listens (it has migrated and seeded by then). */
  async start(): Promise<void> {
    if (this.child) throw new Error('server already running');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.options.port),
      HOST: '127.0.0.1',
      HUIXIN_DATA_DIR: this.options.dataDir,
      DATABASE_URL: this.options.databaseUrl ?? '',
      HUIXIN_DEMO: '1',
      HUIXIN_EMULATOR_URL: this.options.emulatorUrl,
      HUIXIN_LOG_LEVEL: 'warn',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start in time')), this.options.startTimeoutMs ?? 60_000);
      let buffered = '';
      let errors = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        if (buffered.includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        errors = (errors + chunk.toString('utf8')).slice(-2000);
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.options.onOutput?.(line);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) this.child = null;
        reject(new Error(`server exited before listening (code ${code}, signal ${signal}): ${errors || buffered}`));
      });
    });
  }

  /** SIGKILL: no shutdown hooks, no flush — a power cut as far as the server knows. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM: the graceful shutdown (closes sockets, flushes the database). */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    this.child = null;
    return new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}
