import type { Conversation, ConversationStatus, DeliveryState, Message, MessageCard, MessageDirection } from '../../../shared';
import type { OutboxRow, OutboxState } from './schema';

/**
 * What the agent sees = the server's snapshots + their own actions still in the outbox.
 * These pure functions lay pending outbox rows over cached rows, so an offline status
 * change or reply shows at once without writing guesses into the synced tables.
 */

/** Latest not-yet-rejected status change (or snooze) per conversation. */
export function pendingStatuses(rows: readonly OutboxRow[]): Map<string, ConversationStatus> {
  const result = new Map<string, ConversationStatus>();
  for (const row of [...rows].sort(bySeq)) {
    const payload = row.mutation.payload;
    if (row.state === 'failed') continue;
    if (payload.type === 'conversation.setStatus') result.set(payload.conversationId, payload.status);
    // A queued snooze shows as snoozed too, so a status change after it expects 'snoozed'.
    else if (payload.type === 'conversation.snooze') result.set(payload.conversationId, 'snoozed');
  }
  return result;
}

export function withPendingStatus<C extends Pick<Conversation, 'id' | 'status'>>(
  conversation: C,
  pending: ReadonlyMap<string, ConversationStatus>,
): C {
  const status = pending.get(conversation.id);
  return status === undefined || status === conversation.status ? conversation : { ...conversation, status };
}

/** Delivery as shown: the server's states plus the outbox's own. */
export type DisplayDelivery = DeliveryState | OutboxState;

export interface TimelineMessage {
  id: string;
  direction: MessageDirection;
  authorId: string | null;
  body: string;
  sentAt: string;
  delivery: DisplayDelivery;
  failureReason: string | null;
  /** Set while the message is still in the outbox (retry/discard act on it). */
  mutationId: string | null;
  /** An order or product card (body holds its text form). */
  card: MessageCard | null;
}

/**
 * A conversation's messages in time order, with replies that are still in the outbox
 * (queued / sending / failed). A reply the server already has keeps the outbox state
 * until its row leaves the outbox, so "sending" never jumps back to "pending".
 */
export function buildTimeline(messages: readonly Message[], outbox: readonly OutboxRow[], authorId: string | null): TimelineMessage[] {
  const outboxByMessageId = new Map<string, OutboxRow>();
  for (const row of outbox) {
    const payload = row.mutation.payload;
    if (payload.type === 'message.send' || payload.type === 'note.add') outboxByMessageId.set(payload.messageId, row);
  }

  const timeline: TimelineMessage[] = messages.map((m) => {
    const row = outboxByMessageId.get(m.id);
    outboxByMessageId.delete(m.id);
    return {
      id: m.id,
      direction: m.direction,
      authorId: m.authorId,
      body: m.body,
      sentAt: m.sentAt,
      delivery: row ? row.state : m.delivery,
      failureReason: row?.failure?.message ?? m.failureReason,
      mutationId: row?.mutationId ?? null,
      card: m.card ?? null,
    };
  });

  for (const row of outboxByMessageId.values()) {
    const payload = row.mutation.payload;
    if (payload.type !== 'message.send' && payload.type !== 'note.add') continue;
    timeline.push({
      id: payload.messageId,
      direction: payload.type === 'note.add' ? 'note' : 'out',
      authorId,
      body: payload.body,
      sentAt: row.mutation.createdAt,
      delivery: row.state,
      failureReason: row.failure?.message ?? null,
      mutationId: row.mutationId,
      card: payload.type === 'message.send' ? (payload.card ?? null) : null,
    });
  }

  // Stable sort: equal times keep server order, then outbox creation order.
  return timeline.sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt));
}

function bySeq(a: OutboxRow, b: OutboxRow): number {
  return (a.seq ?? 0) - (b.seq ?? 0);
}
