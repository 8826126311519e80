import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { at, conversation, uniqueDbName } from '../test/fixtures';
import { HuixinDb } from './database';
import { loadUnreadCount } from './queries';
import { countUnread, isUnread, markConversationRead } from './unread';

const opened: HuixinDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('unread', () => {
  it('is unread when a buyer wrote after the last read mark', () => {
    expect(isUnread({ lastInboundAt: at(5) }, at(4))).toBe(true);
    expect(isUnread({ lastInboundAt: at(5) }, at(5))).toBe(false);
    expect(isUnread({ lastInboundAt: at(5) }, at(6))).toBe(false);
  });

  it('is unread without a mark only when a buyer ever wrote', () => {
    expect(isUnread({ lastInboundAt: at(1) }, undefined)).toBe(true);
    expect(isUnread({ lastInboundAt: null }, undefined)).toBe(false);
  });

  it('compares instants, not strings', () => {
    expect(isUnread({ lastInboundAt: '2025-06-18T10:00:00+08:00' }, '2025-06-18T02:30:00Z')).toBe(false);
    expect(isUnread({ lastInboundAt: '2025-06-18T10:00:00.500+08:00' }, '2025-06-18T02:00:00Z')).toBe(true);
  });

  it('counts unread conversations', () => {
    const marks = new Map([['a', at(3)], ['b', at(9)]]);
    expect(countUnread([{ id: 'a', lastInboundAt: at(5) }, { id: 'b', lastInboundAt: at(5) }, { id: 'c', lastInboundAt: at(1) }, { id: 'd', lastInboundAt: null }], marks)).toBe(2);
  });

  it('opening marks read; a later buyer message makes it unread again', async () => {
    const db = new HuixinDb(uniqueDbName('unread'));
    opened.push(db);
    await db.conversations.bulkPut([conversation('c1', { lastInboundAt: at(5) }), conversation('c2', { lastInboundAt: at(5) })]);
    expect(await loadUnreadCount(db)).toBe(2);
    expect(await markConversationRead(db, 'c1')).toBe(true);
    expect(await loadUnreadCount(db)).toBe(1);
    // Marked up to the buyer's last message (server time), and waiting to be sent.
    expect(await db.readMarks.get('c1')).toEqual({ conversationId: 'c1', lastReadAt: at(5), pending: 1 });
    await db.conversations.put(conversation('c1', { lastInboundAt: at(7) }));
    expect(await loadUnreadCount(db)).toBe(2);
  });

  it('a read mark never moves back, and a thread with nothing inbound is not marked', async () => {
    const db = new HuixinDb(uniqueDbName('unread'));
    opened.push(db);
    await db.conversations.bulkPut([conversation('c1', { lastInboundAt: at(10) }), conversation('c2', { lastInboundAt: null })]);
    // Synced from another machine, which saw a later buyer message than this cache has yet.
    await db.readMarks.put({ conversationId: 'c1', lastReadAt: at(12), pending: 0 });
    expect(await markConversationRead(db, 'c1')).toBe(false);
    expect(await db.readMarks.get('c1')).toEqual({ conversationId: 'c1', lastReadAt: at(12), pending: 0 });
    expect(await loadUnreadCount(db)).toBe(0);
    expect(await markConversationRead(db, 'c2')).toBe(false);
    expect(await markConversationRead(db, 'not-cached')).toBe(false);
    expect(await db.readMarks.count()).toBe(1);
  });
});
