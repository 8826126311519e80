import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  NEGATIVE_REVIEW_TAG,
  REFUND_TAG,
  ignoredEventSchema,
  inboundEventSchema,
  isNegativeReview,
  storeStream,
  type ConversationKind,
  type BuyerContact,
  type EventCustomer,
  type IgnoredEvent,
  type InboundEvent,
  type MessageDirection,
  type MessageReceivedEvent,
  type OrderUpsertedEvent,
  type Priority,
  type ProductArchivedEvent,
  type ProductUpsertedEvent,
  PRIORITIES,
  type ReviewReceivedEvent,
  type StreamId,
} from '../../shared';
import type { AutoAssigner } from '../inbox/auto-assigner';
import { addProductsFromOrder, archiveProduct, toProduct, upsertFeedProduct, type ProductRow } from '../products/catalogue';
import type { Queryable } from '../storage/database';
import {
  previewOf,
  toConversation,
  toCustomer,
  toMessage,
  toOrder,
  type ConversationRow,
  type CustomerRow,
  type MessageRow,
  type OrderRow,
  type StoreRow,
} from '../storage/rows';
import { replaceNul } from '../storage/postgres-text';
import { toReview, upsertReview, type ReviewRow } from '../reviews/review-records';
import type { ChangeFeed, FeedTransaction } from '../sync/change-feed';

export interface IngestBatch {
  events: InboundEvent[];
  ignored: IgnoredEvent[];
}

export interface IngestResult {
  /** Events stored now. */
  stored: number;
  /** Events whose dedupeKey this store had seen before (or twice in this batch). */
  duplicates: number;
  /** Ignored native events recorded now. */
  ignored: number;
}

export class UnknownStoreError extends Error {
  constructor(storeId: string) {
    super(`No store ${storeId}`);
    this.name = 'UnknownStoreError';
  }
}

/** A connector produced events that do not match shared/ingest: nothing is stored. */
export class InvalidEventsError extends Error {
  constructor(detail: string) {
    super(`Invalid normalised events: ${detail}`);
    this.name = 'InvalidEventsError';
  }
}

const batchSchema = z.object({ events: z.array(inboundEventSchema), ignored: z.array(ignoredEventSchema) });

/**
 * Stores normalised inbound events of one store: all of a delivery in ONE transaction, so
 * a delivery is either fully stored or not at all (and then redelivered by the platform).
 */
export class IngestService {
  constructor(
    private readonly feed: ChangeFeed,
    /** Assigns open, unassigned threads with new activity (team setting); none = never. */
    private readonly assigner?: AutoAssigner,
  ) {}

  async ingestDelivery(storeId: string, batch: IngestBatch): Promise<IngestResult> {
    // NUL cannot be stored (storage/postgres-text.ts): keep the words, mark the character.
    const parsed = batchSchema.safeParse(replaceNul(batch));
    if (!parsed.success) throw new InvalidEventsError(z.prettifyError(parsed.error));
    const { events, ignored } = parsed.data;

    return this.feed.write(async (feed) => {
      const [store] = await feed.tx.query<StoreRow>('SELECT * FROM stores WHERE id = $1', [storeId]);
      if (!store) throw new UnknownStoreError(storeId);
      const context = new IngestContext(feed, store, this.assigner);
      const result: IngestResult = { stored: 0, duplicates: 0, ignored: 0 };
      for (const event of events) {
        if (!(await context.claimDedupeKey(event.dedupeKey))) {
          result.duplicates += 1;
          continue;
        }
        await context.storeEvent(event);
        result.stored += 1;
      }
      for (const item of ignored) {
        const rows = await feed.tx.query(
          `INSERT INTO ignored_events (store_id, dedupe_key, platform_type, reason) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING dedupe_key`,
          [storeId, item.dedupeKey, item.platformType, item.reason],
        );
        result.ignored += rows.length;
      }
      await context.flush();
      return result;
    });
  }
}

interface MessageInput {
  direction: Extract<MessageDirection, 'in' | 'system'>;
  body: string;
  sentAt: string;
  platformMessageId: string | null;
}

export interface ThreadInput {
  kind: ConversationKind;
  threadKey: string;
  platformThreadId: string | null;
  platformOrderId: string | null;
  subject: string | null;
}

/** The work of one delivery; collects snapshots so that each entity is appended once, last state. */
class IngestContext {
  readonly #stream: StreamId;
  readonly #customers = new Map<string, CustomerRow>();
  readonly #conversations = new Map<string, ConversationRow>();
  readonly #changedCustomers = new Set<string>();
  readonly #changedConversations = new Set<string>();
  readonly #messages: MessageRow[] = [];
  readonly #orders = new Map<string, OrderRow>();
  readonly #products = new Map<string, ProductRow>();
  readonly #reviews = new Map<string, ReviewRow>();

  constructor(
    private readonly feed: FeedTransaction,
    private readonly storeRow: StoreRow,
    private readonly assigner: AutoAssigner | undefined,
  ) {
    this.#stream = storeStream(storeRow.id);
  }

  private get tx(): Queryable {
    return this.feed.tx;
  }

  /** True the first time this store sees the key; waits for a concurrent delivery of the same key. */
  async claimDedupeKey(dedupeKey: string): Promise<boolean> {
    const rows = await this.tx.query(
      `INSERT INTO inbound_deliveries (store_id, dedupe_key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING dedupe_key`,
      [this.storeRow.id, dedupeKey],
    );
    return rows.length === 1;
  }

  async storeEvent(event: InboundEvent): Promise<void> {
    switch (event.type) {
      case 'message.received':
        return this.#storeChat(event);
      case 'order.upserted':
        return this.#storeOrder(event);
      case 'review.received':
        return this.#storeReview(event);
      case 'product.upserted':
        return this.#storeProduct(event);
      case 'product.archived':
        return this.#archiveProduct(event);
    }
  }

  async #storeProduct(event: ProductUpsertedEvent): Promise<void> {
    const row = await upsertFeedProduct(this.tx, this.storeRow.id, event.product);
    if (row) this.#products.set(row.id, row);
  }

  async #archiveProduct(event: ProductArchivedEvent): Promise<void> {
    const row = await archiveProduct(this.tx, this.storeRow.id, event.platformProductId, event.archivedAt);
    if (row) this.#products.set(row.id, row);
  }

  async #storeChat(event: MessageReceivedEvent): Promise<void> {
    const customer = await this.#customer(event.customer);
    const conversation = await this.#conversation(customer, chatThread(event), event.sentAt);
    await this.#addMessage(conversation, {
      direction: 'in',
      body: event.body,
      sentAt: event.sentAt,
      platformMessageId: event.platformMessageId,
    });
  }

  async #storeReview(event: ReviewReceivedEvent): Promise<void> {
    const customer = await this.#customer(event.customer);
    const stars = '★'.repeat(event.rating) + '☆'.repeat(5 - event.rating);
    const conversation = await this.#conversation(customer, {
      kind: 'review',
      threadKey: `review:${event.platformReviewId}`,
      platformThreadId: event.platformReviewId,
      platformOrderId: event.platformOrderId,
      subject: `${stars} ${event.productTitle}`.slice(0, 500),
    }, event.sentAt);
    await this.#addMessage(conversation, {
      direction: 'in',
      body: event.body,
      sentAt: event.sentAt,
      platformMessageId: event.platformReviewId,
    });
    // The review itself, beside its thread: a follow-up of the same review updates it.
    const review = await upsertReview(this.tx, { storeId: this.storeRow.id, customerId: customer.id, conversationId: conversation.id }, event);
    this.#reviews.set(review.id, review);
    // A low rating or an unhappy text needs an answer: flag the thread and open it.
    if (isNegativeReview(event.rating, event.body)) {
      needsAction(conversation, NEGATIVE_REVIEW_TAG, event.sentAt);
      if (priorityRank(conversation.priority) < priorityRank('high')) conversation.priority = 'high';
    }
  }

  async #storeOrder(event: OrderUpsertedEvent): Promise<void> {
    const customer = await this.#customer(event.customer);
    const { order } = event;
    const inserted = await this.tx.query<OrderRow>(
      `INSERT INTO orders (id, store_id, customer_id, platform_order_id, status, currency, total_amount, items, created_at, updated_at, logistics)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11::jsonb)
       ON CONFLICT (store_id, platform_order_id) DO UPDATE
         SET status = EXCLUDED.status, currency = EXCLUDED.currency, total_amount = EXCLUDED.total_amount,
             -- an event that names no lines (a refund message, a lookup Taobao refused) keeps the known ones
             items = CASE WHEN jsonb_array_length(EXCLUDED.items) = 0 THEN orders.items ELSE EXCLUDED.items END,
             updated_at = EXCLUDED.updated_at, customer_id = EXCLUDED.customer_id,
             -- a later event that does not mention shipping keeps the known carrier
             logistics = COALESCE(EXCLUDED.logistics, orders.logistics)
         -- an older event arriving late must not roll the order back
         WHERE orders.updated_at <= EXCLUDED.updated_at
       RETURNING *`,
      [
        randomUUID(),
        this.storeRow.id,
        customer.id,
        order.platformOrderId,
        order.status,
        order.currency,
        order.totalAmount,
        JSON.stringify(order.items),
        order.createdAt,
        order.updatedAt,
        order.logistics ? JSON.stringify(order.logistics) : null,
      ],
    );
    const row = inserted[0];
    if (row) this.#orders.set(row.id, row);
    // Products the catalogue does not know yet get an entry from the order's lines.
    for (const product of await addProductsFromOrder(this.tx, this.storeRow.id, order.currency, order.items, order.updatedAt)) {
      this.#products.set(product.id, product);
    }

    const firstItem = order.items[0]?.title;
    const conversation = await this.#conversation(customer, {
      kind: 'order',
      threadKey: `order:${order.platformOrderId}`,
      platformThreadId: null,
      platformOrderId: order.platformOrderId,
      subject: (firstItem ? `#${order.platformOrderId} · ${firstItem}` : `#${order.platformOrderId}`).slice(0, 500),
    }, event.occurredAt);
    await this.#addMessage(conversation, {
      direction: 'system',
      body: event.note,
      sentAt: event.occurredAt,
      platformMessageId: null,
    });
    // A refund request waits on the seller: the order thread opens and starts the wait clock.
    if (order.status === 'refund_requested') needsAction(conversation, REFUND_TAG, event.occurredAt);
  }

  /** Upserts the buyer and the contact data the event carries. */
  async #customer(input: EventCustomer): Promise<CustomerRow> {
    return this.#applyContact(await this.#customerRow(input), input.contact);
  }

  /**
   * Stores the contact fields an event brings (server-only columns; a field the event
   * does not carry keeps its stored value). A change is news for clients: the customer
   * snapshot carries the contact masked.
   */
  async #applyContact(row: CustomerRow, contact: BuyerContact | undefined): Promise<CustomerRow> {
    if (!contact) return row;
    const next = {
      real_name: contact.realName ?? row.real_name ?? null,
      phone: contact.phone ?? row.phone ?? null,
      address: contact.address ?? row.address ?? null,
      id_number: contact.idNumber ?? row.id_number ?? null,
    };
    const same = (Object.keys(next) as Array<keyof typeof next>).every((key) => next[key] === (row[key] ?? null));
    if (same) return row;
    const [updated] = await this.tx.query<CustomerRow>(
      'UPDATE customers SET real_name = $2, phone = $3, address = $4, id_number = $5 WHERE id = $1 RETURNING *',
      [row.id, next.real_name, next.phone, next.address, next.id_number],
    );
    if (!updated) throw new Error(`customer ${row.id} vanished`);
    this.#customers.set(updated.id, updated);
    this.#changedCustomers.add(updated.id);
    return updated;
  }

  /** Upserts the buyer: a later event may bring a better nickname, a locale or an e-mail. */
  async #customerRow(input: EventCustomer): Promise<CustomerRow> {
    const cached = [...this.#customers.values()].find((row) => row.platform_user_id === input.platformUserId);
    const inserted = cached
      ? []
      : await this.tx.query<CustomerRow>(
          `INSERT INTO customers (id, store_id, platform, platform_user_id, nickname, locale, email)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (store_id, platform_user_id) DO NOTHING RETURNING *`,
          [randomUUID(), this.storeRow.id, this.storeRow.platform, input.platformUserId, input.nickname, input.locale, input.email],
        );
    if (inserted[0]) {
      this.#customers.set(inserted[0].id, inserted[0]);
      this.#changedCustomers.add(inserted[0].id);
      return inserted[0];
    }
    const existing =
      cached ??
      (
        await this.tx.query<CustomerRow>(
          'SELECT * FROM customers WHERE store_id = $1 AND platform_user_id = $2 FOR UPDATE',
          [this.storeRow.id, input.platformUserId],
        )
      )[0];
    if (!existing) throw new Error(`customer ${input.platformUserId} vanished`);
    const nickname = input.nickname.trim() !== '' ? input.nickname : existing.nickname;
    const locale = input.locale ?? existing.locale;
    const email = input.email ?? existing.email;
    if (nickname === existing.nickname && locale === existing.locale && email === existing.email) {
      this.#customers.set(existing.id, existing);
      return existing;
    }
    const [updated] = await this.tx.query<CustomerRow>(
      'UPDATE customers SET nickname = $2, locale = $3, email = $4 WHERE id = $1 RETURNING *',
      [existing.id, nickname, locale, email],
    );
    if (!updated) throw new Error(`customer ${existing.id} vanished`);
    this.#customers.set(updated.id, updated);
    // The e-mail is not synced: only a nickname or locale change is news for clients.
    if (nickname !== existing.nickname || locale !== existing.locale) this.#changedCustomers.add(updated.id);
    return updated;
  }

  /** Finds the thread, or creates it; returns it locked for this transaction. */
  async #conversation(customer: CustomerRow, thread: ThreadInput, at: string): Promise<ConversationRow> {
    const cacheKey = `${customer.id}\u0000${thread.kind}\u0000${thread.threadKey}`;
    const cached = this.#conversations.get(cacheKey);
    if (cached) return cached;
    const inserted = await this.tx.query<ConversationRow>(
      `INSERT INTO conversations (id, store_id, customer_id, kind, thread_key, platform_thread_id, platform_order_id,
                                  subject, status, last_message_at, last_message_preview, last_message_direction)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, '', 'system')
       ON CONFLICT (store_id, customer_id, kind, thread_key) DO NOTHING RETURNING *`,
      [
        randomUUID(),
        this.storeRow.id,
        customer.id,
        thread.kind,
        thread.threadKey,
        thread.platformThreadId,
        thread.platformOrderId,
        thread.subject,
        at,
      ],
    );
    const row =
      inserted[0] ??
      (
        await this.tx.query<ConversationRow>(
          `SELECT * FROM conversations
            WHERE store_id = $1 AND customer_id = $2 AND kind = $3 AND thread_key = $4 FOR UPDATE`,
          [this.storeRow.id, customer.id, thread.kind, thread.threadKey],
        )
      )[0];
    if (!row) throw new Error('conversation vanished');
    // A later event may name the thread (e.g. a product title) when the first did not.
    if (!inserted[0] && row.subject === null && thread.subject !== null) row.subject = thread.subject;
    this.#conversations.set(cacheKey, row);
    return row;
  }

  async #addMessage(conversation: ConversationRow, input: MessageInput): Promise<void> {
    const [message] = await this.tx.query<MessageRow>(
      `INSERT INTO messages (id, conversation_id, store_id, direction, author_id, body, sent_at, delivery, platform_message_id)
       VALUES ($1, $2, $3, $4, NULL, $5, $6, 'received', $7) RETURNING *`,
      [randomUUID(), conversation.id, this.storeRow.id, input.direction, input.body, input.sentAt, input.platformMessageId],
    );
    if (!message) throw new Error('message insert returned nothing');
    this.#messages.push(message);
    applyInboundMessage(conversation, message);
    this.#changedConversations.add(conversation.id);
  }

  /** Writes the touched conversations and appends every snapshot to the store's stream. */
  async flush(): Promise<void> {
    const conversations = [...this.#conversations.values()].filter((row) => this.#changedConversations.has(row.id));
    for (const row of conversations) {
      const [saved] = await this.tx.query<ConversationRow>(
        `UPDATE conversations
            SET subject = $2, status = $3, last_message_at = $4, last_message_preview = $5,
                last_message_direction = $6, waiting_since = $7, last_inbound_at = $8, snoozed_until = $9,
                priority = $10, tags = $11::jsonb, updated_at = now()
          WHERE id = $1 RETURNING *`,
        [
          row.id,
          row.subject,
          row.status,
          row.last_message_at,
          row.last_message_preview,
          row.last_message_direction,
          row.waiting_since,
          row.last_inbound_at,
          row.snoozed_until,
          row.priority,
          JSON.stringify(row.tags),
        ],
      );
      if (saved) Object.assign(row, saved);
    }
    // One at a time and after the writes above, so each pick counts the threads the
    // previous picks of this delivery gave out (the cap holds within a delivery too).
    for (const row of conversations) {
      if (!this.assigner || row.status !== 'open' || row.assignee_id !== null) continue;
      const assignee = await this.assigner.pick(this.tx, row.store_id);
      if (assignee === null) continue;
      const [saved] = await this.tx.query<ConversationRow>(
        'UPDATE conversations SET assignee_id = $2, updated_at = now() WHERE id = $1 RETURNING *',
        [row.id, assignee],
      );
      if (saved) Object.assign(row, saved);
    }
    // Parents before children, so that a client applying in seq order never sees an orphan.
    await this.feed.append(this.#stream, [
      ...[...this.#customers.values()]
        .filter((row) => this.#changedCustomers.has(row.id))
        .map((row) => ({ entity: 'customer' as const, data: toCustomer(row) })),
      ...[...this.#products.values()].map((row) => ({ entity: 'product' as const, data: toProduct(row) })),
      ...[...this.#orders.values()].map((row) => ({ entity: 'order' as const, data: toOrder(row) })),
      ...conversations.map((row) => ({ entity: 'conversation' as const, data: toConversation(row) })),
      ...this.#messages.map((row) => ({ entity: 'message' as const, data: toMessage(row) })),
      ...[...this.#reviews.values()].map((row) => ({ entity: 'review' as const, data: toReview(row) })),
    ]);
  }
}

/**
 * The thread of a buyer message. Order and review threads are keyed like the ones that
 * order and review events open (`order:<platformOrderId>`, `review:<platformReviewId>`),
 * so a buyer's note on an order lands in the same thread as the order's status updates.
 */
export function chatThread(event: MessageReceivedEvent): ThreadInput {
  const id = event.platformThreadId;
  if (event.kind === 'order' && id !== null) {
    return { kind: 'order', threadKey: `order:${id}`, platformThreadId: id, platformOrderId: id, subject: event.subject };
  }
  if (event.kind === 'review' && id !== null) {
    return { kind: 'review', threadKey: `review:${id}`, platformThreadId: id, platformOrderId: null, subject: event.subject };
  }
  return { kind: event.kind, threadKey: id ?? '', platformThreadId: id, platformOrderId: null, subject: event.subject };
}

/**
 * How an inbound or system message moves its conversation (mutates `conversation`):
 * - the "last message" fields follow the newest message by platform time (late
 *   arrivals do not overwrite a newer preview);
 * - a buyer message starts the wait clock if nobody was waiting, and reopens a
 *   resolved thread; system messages (order events) only update the preview.
 */
export function applyInboundMessage(conversation: ConversationRow, message: MessageRow): void {
  // A new thread starts with last_message_at = the first event's time, so its first message always lands here.
  if (message.sent_at.getTime() >= conversation.last_message_at.getTime()) {
    conversation.last_message_at = message.sent_at;
    conversation.last_message_preview = previewOf(message.body);
    conversation.last_message_direction = message.direction;
  }
  if (message.direction !== 'in') return;
  if (conversation.last_inbound_at === null || message.sent_at > conversation.last_inbound_at) {
    conversation.last_inbound_at = message.sent_at;
  }
  if (conversation.waiting_since === null) {
    // A late-arriving buyer message that we already answered after does not start the clock.
    if (!answeredAfter(conversation, message)) conversation.waiting_since = message.sent_at;
  } else if (message.sent_at < conversation.waiting_since) {
    conversation.waiting_since = message.sent_at; // the oldest unanswered message sets the wait
  }
  // The buyer wrote: a resolved thread reopens and a snoozed one wakes up early.
  if (conversation.status === 'resolved' || conversation.status === 'snoozed') {
    conversation.status = 'open';
    conversation.snoozed_until = null;
  }
}

/**
 * An event that waits on the seller (refund request, negative review): the thread opens
 * (waking a snooze), gets `tag`, and the wait clock starts if it was not running.
 */
export function needsAction(conversation: ConversationRow, tag: string, at: string): void {
  conversation.status = 'open';
  conversation.snoozed_until = null;
  if (!conversation.tags.includes(tag)) conversation.tags = [...conversation.tags, tag];
  if (conversation.waiting_since === null) conversation.waiting_since = new Date(at);
}

const priorityRank = (priority: Priority): number => PRIORITIES.indexOf(priority);

/** True when the conversation's latest message is our answer, written after `message`. */
function answeredAfter(conversation: ConversationRow, message: MessageRow): boolean {
  return conversation.last_message_direction === 'out' && conversation.last_message_at > message.sent_at;
}
