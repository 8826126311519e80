import {
  cardText,
  mutationConversationId,
  mutationSchema,
  type ConversationStatus,
  type Message,
  type MessageCard,
  type Mutation,
  type MutationPayload,
  type Priority,
} from '../../../shared';
import type { HuixinDb } from './database';
import { newUuid } from './ids';
import { nextOutboxState, type OutboxEvent } from './outboxMachine';
import { SESSION_KEY, type OutboxRow, type OutboxState } from './schema';

/**
 * The outbox: every agent action is written here FIRST, in a strict-durability
 * transaction (pass the connection from `openDurableDb`), and only then sent by the sync
 * worker. Rows leave the table when the server acks them `applied`; a rejected row stays
 * as `failed` with the server's reason until the agent retries or discards it.
 */

export async function enqueueMutation(db: HuixinDb, payload: MutationPayload, now = new Date()): Promise<OutboxRow> {
  const mutation: Mutation = mutationSchema.parse({ mutationId: newUuid(), createdAt: now.toISOString(), payload });
  const row: OutboxRow = {
    mutationId: mutation.mutationId,
    conversationId: mutationConversationId(payload),
    mutation,
    state: 'queued',
    attempts: 0,
    failure: null,
    updatedAt: mutation.createdAt,
  };
  await db.transaction('rw', db.outbox, db.drafts, async () => {
    row.seq = await db.outbox.add(row);
    // The reply now lives in the outbox, so the composer's draft has done its job.
    if (payload.type === 'message.send') await db.drafts.delete(payload.conversationId);
  });
  return row;
}

/** Extras of a reply: the quick replies used to write it and a compliance override (issue 5). */
export type ReplyExtras = Pick<Extract<MutationPayload, { type: 'message.send' }>, 'templateIds' | 'complianceOverride'>;

/** Queues a reply; it shows in the conversation at once as `queued`. Returns the message id. */
export async function sendReply(db: HuixinDb, conversationId: string, body: string, now = new Date(), extras: ReplyExtras = {}): Promise<string> {
  const messageId = newUuid();
  const { templateIds, complianceOverride } = extras;
  await enqueueMutation(
    db,
    {
      type: 'message.send',
      conversationId,
      messageId,
      body,
      ...(templateIds && templateIds.length > 0 ? { templateIds } : {}),
      ...(complianceOverride ? { complianceOverride } : {}),
    },
    now,
  );
  return messageId;
}

/**
 * `expectedStatus`: the status the agent saw when acting. When someone else changed it
 * first, the server rejects the change with `conflict` instead of overwriting theirs.
 */
export async function setConversationStatus(db: HuixinDb, conversationId: string, status: ConversationStatus, expectedStatus?: ConversationStatus): Promise<void> {
  await enqueueMutation(db, { type: 'conversation.setStatus', conversationId, status, ...(expectedStatus === undefined ? {} : { expectedStatus }) });
}

/** `expectedAssigneeId`: the assignee the agent saw (null: nobody); see setConversationStatus. */
export async function assignConversation(db: HuixinDb, conversationId: string, assigneeId: string | null, expectedAssigneeId?: string | null): Promise<void> {
  await enqueueMutation(db, { type: 'conversation.assign', conversationId, assigneeId, ...(expectedAssigneeId === undefined ? {} : { expectedAssigneeId }) });
}

/** Snoozes until `until` (the server wakes the thread as open then, or when the buyer writes). */
export async function snoozeConversation(db: HuixinDb, conversationId: string, until: Date): Promise<void> {
  await enqueueMutation(db, { type: 'conversation.snooze', conversationId, until: until.toISOString() });
}

export async function tagConversation(db: HuixinDb, conversationId: string, change: { add?: string[]; remove?: string[] }): Promise<void> {
  await enqueueMutation(db, { type: 'conversation.tag', conversationId, add: change.add ?? [], remove: change.remove ?? [] });
}

export async function setConversationPriority(db: HuixinDb, conversationId: string, priority: Priority): Promise<void> {
  await enqueueMutation(db, { type: 'conversation.setPriority', conversationId, priority });
}

/** Queues an internal note (team only, never sent to the platform). Returns the message id. */
export async function addNote(db: HuixinDb, conversationId: string, body: string): Promise<string> {
  const messageId = newUuid();
  await enqueueMutation(db, { type: 'note.add', conversationId, messageId, body });
  return messageId;
}

/** Sends a card into the chat; `body` is its text form, what card-less platforms receive. */
export async function sendCard(db: HuixinDb, conversationId: string, card: MessageCard): Promise<string> {
  const messageId = newUuid();
  await enqueueMutation(db, { type: 'message.send', conversationId, messageId, body: cardText(card), card });
  return messageId;
}

export async function linkCustomers(db: HuixinDb, customerId: string, otherCustomerId: string): Promise<void> {
  await enqueueMutation(db, { type: 'customer.link', customerId, otherCustomerId });
}

export async function unlinkCustomer(db: HuixinDb, customerId: string): Promise<void> {
  await enqueueMutation(db, { type: 'customer.unlink', customerId });
}

/** Rows in creation order (the order they are replayed in). */
export function listOutbox(db: HuixinDb): Promise<OutboxRow[]> {
  return db.outbox.orderBy('seq').toArray();
}

/** The oldest row waiting to be sent, or undefined when nothing is queued. */
export async function nextQueued(db: HuixinDb): Promise<OutboxRow | undefined> {
  return db.outbox.orderBy('seq').filter((row) => row.state === 'queued').first();
}

/**
 * Housekeeping the agent did not write (read marks following her to other machines): sent
 * through the outbox like the rest, but not counted as her queued work — "1 queued" after
 * an offline reply means that reply, not the threads she happened to open.
 */
const BACKGROUND_MUTATIONS: ReadonlySet<MutationPayload['type']> = new Set(['conversation.markRead']);

/** The agent's own actions waiting in the outbox (the header's queued count). */
export function countOutbox(db: HuixinDb): Promise<number> {
  return db.outbox.filter((row) => !BACKGROUND_MUTATIONS.has(row.mutation.payload.type)).count();
}

/**
 * Moves one row through the state machine inside a transaction. Returns the row as it
 * was before the event, or null when the row is gone or the event does not apply
 * (e.g. an ack for a row the agent already discarded).
 */
async function transition(
  db: HuixinDb,
  mutationId: string,
  event: OutboxEvent,
  patch: Partial<Pick<OutboxRow, 'failure' | 'attempts'>> = {},
): Promise<OutboxRow | null> {
  return db.transaction('rw', db.outbox, async () => {
    const row = await db.outbox.where('mutationId').equals(mutationId).first();
    if (!row || row.seq === undefined) return null;
    const next = nextOutboxState(row.state, event);
    if (next === null) return null;
    if (next === 'removed') await db.outbox.delete(row.seq);
    else await db.outbox.update(row.seq, { state: next, updatedAt: new Date().toISOString(), ...patch });
    return row;
  });
}

export async function markSending(db: HuixinDb, mutationId: string): Promise<OutboxRow | null> {
  const row = await db.outbox.where('mutationId').equals(mutationId).first();
  return transition(db, mutationId, 'send', { attempts: (row?.attempts ?? 0) + 1 });
}

/**
 * The server applied the mutation: the row leaves the outbox. For a reply, the same
 * transaction writes the message into the cache as `pending` (unless the server's own
 * snapshot is already there), so the reply never blinks out between the ack and the
 * server's change push; the server's snapshot replaces it when it arrives.
 */
export async function markApplied(db: HuixinDb, mutationId: string): Promise<boolean> {
  return db.transaction('rw', [db.outbox, db.messages, db.conversations, db.session], async () => {
    const row = await transition(db, mutationId, 'applied');
    if (!row) return false;
    const payload = row.mutation.payload;
    if ((payload.type === 'message.send' || payload.type === 'note.add') && !(await db.messages.get(payload.messageId))) {
      const conversation = await db.conversations.get(payload.conversationId);
      const session = await db.session.get(SESSION_KEY);
      if (conversation) {
        const message: Message = {
          id: payload.messageId,
          conversationId: payload.conversationId,
          storeId: conversation.storeId,
          direction: payload.type === 'note.add' ? 'note' : 'out',
          authorId: session?.user.id ?? null,
          body: payload.body,
          sentAt: row.mutation.createdAt,
          // A note goes nowhere but the server, so once applied it is as sent as it gets.
          delivery: payload.type === 'note.add' ? 'sent' : 'pending',
          failureReason: null,
          platformMessageId: null,
          createdAt: row.mutation.createdAt,
          card: payload.type === 'message.send' ? (payload.card ?? null) : null,
        };
        await db.messages.put(message);
      }
    }
    return true;
  });
}

export async function markRejected(db: HuixinDb, mutationId: string, code: string, message: string): Promise<boolean> {
  return (await transition(db, mutationId, 'rejected', { failure: { code, message } })) !== null;
}

/** No ack (timeout or disconnect): back to the queue, to be sent again. */
export async function markTransient(db: HuixinDb, mutationId: string): Promise<boolean> {
  return (await transition(db, mutationId, 'transient')) !== null;
}

export async function retryOutboxItem(db: HuixinDb, mutationId: string): Promise<boolean> {
  return (await transition(db, mutationId, 'retry', { failure: null })) !== null;
}

export async function discardOutboxItem(db: HuixinDb, mutationId: string): Promise<boolean> {
  return (await transition(db, mutationId, 'discard')) !== null;
}

/** On start-up: rows left `sending` by a closed window go back to the queue. */
export async function requeueInterrupted(db: HuixinDb): Promise<number> {
  return db.transaction('rw', db.outbox, async () => {
    const stuck = await db.outbox.where('state').equals('sending' satisfies OutboxState).toArray();
    for (const row of stuck) {
      if (row.seq !== undefined) await db.outbox.update(row.seq, { state: nextOutboxState('sending', 'interrupted') as OutboxState });
    }
    return stuck.length;
  });
}

/** Outbox rows of one conversation, in creation order. */
export function outboxForConversation(db: HuixinDb, conversationId: string): Promise<OutboxRow[]> {
  return db.outbox.where('conversationId').equals(conversationId).sortBy('seq');
}
