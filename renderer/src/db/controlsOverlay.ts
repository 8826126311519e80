import type { Conversation } from '../../../shared';
import type { OutboxRow } from './schema';

/**
 * The conversation's assignment, priority, tags and snooze as the agent sees them: the
 * server's snapshot with the agent's own changes still in the outbox laid on top (in
 * creation order), so an edit shows at once, offline too. Rejected rows do not count.
 */
export function withPendingControls<C extends Pick<Conversation, 'assigneeId' | 'priority' | 'tags' | 'status' | 'snoozedUntil'>>(
  conversation: C,
  rows: readonly OutboxRow[],
): C {
  let result = conversation;
  for (const row of [...rows].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
    if (row.state === 'failed') continue;
    const payload = row.mutation.payload;
    switch (payload.type) {
      case 'conversation.assign':
        result = { ...result, assigneeId: payload.assigneeId };
        break;
      case 'conversation.setPriority':
        result = { ...result, priority: payload.priority };
        break;
      case 'conversation.tag': {
        const removed = new Set(payload.remove);
        const kept = result.tags.filter((tag) => !removed.has(tag));
        result = { ...result, tags: [...kept, ...payload.add.filter((tag) => !kept.includes(tag))] };
        break;
      }
      case 'conversation.snooze':
        result = { ...result, status: 'snoozed', snoozedUntil: payload.until };
        break;
      case 'conversation.setStatus':
        result = { ...result, status: payload.status, snoozedUntil: payload.status === 'snoozed' ? result.snoozedUntil : null };
        break;
      default:
        break;
    }
  }
  return result;
}
