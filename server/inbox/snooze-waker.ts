import { storeStream } from '../../shared';
import type { Logger } from '../logger';
import { toConversation, type ConversationRow } from '../storage/rows';
import type { ChangeFeed } from '../sync/change-feed';
import type { AutoAssigner } from './auto-assigner';

export const DEFAULT_SNOOZE_CHECK_MS = 15_000;

/**
 * Wakes snoozed conversations whose time has come: status back to `open`, and an
 * unassigned one goes through automatic assignment like any reopened thread. Checks on
 * an interval (a snooze is minutes to days; a few seconds late is fine) and on demand
 * (`wakeDue`, also what tests call). Several nodes may run it: the row lock of the
 * UPDATE makes each thread wake once.
 */
export class SnoozeWaker {
  #timer: ReturnType<typeof setInterval> | null = null;
  #running: Promise<number> | null = null;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly assigner: AutoAssigner | undefined,
    private readonly log: Logger,
    private readonly intervalMs: number = DEFAULT_SNOOZE_CHECK_MS,
  ) {}

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.wakeDue().catch((error: unknown) => this.log.error('snooze check failed', { error: String(error) }));
    }, this.intervalMs);
    this.#timer.unref();
  }

  /** Wakes every conversation due at `now`; returns how many woke. One run at a time. */
  async wakeDue(now: Date = new Date()): Promise<number> {
    while (this.#running) await this.#running.catch(() => 0);
    this.#running = this.#wake(now);
    try {
      return await this.#running;
    } finally {
      this.#running = null;
    }
  }

  async #wake(now: Date): Promise<number> {
    return this.feed.write(async (feed) => {
      const woken = await feed.tx.query<ConversationRow>(
        `UPDATE conversations SET status = 'open', snoozed_until = NULL, updated_at = now()
          WHERE id IN (SELECT id FROM conversations WHERE status = 'snoozed' AND snoozed_until <= $1
                        ORDER BY snoozed_until LIMIT 500 FOR UPDATE SKIP LOCKED)
          RETURNING *`,
        [now],
      );
      // Streams in one order (store id) so that two nodes waking at once never deadlock.
      for (const row of woken.sort((a, b) => a.store_id.localeCompare(b.store_id) || a.id.localeCompare(b.id))) {
        if (row.assignee_id === null && this.assigner) {
          const assignee = await this.assigner.pick(feed.tx, row.store_id);
          if (assignee !== null) {
            const [saved] = await feed.tx.query<ConversationRow>(
              'UPDATE conversations SET assignee_id = $2 WHERE id = $1 RETURNING *',
              [row.id, assignee],
            );
            if (saved) Object.assign(row, saved);
          }
        }
        await feed.append(storeStream(row.store_id), [{ entity: 'conversation', data: toConversation(row) }]);
      }
      return woken.length;
    });
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => 0);
  }
}
