import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LoginRateLimiter } from '../accounts/login-rate-limit';
import type { Logger } from '../logger';
import type { RedisConnection } from './redis-adapter';


const attemptSchema = z.object({
  origin: z.string(),
  kind: z.enum(['failure', 'success']),
  name: z.string().max(512),
  ip: z.string().max(256),
});
type Attempt = z.infer<typeof attemptSchema>;

/**
 * The login rate limiter of one node that also counts what the other nodes saw: every
 * failed (and successful) login is published on Redis and replayed into every other
 * node's limiter. Without it, N nodes behind a load balancer would give a password
 * guesser N times the budget. Counting stays in memory (a few milliseconds behind the
 * other nodes at most); a node that starts later begins with an empty window.
 */
export class SharedLoginRateLimiter extends LoginRateLimiter {
  #publish: ((attempt: Omit<Attempt, 'origin'>) => void) | null = null;

  override recordFailureFor(name: string, ip: string): void {
    super.recordFailureFor(name, ip);
    this.#publish?.({ kind: 'failure', name, ip });
  }

  override recordSuccessFor(name: string, ip: string): void {
    super.recordSuccessFor(name, ip);
    this.#publish?.({ kind: 'success', name, ip });
  }

  /** What another node saw, applied here without sending it back. */
  applyRemote(attempt: Omit<Attempt, 'origin'>): void {
    if (attempt.kind === 'failure') super.recordFailureFor(attempt.name, attempt.ip);
    else super.recordSuccessFor(attempt.name, attempt.ip);
  }

  /** Shares this limiter's attempts over `channel`; resolves to a function that stops it. */
  async shareThrough(client: RedisConnection, channel: string, log: Logger): Promise<() => Promise<void>> {
    const origin = randomUUID();
    const subscriber = client.duplicate();
    subscriber.on('error', () => undefined); // the main client already logs Redis trouble
    await subscriber.connect();
    await subscriber.subscribe(channel, (raw) => {
      let parsed: Attempt;
      try {
        parsed = attemptSchema.parse(JSON.parse(raw));
      } catch {
        log.warn('ignored a malformed login-attempt message on Redis', { channel });
        return;
      }
      if (parsed.origin !== origin) this.applyRemote(parsed);
    });
    this.#publish = (attempt) => {
      client.publish(channel, JSON.stringify({ origin, ...attempt })).catch((error: unknown) => {
        log.warn('could not share a login attempt with the other nodes', { error: String(error) });
      });
    };
    return async () => {
      this.#publish = null;
      subscriber.destroy();
    };
  }
}
