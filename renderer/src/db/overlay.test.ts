import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { at, conversation, customer, message, store, uniqueDbName } from '../test/fixtures';
import { HuixinDb, openDurableDb } from './database';
import { listOutbox, markRejected, markSending, nextQueued, sendReply, setConversationStatus, snoozeConversation } from './outbox';
import { buildTimeline, pendingStatuses } from './overlay';
import { loadConversation, loadInbox } from './queries';

const opened: HuixinDb[] = [];
function freshDb(): HuixinDb {
  const db = openDurableDb(uniqueDbName('overlay'));
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('timeline', () => {
  it('shows queued replies after the server messages, with their outbox state', async () => {
    const db = freshDb();
    await sendReply(db, 'c1', 'on its way', new Date(at(3)));
    const timeline = buildTimeline([message('m1', { sentAt: at(1) })], await listOutbox(db), 'u1');
    expect(timeline.map((m) => [m.direction, m.delivery])).toEqual([['in', 'received'], ['out', 'queued']]);
    expect(timeline[1]?.mutationId).not.toBeNull();
  });

  it('a reply the server already has keeps its outbox state until the row leaves', async () => {
    const db = freshDb();
    const id = await sendReply(db, 'c1', 'hi', new Date(at(3)));
    const row = (await nextQueued(db))!;
    await markSending(db, row.mutationId);
    const server = message(id, { direction: 'out', delivery: 'pending', sentAt: at(3), body: 'hi' });
    const timeline = buildTimeline([server], await listOutbox(db), 'u1');
    expect(timeline).toHaveLength(1);
    expect(timeline[0]?.delivery).toBe('sending');
    expect(buildTimeline([server], [], 'u1')[0]?.delivery).toBe('pending');
  });

  it('a rejected reply shows failed with the reason', async () => {
    const db = freshDb();
    await sendReply(db, 'c1', 'hi');
    const row = (await nextQueued(db))!;
    await markSending(db, row.mutationId);
    await markRejected(db, row.mutationId, 'forbidden', 'store is read-only');
    const [shown] = buildTimeline([], await listOutbox(db), 'u1');
    expect(shown).toMatchObject({ delivery: 'failed', failureReason: 'store is read-only' });
  });
});

describe('inbox with pending actions', () => {
  it('a pending status change moves the conversation between tabs at once', async () => {
    const db = freshDb();
    await db.stores.put(store());
    await db.customers.put(customer());
    await db.conversations.bulkPut([
      conversation('c1', { lastMessageAt: at(1) }),
      conversation('c2', { lastMessageAt: at(2) }),
      conversation('c3', { lastMessageAt: at(3), status: 'resolved' }),
    ]);
    expect((await loadInbox(db, 'open')).map((i) => i.conversation.id)).toEqual(['c2', 'c1']);

    await setConversationStatus(db, 'c2', 'resolved');
    await setConversationStatus(db, 'c3', 'open');
    expect((await loadInbox(db, 'open')).map((i) => i.conversation.id)).toEqual(['c3', 'c1']);
    expect((await loadInbox(db, 'resolved')).map((i) => i.conversation.id)).toEqual(['c2']);
    const all = await loadInbox(db, 'all');
    expect(all.map((i) => [i.conversation.id, i.conversation.status])).toEqual([['c3', 'open'], ['c2', 'resolved'], ['c1', 'open']]);
    expect(all[0]).toMatchObject({ store: { name: '小米旗舰店' }, customer: { nickname: '快乐的小熊' }, unread: true });
    expect((await loadConversation(db, 'c2'))?.conversation.status).toBe('resolved');
  });

  it('a rejected status change no longer overlays', async () => {
    const db = freshDb();
    await setConversationStatus(db, 'c1', 'pending');
    await setConversationStatus(db, 'c1', 'resolved');
    expect(pendingStatuses(await listOutbox(db)).get('c1')).toBe('resolved');
    const last = (await listOutbox(db))[1]!;
    await db.outbox.update(last.seq!, { state: 'failed' });
    expect(pendingStatuses(await listOutbox(db)).get('c1')).toBe('pending');
  });

  it('a queued snooze shows as snoozed, so a status change after it expects snoozed', async () => {
    const db = freshDb();
    await setConversationStatus(db, 'c1', 'pending');
    await snoozeConversation(db, 'c1', new Date(Date.now() + 3_600_000));
    expect(pendingStatuses(await listOutbox(db)).get('c1')).toBe('snoozed');
  });
});
