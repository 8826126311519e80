import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { changeSchema } from '../../../shared';
import { conversation, conversationChange, message, messageChange, uniqueDbName } from '../test/fixtures';
import { applyChanges, getCursor } from './applyChanges';
import { HuixinDb } from './database';

const S = 'store:s1' as const;
const opened: HuixinDb[] = [];
function freshDb(): HuixinDb {
  const db = new HuixinDb(uniqueDbName('apply'));
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('applyChanges', () => {
  it('fixtures are valid protocol changes', () => {
    expect(() => changeSchema.parse(conversationChange(S, 1, conversation()))).not.toThrow();
    expect(() => changeSchema.parse(messageChange(S, 1, message()))).not.toThrow();
  });

  it('applies contiguous changes, grouped per table, and advances the cursor', async () => {
    const db = freshDb();
    const result = await applyChanges(db, S, [
      conversationChange(S, 1, conversation('c1')),
      messageChange(S, 2, message('m1')),
      messageChange(S, 3, message('m2', { body: 'second' })),
    ]);
    expect(result).toEqual({ applied: 3, cursor: 3, gap: false });
    expect(await db.conversations.count()).toBe(1);
    expect((await db.messages.get('m2'))?.body).toBe('second');
    expect(await getCursor(db, S)).toBe(3);
  });

  it('skips changes at or below the cursor (replayed pushes, overlapping pulls)', async () => {
    const db = freshDb();
    await applyChanges(db, S, [conversationChange(S, 1, conversation('c1', { subject: 'first' }))]);
    const result = await applyChanges(db, S, [
      conversationChange(S, 1, conversation('c1', { subject: 'stale replay' })),
      conversationChange(S, 2, conversation('c1', { subject: 'second' })),
    ]);
    expect(result).toEqual({ applied: 1, cursor: 2, gap: false });
    expect((await db.conversations.get('c1'))?.subject).toBe('second');

    const again = await applyChanges(db, S, [conversationChange(S, 2, conversation('c1', { subject: 'stale' }))]);
    expect(again).toEqual({ applied: 0, cursor: 2, gap: false });
    expect((await db.conversations.get('c1'))?.subject).toBe('second');
  });

  it('stops at a gap, keeps what came before it, and reports the gap', async () => {
    const db = freshDb();
    const result = await applyChanges(db, S, [
      messageChange(S, 1, message('m1')),
      messageChange(S, 2, message('m2')),
      messageChange(S, 4, message('m4')),
      messageChange(S, 5, message('m5')),
    ]);
    expect(result).toEqual({ applied: 2, cursor: 2, gap: true });
    expect(await db.messages.get('m4')).toBeUndefined();
    expect(await getCursor(db, S)).toBe(2);
  });

  it('reports a gap without writing when the first change does not continue the cursor', async () => {
    const db = freshDb();
    const result = await applyChanges(db, S, [messageChange(S, 3, message('m3'))]);
    expect(result).toEqual({ applied: 0, cursor: 0, gap: true });
    expect(await db.messages.count()).toBe(0);
  });

  it('keeps the last snapshot of an entity within one batch', async () => {
    const db = freshDb();
    await applyChanges(db, S, [
      conversationChange(S, 1, conversation('c1', { status: 'open' })),
      conversationChange(S, 2, conversation('c1', { status: 'pending' })),
      conversationChange(S, 3, conversation('c1', { status: 'resolved' })),
    ]);
    expect((await db.conversations.get('c1'))?.status).toBe('resolved');
  });

  it('orders a batch by seq before applying it', async () => {
    const db = freshDb();
    const result = await applyChanges(db, S, [
      conversationChange(S, 2, conversation('c1', { status: 'resolved' })),
      conversationChange(S, 1, conversation('c1', { status: 'open' })),
    ]);
    expect(result).toEqual({ applied: 2, cursor: 2, gap: false });
    expect((await db.conversations.get('c1'))?.status).toBe('resolved');
  });

  it('keeps one cursor per stream and ignores changes of other streams', async () => {
    const db = freshDb();
    await applyChanges(db, 'team', [{ stream: 'team', seq: 1, entity: 'user', op: 'upsert', data: { id: 'u1', name: 'lin', displayName: '林', role: 'agent' } }]);
    const result = await applyChanges(db, S, [messageChange('store:other', 1, message('x')), messageChange(S, 1, message('m1'))]);
    expect(result).toEqual({ applied: 1, cursor: 1, gap: false });
    expect(await db.messages.get('x')).toBeUndefined();
    expect(await getCursor(db, 'team')).toBe(1);
    expect(await getCursor(db, 'store:other')).toBe(0);
  });

  it('applies a large batch in one go', async () => {
    const db = freshDb();
    const changes = Array.from({ length: 5000 }, (_, i) => messageChange(S, i + 1, message(`m${i % 1000}`, { body: `v${i}` })));
    const result = await applyChanges(db, S, changes);
    expect(result).toEqual({ applied: 5000, cursor: 5000, gap: false });
    expect(await db.messages.count()).toBe(1000);
    expect((await db.messages.get('m999'))?.body).toBe('v4999');
  });
});
