import { describe, expect, it } from 'vitest';
import type { MutationPayload } from '../../../shared';
import { conversation } from '../test/fixtures';
import { withPendingControls } from './controlsOverlay';
import type { OutboxRow } from './schema';

let seq = 0;
function row(payload: MutationPayload, state: OutboxRow['state'] = 'queued'): OutboxRow {
  seq += 1;
  const mutationId = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  return { seq, mutationId, conversationId: 'c1', mutation: { mutationId, createdAt: '2025-06-18T08:00:00.000Z', payload }, state, attempts: 0, failure: null, updatedAt: '2025-06-18T08:00:00.000Z' };
}

describe('pending conversation controls', () => {
  it('lays assignment, priority, tags and snooze from the outbox over the snapshot, in order', () => {
    const base = conversation('c1', { tags: ['refund', 'vip'] });
    const shown = withPendingControls(base, [
      row({ type: 'conversation.tag', conversationId: 'c1', add: ['late'], remove: ['refund'] }),
      row({ type: 'conversation.assign', conversationId: 'c1', assigneeId: 'u2' }),
      row({ type: 'conversation.setPriority', conversationId: 'c1', priority: 'urgent' }),
      row({ type: 'conversation.tag', conversationId: 'c1', add: ['vip'], remove: [] }),
      row({ type: 'conversation.snooze', conversationId: 'c1', until: '2030-01-01T09:00:00.000Z' }),
    ]);
    expect(shown).toMatchObject({ tags: ['vip', 'late'], assigneeId: 'u2', priority: 'urgent', status: 'snoozed', snoozedUntil: '2030-01-01T09:00:00.000Z' });
    expect(base.tags).toEqual(['refund', 'vip']);
  });

  it('ignores rejected rows, and a later status change ends a pending snooze', () => {
    const base = conversation('c1');
    expect(withPendingControls(base, [row({ type: 'conversation.setPriority', conversationId: 'c1', priority: 'low' }, 'failed')]).priority).toBe('normal');
    const woke = withPendingControls(base, [
      row({ type: 'conversation.snooze', conversationId: 'c1', until: '2030-01-01T09:00:00.000Z' }),
      row({ type: 'conversation.setStatus', conversationId: 'c1', status: 'open' }),
    ]);
    expect(woke).toMatchObject({ status: 'open', snoozedUntil: null });
  });
});
