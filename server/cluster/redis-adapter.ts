import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from '../logger';
import type { SyncServer } from '../sync/socket-gateway';

export interface RedisAdapterOptions {
  url: string;
  /**
   * The Redis stream the nodes of one deployment share (default `huixin:socket.io`); two
   * deployments on one Redis need different names.
   */
  streamName?: string;
}

export const DEFAULT_REDIS_STREAM = 'huixin:socket.io';

const newRedisClient = (url: string) => createClient({ url });
/** A node-redis client as this module creates it. */
export type RedisConnection = ReturnType<typeof newRedisClient>;

/**
 * Makes `io` one socket.io server across every node that uses the same Redis and stream:
 * `io.to(room).emit(…)`, `disconnectSockets` and friends reach the sockets of every node.
 * socket.io's official Redis *streams* adapter is used rather than the pub/sub one because
 * a node that briefly loses Redis resumes reading the stream where it stopped instead of
 * silently missing what was published meanwhile. Nothing durable travels through Redis:
 * pushes only wake clients up, the database stays the source of truth (a missed push is
 * a seq gap the client fills with a pull).
 */
export interface AttachedRedis {
  /** The connected client (publishing); others duplicate it to subscribe. */
  client: RedisConnection;
  /** The stream name in use: also the prefix of this deployment's other channels. */
  streamName: string;
  close(): Promise<void>;
}

export async function attachRedisAdapter(io: SyncServer, options: RedisAdapterOptions, log: Logger): Promise<AttachedRedis> {
  const client = newRedisClient(options.url);
  let lastError = '';
  // Without a listener node-redis throws on errors; it reconnects by itself meanwhile.
  client.on('error', (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (message !== lastError) log.warn('redis error (reconnecting)', { error: message });
    lastError = message;
  });
  client.on('ready', () => {
    if (lastError !== '') log.info('redis connection restored');
    lastError = '';
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.destroy();
    throw new Error(`cannot reach Redis at ${redactUrl(options.url)}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const streamName = options.streamName ?? DEFAULT_REDIS_STREAM;
  io.adapter(
    createAdapter(client, {
      streamName,
      // A short blocking read lets a closing node stop its reader quickly.
      blockTimeInMs: 1_000,
      // Our pushes are plain JSON (entity snapshots): skip the binary scan.
      onlyPlaintext: true,
    }),
  );
  return {
    client,
    streamName,
    close: async () => {
      // io.close() (before this) closed the adapter, which stops its reader clients.
      client.destroy();
    },
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an invalid URL)';
  }
}
