import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_FILTER, criteriaOf, type Change, type MutationPayload, type SavedView } from '../../../shared';
import { at, conversation, uniqueDbName } from '../test/fixtures';
import { applyChanges } from './applyChanges';
import { HuixinDb } from './database';
import { deleteSavedView, listSavedViews, renameSavedView, saveView } from './inboxViews';
import { listOutbox, markApplied } from './outbox';
import { ReadMarkFlusher, flushReadMarks } from './readMarkSync';
import { markConversationRead } from './unread';

const opened: HuixinDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});
function freshDb(): HuixinDb {
  const db = new HuixinDb(uniqueDbName('user-state'));
  opened.push(db);
  return db;
}
const payloads = async (db: HuixinDb): Promise<MutationPayload[]> => (await listOutbox(db)).map((row) => row.mutation.payload);
const stream = 'user:me' as const;
let seq = 0;
const readMarkChange = (conversationId: string, readAt: string): Change => ({
  stream,
  seq: ++seq,
  entity: 'readMark',
  op: 'upsert',
  data: { id: conversationId, conversationId, readAt, updatedAt: readAt },
});

describe('read marks follow the agent', () => {
  it('batches pending marks into conversation.markRead mutations of at most 200, once', async () => {
    const db = freshDb();
    const ids = Array.from({ length: 250 }, (_, i) => `c${i}`);
    await db.conversations.bulkPut(ids.map((id) => conversation(id, { lastInboundAt: at(5) })));
    for (const id of ids) await markConversationRead(db, id);
    // A mark for a thread no longer in the cache (store revoked) would make the server refuse the batch.
    await db.readMarks.put({ conversationId: 'gone', lastReadAt: at(1), pending: 1 });

    expect(await flushReadMarks(db)).toBe(250);
    const sent = await payloads(db);
    expect(sent.map((p) => (p.type === 'conversation.markRead' ? p.marks.length : 0))).toEqual([200, 50]);
    expect(sent.flatMap((p) => (p.type === 'conversation.markRead' ? p.marks : [])).every((m) => m.readAt === at(5) && m.conversationId !== 'gone')).toBe(true);
    expect(await db.readMarks.where('pending').equals(1).count()).toBe(0);
    // Nothing new: nothing queued.
    expect(await flushReadMarks(db)).toBe(0);
    expect(await payloads(db)).toHaveLength(2);
  });

  it('debounces: marks made in quick succession go out in one mutation', async () => {
    const db = freshDb();
    await db.conversations.bulkPut([conversation('a'), conversation('b'), conversation('c')]);
    let queuedBatches = 0;
    let resolveQueued: () => void = () => undefined;
    const queued = new Promise<void>((resolve) => (resolveQueued = resolve));
    const flusher = new ReadMarkFlusher(db, { onQueued: () => ((queuedBatches += 1), resolveQueued()), onError: (error) => { throw error; }, delayMs: 30 });
    for (const id of ['a', 'b', 'c']) {
      await markConversationRead(db, id);
      flusher.schedule();
    }
    await queued;
    expect(queuedBatches).toBe(1);
    const sent = await payloads(db);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'conversation.markRead', marks: [{ conversationId: 'a' }, { conversationId: 'b' }, { conversationId: 'c' }] });
    flusher.dispose();
  });

  it('a synced mark from another machine reads the thread here; a stale one never makes it unread again', async () => {
    const db = freshDb();
    await db.conversations.bulkPut([conversation('c1', { lastInboundAt: at(10) }), conversation('c2', { lastInboundAt: at(10) })]);
    await applyChanges(db, stream, [readMarkChange('c1', at(10))]);
    expect(await db.readMarks.get('c1')).toEqual({ conversationId: 'c1', lastReadAt: at(10), pending: 0 });

    // This machine read c2 up to at(10) (not sent yet); a stale mark at(3) arrives meanwhile.
    await markConversationRead(db, 'c2');
    await applyChanges(db, stream, [readMarkChange('c2', at(3)), readMarkChange('c1', at(4))]);
    expect(await db.readMarks.get('c2')).toEqual({ conversationId: 'c2', lastReadAt: at(10), pending: 1 });
    expect((await db.readMarks.get('c1'))?.lastReadAt).toBe(at(10));

    // The server confirms c2's mark: nothing left to send for it.
    await applyChanges(db, stream, [readMarkChange('c2', at(10))]);
    expect(await db.readMarks.get('c2')).toEqual({ conversationId: 'c2', lastReadAt: at(10), pending: 0 });
  });
});

describe('saved views follow the agent', () => {
  const synced = (overrides: Partial<SavedView> = {}): SavedView => ({
    id: 'v-synced',
    ownerId: 'me',
    name: 'From the other machine',
    filter: { ...criteriaOf(EMPTY_FILTER), statuses: ['open'] },
    sort: 'latest',
    position: 0,
    createdAt: at(1),
    updatedAt: at(1),
    deletedAt: null,
    ...overrides,
  });

  it('a save, rename and delete show at once through the outbox and go out as mutations', async () => {
    const db = freshDb();
    const view = await saveView(db, 'me', '  Refunds ', { ...EMPTY_FILTER, tags: ['refund'], sort: 'waitingLongest' });
    expect(await listSavedViews(db, 'me')).toEqual([{ ...view, name: 'Refunds' }]);
    expect(view.filter).toEqual({ ...EMPTY_FILTER, tags: ['refund'], sort: 'waitingLongest' });
    await renameSavedView(db, 'me', view.id, '退款');
    expect((await listSavedViews(db, 'me')).map((v) => v.name)).toEqual(['退款']);
    await deleteSavedView(db, view.id);
    expect(await listSavedViews(db, 'me')).toEqual([]);
    expect((await payloads(db)).map((p) => p.type)).toEqual(['savedView.save', 'savedView.save', 'savedView.delete']);
    expect((await payloads(db))[0]).toMatchObject({ viewId: view.id, view: { name: 'Refunds', sort: 'waitingLongest', position: 0, filter: { tags: ['refund'] } } });
  });

  it('lists synced views in position order; a synced tombstone hides a view and a queued save cannot resurrect it', async () => {
    const db = freshDb();
    const change = (data: SavedView): Change => ({ stream, seq: ++seq, entity: 'savedView', op: 'upsert', data });
    seq = 0;
    await applyChanges(db, stream, [change(synced({ id: 'b', name: 'B', position: 1 })), change(synced({ id: 'a', name: 'A', position: 0 }))]);
    const next = await saveView(db, 'me', 'C', EMPTY_FILTER);
    expect(next.position).toBe(2);
    expect((await listSavedViews(db, 'me')).map((v) => v.name)).toEqual(['A', 'B', 'C']);

    await renameSavedView(db, 'me', 'a', 'A renamed offline');
    await applyChanges(db, stream, [change(synced({ id: 'a', name: 'A', position: 0, deletedAt: at(2) }))]);
    expect((await listSavedViews(db, 'me')).map((v) => v.name)).toEqual(['B', 'C']);

    // Once the server applied the save, its own snapshot takes over from the outbox.
    const [save] = await listOutbox(db);
    if (!save) throw new Error('nothing queued');
    await markApplied(db, save.mutationId);
    await applyChanges(db, stream, [change(synced({ id: next.id, name: 'C', position: 2 }))]);
    expect((await listSavedViews(db, 'me')).map((v) => v.name)).toEqual(['B', 'C']);
  });
});

describe('Dexie version 6 migrates what this machine kept locally, once', () => {
  it('queues the agent’s local saved views and flags local read marks for sending', async () => {
    const name = uniqueDbName('legacy');
    // The cache as versions 3–5 left it (the v3 schema is enough for Dexie to upgrade from).
    const legacy = new Dexie(name);
    legacy.version(3).stores({
      stores: 'id, platform',
      users: 'id',
      customers: 'id, storeId',
      conversations: 'id, [status+lastMessageAt], storeId, assigneeId, lastMessageAt, waitingSince, customerId, [assigneeId+lastMessageAt], [storeId+lastMessageAt], *tags, priority',
      messages: 'id, [conversationId+sentAt]',
      orders: 'id, storeId, customerId',
      cursors: 'stream',
      outbox: '++seq, &mutationId, state, conversationId',
      readMarks: 'conversationId',
      drafts: 'conversationId',
      session: 'key',
      meta: 'key',
      quickReplies: 'id, scope, storeId, ownerId, updatedAt',
      complianceTerms: 'id, storeId, platform',
      storeSettings: 'id',
      savedViews: 'id, userId',
    });
    await legacy.open();
    await legacy.table('meta').put({ key: 'cacheOwner', value: 'http://127.0.0.1:3210\nme' });
    await legacy.table('savedViews').bulkPut([
      { id: 'v2', userId: 'me', name: 'Second', filter: { ...EMPTY_FILTER, kinds: ['review'] }, createdAt: at(2) },
      { id: 'v1', userId: 'me', name: 'First', filter: { ...EMPTY_FILTER, assignee: 'me', sort: 'waitingLongest' }, createdAt: at(1) },
      { id: 'vx', userId: 'someone-else', name: 'Leftover', filter: EMPTY_FILTER, createdAt: at(3) },
    ]);
    await legacy.table('readMarks').bulkPut([{ conversationId: 'c1', lastReadAt: at(4) }]);
    legacy.close();

    const db = new HuixinDb(name);
    opened.push(db);
    await db.conversations.put(conversation('c1', { lastInboundAt: at(4) }));
    const queued = await payloads(db);
    expect(queued).toEqual([
      { type: 'savedView.save', viewId: 'v1', view: { name: 'First', filter: { ...criteriaOf(EMPTY_FILTER), assignee: 'me' }, sort: 'waitingLongest', position: 0 } },
      { type: 'savedView.save', viewId: 'v2', view: { name: 'Second', filter: { ...criteriaOf(EMPTY_FILTER), kinds: ['review'] }, sort: 'latest', position: 1 } },
    ]);
    expect(await db.savedViews.count()).toBe(0);
    expect((await listSavedViews(db, 'me')).map((v) => v.name)).toEqual(['First', 'Second']);
    expect(await db.readMarks.get('c1')).toEqual({ conversationId: 'c1', lastReadAt: at(4), pending: 1 });
    expect(await flushReadMarks(db)).toBe(1);

    // Opening again runs no upgrade: nothing is queued twice.
    db.close();
    const again = new HuixinDb(name);
    opened.push(again);
    expect((await payloads(again)).filter((p) => p.type === 'savedView.save')).toHaveLength(2);
  });
});
