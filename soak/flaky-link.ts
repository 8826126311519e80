import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP relay between one agent client and the server: the agent's "network".
 * `down()` cuts every open connection and refuses new ones until `up()`, which is what a
 * dropped Wi-Fi looks like to socket.io (it notices, then retries with backoff). The
 * client code runs unchanged; only its server URL points here.
 */
export class FlakyLink {
  private server: Server | null = null;
  private readonly pairs = new Set<Socket>();
  private isUp = true;
  port = 0;

  constructor(private readonly targetPort: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get up(): boolean {
    return this.isUp;
  }

  async open(): Promise<void> {
    const server = createServer((inbound) => {
      if (!this.isUp) {
        inbound.destroy();
        return;
      }
      const outbound = connect(this.targetPort, '127.0.0.1');
      for (const socket of [inbound, outbound]) {
        this.pairs.add(socket);
        socket.on('close', () => this.pairs.delete(socket));
        socket.on('error', () => undefined);
      }
      inbound.on('close', () => outbound.destroy());
      outbound.on('close', () => inbound.destroy());
      inbound.pipe(outbound);
      outbound.pipe(inbound);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('link has no port');
    this.port = address.port;
  }

  down(): void {
    this.isUp = false;
    for (const socket of this.pairs) socket.destroy();
  }

  restore(): void {
    this.isUp = true;
  }

  async close(): Promise<void> {
    this.down();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
