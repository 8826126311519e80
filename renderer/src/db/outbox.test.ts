import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { mutationSchema } from '../../../shared';
import { conversation, uniqueDbName } from '../test/fixtures';
import { HuixinDb, openDurableDb } from './database';
import { loadDraft, saveDraft } from './drafts';
import {
  countOutbox,
  discardOutboxItem,
  enqueueMutation,
  listOutbox,
  markApplied,
  markRejected,
  markSending,
  markTransient,
  nextQueued,
  requeueInterrupted,
  retryOutboxItem,
  sendReply,
  setConversationStatus,
} from './outbox';
import { nextOutboxState } from './outboxMachine';

const opened: HuixinDb[] = [];
function freshDb(): HuixinDb {
  const db = openDurableDb(uniqueDbName('outbox'));
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('outbox state machine', () => {
  it('follows queued → sending → removed | failed, and failed → queued | removed', () => {
    expect(nextOutboxState('queued', 'send')).toBe('sending');
    expect(nextOutboxState('sending', 'applied')).toBe('removed');
    expect(nextOutboxState('sending', 'rejected')).toBe('failed');
    expect(nextOutboxState('sending', 'transient')).toBe('queued');
    expect(nextOutboxState('sending', 'interrupted')).toBe('queued');
    expect(nextOutboxState('failed', 'retry')).toBe('queued');
    expect(nextOutboxState('failed', 'discard')).toBe('removed');
  });

  it('refuses transitions that would lose or double-send work', () => {
    expect(nextOutboxState('queued', 'discard')).toBeNull();
    expect(nextOutboxState('queued', 'applied')).toBeNull();
    expect(nextOutboxState('failed', 'send')).toBeNull();
    expect(nextOutboxState('sending', 'send')).toBeNull();
    expect(nextOutboxState('sending', 'discard')).toBeNull();
  });
});

describe('outbox', () => {
  it('writes a valid mutation with a client message id, queued, and clears the draft', async () => {
    const db = freshDb();
    await saveDraft(db, 'c1', '您好，今天发货 🚚');
    const messageId = await sendReply(db, 'c1', '您好，今天发货 🚚');
    const [row] = await listOutbox(db);
    expect(row?.state).toBe('queued');
    expect(() => mutationSchema.parse(row?.mutation)).not.toThrow();
    expect(row?.mutation.payload).toEqual({ type: 'message.send', conversationId: 'c1', messageId, body: '您好，今天发货 🚚' });
    expect(await loadDraft(db, 'c1')).toBe('');
  });

  it('rejects an empty reply before it reaches the outbox', async () => {
    const db = freshDb();
    await expect(sendReply(db, 'c1', '   ')).rejects.toThrow();
    expect(await db.outbox.count()).toBe(0);
  });

  it('replays in creation order, skipping failed rows', async () => {
    const db = freshDb();
    await sendReply(db, 'c1', 'first');
    await setConversationStatus(db, 'c1', 'resolved');
    await sendReply(db, 'c2', 'third');
    const rows = await listOutbox(db);
    const sent: string[] = [];
    for (;;) {
      const next = await nextQueued(db);
      if (!next) break;
      await markSending(db, next.mutationId);
      if (next.mutationId === rows[1]?.mutationId) await markRejected(db, next.mutationId, 'forbidden', 'not your store');
      else await markApplied(db, next.mutationId);
      sent.push(next.mutationId);
    }
    expect(sent).toEqual(rows.map((r) => r.mutationId));
    const left = await listOutbox(db);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ state: 'failed', failure: { code: 'forbidden', message: 'not your store' }, attempts: 1 });
  });

  it('a transient failure puts the row back at the head of the queue', async () => {
    const db = freshDb();
    await sendReply(db, 'c1', 'first');
    await sendReply(db, 'c1', 'second');
    const first = await nextQueued(db);
    await markSending(db, first!.mutationId);
    expect((await nextQueued(db))?.mutation.payload).toMatchObject({ body: 'second' });
    await markTransient(db, first!.mutationId);
    expect((await nextQueued(db))?.mutationId).toBe(first!.mutationId);
    await markSending(db, first!.mutationId);
    expect((await listOutbox(db))[0]?.attempts).toBe(2);
  });

  it('retry and discard act only on failed rows', async () => {
    const db = freshDb();
    await sendReply(db, 'c1', 'hello');
    const row = (await nextQueued(db))!;
    expect(await discardOutboxItem(db, row.mutationId)).toBe(false);
    await markSending(db, row.mutationId);
    await markRejected(db, row.mutationId, 'not_found', 'unknown conversation');
    expect(await retryOutboxItem(db, row.mutationId)).toBe(true);
    expect((await listOutbox(db))[0]).toMatchObject({ state: 'queued', failure: null });
    await markSending(db, row.mutationId);
    await markRejected(db, row.mutationId, 'not_found', 'unknown conversation');
    expect(await discardOutboxItem(db, row.mutationId)).toBe(true);
    expect(await db.outbox.count()).toBe(0);
  });

  it('an ack for an unknown or already settled mutation changes nothing', async () => {
    const db = freshDb();
    await sendReply(db, 'c1', 'hello');
    const row = (await nextQueued(db))!;
    expect(await markApplied(db, row.mutationId)).toBe(false); // still queued, never sent
    expect(await markApplied(db, '00000000-0000-4000-8000-000000000000')).toBe(false);
    expect(await db.outbox.count()).toBe(1);
  });

  it('applied replies stay visible as pending messages until the server snapshot arrives', async () => {
    const db = freshDb();
    await db.conversations.put(conversation('c1'));
    const messageId = await sendReply(db, 'c1', 'hello 👋');
    const row = (await nextQueued(db))!;
    await markSending(db, row.mutationId);
    expect(await markApplied(db, row.mutationId)).toBe(true);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.messages.get(messageId)).toMatchObject({ body: 'hello 👋', direction: 'out', delivery: 'pending', storeId: 's1' });
  });

  it('rows left sending by a closed window are queued again on start-up', async () => {
    const db = freshDb();
    await sendReply(db, 'c1', 'a');
    const row = (await nextQueued(db))!;
    await markSending(db, row.mutationId);
    expect(await nextQueued(db)).toBeUndefined();
    expect(await requeueInterrupted(db)).toBe(1);
    expect((await nextQueued(db))?.mutationId).toBe(row.mutationId);
  });

  it('drafts survive per conversation and an empty draft is removed', async () => {
    const db = freshDb();
    await saveDraft(db, 'c1', 'half a sentence…');
    await saveDraft(db, 'c2', 'x');
    await saveDraft(db, 'c2', '');
    expect(await loadDraft(db, 'c1')).toBe('half a sentence…');
    expect(await db.drafts.count()).toBe(1);
  });
});

describe('queued count', () => {
  it('counts what the agent did, not the read marks that travel through the outbox with it', async () => {
    const db = freshDb();
    await enqueueMutation(db, { type: 'conversation.markRead', marks: [{ conversationId: 'c1', readAt: '2026-11-25T08:00:00.000Z' }] });
    expect(await countOutbox(db)).toBe(0);
    await sendReply(db, 'c1', '好的，马上发货');
    expect(await countOutbox(db)).toBe(1);
    expect(await db.outbox.count()).toBe(2);
  });
});
