import { storeStream, type ConversationKind, type Platform } from '../../shared';
import type { Connector, DeliveryCheck, ReplyTarget, SendResult } from '../connectors/types';
import type { Logger } from '../logger';
import type { Database } from '../storage/database';
import { toMessage, type MessageRow, type StoreRow } from '../storage/rows';
import type { ChangeFeed } from '../sync/change-feed';
import { findStoreRow, toConnectorStore } from '../stores/stores';
import type { StoreTokenSource } from '../connectors/tokens/types';
import { recordSellerReply, toReview } from '../reviews/review-records';

export interface OutboundOptions {
  /** Attempts before a transiently failing message is marked failed. */
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubles each time up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A send that takes longer is aborted and counts as a transient failure. */
  sendTimeoutMs: number;
  /** Messages sent at the same time. */
  concurrency: number;
  /** How often to look for work that a timer cannot know about (other nodes, expired leases). */
  pollIntervalMs: number;
  /** The token manager, for platforms whose access tokens expire (Weibo replies). */
  tokens?: StoreTokenSource;
}

export const DEFAULT_OUTBOUND_OPTIONS: OutboundOptions = {
  maxAttempts: 6,
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  sendTimeoutMs: 20_000,
  concurrency: 4,
  pollIntervalMs: 15_000,
};

export type ConnectorLookup = (platform: Platform) => Connector<unknown> | undefined;

interface Job {
  message_id: string;
  attempts: number;
}

interface JobContext {
  message: MessageRow;
  store: StoreRow;
  kind: ConversationKind;
  platform_thread_id: string | null;
  platform_order_id: string | null;
  customer_platform_user_id: string;
  customer_nickname: string;
  customer_email: string | null;
  /** When the buyer wrote the review, for review threads (JD's read-back searches by it). */
  review_written_at: Date | null;
}

/**
 * Why a message on a platform without an idempotency key (and without a read-back) is failed
 * rather than retried after a timeout: the agent checks with the buyer and resends by hand.
 */
export const MAY_HAVE_BEEN_DELIVERED =
  'The platform did not answer in time; it may have been delivered — check with the buyer before sending again';

/** Exponential backoff without jitter: deterministic and easy to reason about. */
export function backoffDelay(attempt: number, options: Pick<OutboundOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Sends outbound messages. The durable queue is the database: a `pending` outbound
 * message has an outbound_jobs row. A worker claims a due job with a lease
 * (`FOR UPDATE SKIP LOCKED`, so two workers — here or on another node — never send one
 * message at the same time), calls the platform's connector, and records the outcome
 * through the change feed: `sent` with the platform's id, a retry later with backoff,
 * or `failed` with a reason. Work left over from a previous run resumes at start.
 */
export class OutboundDispatcher {
  readonly #options: OutboundOptions;
  readonly #inFlight = new Map<string, AbortController>();
  readonly #running = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | null = null;
  #poller: NodeJS.Timeout | null = null;
  #draining = false;
  #again = false;
  #closed = false;

  constructor(
    private readonly db: Database,
    private readonly feed: ChangeFeed,
    private readonly connectorFor: ConnectorLookup,
    private readonly log: Logger,
    options: Partial<OutboundOptions> = {},
  ) {
    this.#options = { ...DEFAULT_OUTBOUND_OPTIONS, ...options };
  }

  /** Starts the worker: re-queues orphaned pending messages and drains what is due. */
  async start(): Promise<void> {
    // A pending outbound message without a job (e.g. written by an older version) gets one.
    await this.db.query(
      `INSERT INTO outbound_jobs (message_id)
       SELECT id FROM messages WHERE direction = 'out' AND delivery = 'pending'
       ON CONFLICT DO NOTHING`,
    );
    this.#poller = setInterval(() => this.kick(), this.#options.pollIntervalMs);
    this.#poller.unref();
    this.kick();
  }

  /** Looks for due work now (called after a message.send commits). */
  kick(): void {
    if (this.#closed) return;
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = true;
    void this.#drain()
      .catch((error: unknown) => this.log.error('outbound drain failed', { error: String(error) }))
      .finally(() => {
        this.#draining = false;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Resolves when nothing is being sent (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#running.size > 0 || this.#draining) {
      await Promise.all([...this.#running]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#poller) clearInterval(this.#poller);
    for (const controller of this.#inFlight.values()) controller.abort(new Error('server shutting down'));
    await Promise.all([...this.#running]);
  }

  async #drain(): Promise<void> {
    while (!this.#closed && this.#running.size < this.#options.concurrency) {
      const job = await this.#claim();
      if (!job) break;
      const run = this.#process(job)
        .catch((error: unknown) => this.log.error('outbound send crashed', { messageId: job.message_id, error: String(error) }))
        .finally(() => {
          this.#running.delete(run);
          this.kick(); // a slot is free
        });
      this.#running.add(run);
    }
    await this.#scheduleNextDue();
  }

  async #claim(): Promise<Job | null> {
    const leaseMs = this.#options.sendTimeoutMs + 10_000;
    const [job] = await this.db.query<Job>(
      `UPDATE outbound_jobs SET attempts = attempts + 1, lease_until = now() + ($1 * interval '1 millisecond')
        WHERE message_id = (
          SELECT message_id FROM outbound_jobs
           WHERE next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
           ORDER BY next_attempt_at LIMIT 1
           FOR UPDATE SKIP LOCKED)
       RETURNING message_id, attempts`,
      [leaseMs],
    );
    return job ?? null;
  }

  async #scheduleNextDue(): Promise<void> {
    if (this.#closed) return;
    const [row] = await this.db.query<{ wait_ms: number | null }>(
      `SELECT (extract(epoch FROM min(greatest(next_attempt_at, coalesce(lease_until, next_attempt_at))) - now()) * 1000)::float8 AS wait_ms
         FROM outbound_jobs`,
    );
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (row?.wait_ms === null || row?.wait_ms === undefined) return;
    const wait = Math.min(Math.max(0, Math.ceil(row.wait_ms)), this.#options.pollIntervalMs);
    this.#timer = setTimeout(() => this.kick(), wait);
    this.#timer.unref();
  }

  async #process(job: Job): Promise<void> {
    const context = await this.#load(job.message_id);
    if (!context || context.message.delivery !== 'pending') {
      await this.db.query('DELETE FROM outbound_jobs WHERE message_id = $1', [job.message_id]);
      return;
    }
    const connector = this.connectorFor(context.store.platform);
    if (!connector) return this.#fail(job, `No connector for ${context.store.platform}: the reply cannot be sent`);
    const credentials = connector.credentialsSchema.safeParse(context.store.credentials);
    if (!credentials.success) return this.#fail(job, `The store's ${context.store.platform} credentials are invalid`);

    const target: ReplyTarget = {
      messageId: context.message.id,
      body: context.message.body,
      conversationKind: context.kind,
      customerPlatformUserId: context.customer_platform_user_id,
      customerNickname: context.customer_nickname,
      customerEmail: context.customer_email,
      platformThreadId: context.platform_thread_id,
      platformOrderId: context.platform_order_id,
      // Review threads are keyed by the platform's review id (see ingest).
      platformReviewId: context.kind === 'review' ? context.platform_thread_id : null,
      writtenAt: context.message.created_at.toISOString(),
      reviewWrittenAt: context.review_written_at?.toISOString() ?? null,
    };
    const store = toConnectorStore(context.store, credentials.data, this.#options.tokens);
    const readBack = connector.deliveryReadBack?.kinds.includes(context.kind) ? connector.deliveryReadBack : undefined;
    const controller = new AbortController();
    this.#inFlight.set(job.message_id, controller);
    const timeout = setTimeout(() => controller.abort(new Error('timed out')), this.#options.sendTimeoutMs);
    let result: SendResult;
    try {
      // A retry on a platform without an idempotency key: an earlier attempt may have been
      // applied with its answer lost, so look first (one extra read per retry, never a double post).
      const earlier: DeliveryCheck = readBack && job.attempts > 1 ? await readBack.wasDelivered(store, target, controller.signal) : { delivered: false };
      if (earlier.delivered === true) {
        this.log.info('outbound reply found on the platform; not sent again', { messageId: job.message_id });
        result = { ok: true, platformMessageId: earlier.platformMessageId };
      } else if (earlier.delivered === 'unknown') {
        // Not knowing whether it is there, sending could post it twice: retry the check later.
        result = { ok: false, permanent: earlier.permanent, reason: `Could not check whether an earlier attempt was delivered: ${earlier.reason}`, mayHaveApplied: true };
      } else {
        result = await connector.sendReply(store, target, controller.signal);
      }
    } catch (error) {
      result = { ok: false, permanent: false, reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timeout);
      this.#inFlight.delete(job.message_id);
    }

    // No read-back for this reply: a retry could reach the buyer twice, so the agent decides.
    if (!result.ok && !result.permanent && result.mayHaveApplied === true && !readBack) {
      return this.#fail(job, `${MAY_HAVE_BEEN_DELIVERED} (${result.reason})`);
    }
    if (this.#closed && !result.ok && !result.permanent) {
      // Aborted by shutdown: give the attempt back and free the lease for the next start.
      await this.db.query(
        'UPDATE outbound_jobs SET attempts = attempts - 1, lease_until = NULL WHERE message_id = $1',
        [job.message_id],
      );
      return;
    }
    if (result.ok) return this.#settle(job, 'sent', null, result.platformMessageId);
    if (result.permanent) return this.#fail(job, result.reason);
    if (job.attempts >= this.#options.maxAttempts) {
      const caution = result.mayHaveApplied === true ? ` — ${MAY_HAVE_BEEN_DELIVERED}` : '';
      return this.#fail(job, `Gave up after ${job.attempts} attempts: ${result.reason}${caution}`);
    }
    const delay = backoffDelay(job.attempts, this.#options);
    this.log.warn('outbound send failed, will retry', { messageId: job.message_id, attempt: job.attempts, delay, reason: result.reason });
    await this.db.query(
      `UPDATE outbound_jobs SET lease_until = NULL, last_error = $2,
              next_attempt_at = now() + ($3 * interval '1 millisecond')
        WHERE message_id = $1`,
      [job.message_id, result.reason.slice(0, 1000), delay],
    );
  }

  #fail(job: Job, reason: string): Promise<void> {
    this.log.warn('outbound message failed', { messageId: job.message_id, reason });
    return this.#settle(job, 'failed', reason.slice(0, 1000), null);
  }

  /** Final state of a message: update it, drop its job, append it to its store's stream. */
  async #settle(job: Job, delivery: 'sent' | 'failed', failureReason: string | null, platformMessageId: string | null) {
    await this.feed.write(async ({ tx, append }) => {
      const [message] = await tx.query<MessageRow>(
        `UPDATE messages SET delivery = $2, failure_reason = $3, platform_message_id = $4
          WHERE id = $1 AND delivery = 'pending' RETURNING *`,
        [job.message_id, delivery, failureReason, platformMessageId],
      );
      await tx.query('DELETE FROM outbound_jobs WHERE message_id = $1', [job.message_id]);
      if (!message) return;
      // An answer the platform accepted in a review thread is the seller's public reply now.
      const review = delivery === 'sent' ? await recordSellerReply(tx, message.conversation_id, message.body, new Date()) : null;
      await append(storeStream(message.store_id), [
        { entity: 'message', data: toMessage(message) },
        ...(review ? [{ entity: 'review' as const, data: toReview(review) }] : []),
      ]);
    });
  }

  async #load(messageId: string): Promise<JobContext | null> {
    const [message] = await this.db.query<MessageRow>('SELECT * FROM messages WHERE id = $1', [messageId]);
    if (!message) return null;
    const [thread] = await this.db.query<Omit<JobContext, 'message' | 'store'>>(
      `SELECT c.kind, c.platform_thread_id, c.platform_order_id, cu.platform_user_id AS customer_platform_user_id,
              cu.nickname AS customer_nickname, cu.email AS customer_email,
              (SELECT r.created_at FROM reviews r WHERE r.conversation_id = c.id ORDER BY r.created_at DESC LIMIT 1) AS review_written_at
         FROM conversations c JOIN customers cu ON cu.id = c.customer_id
        WHERE c.id = $1`,
      [message.conversation_id],
    );
    const store = await findStoreRow(this.db, message.store_id);
    if (!thread || !store) return null;
    return { message, store, ...thread };
  }
}
