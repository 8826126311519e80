import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { at, conversation, store, uniqueDbName } from '../test/fixtures';
import { HuixinDb } from './database';
import {
  EMPTY_FILTER,
  QUICK_VIEWS,
  countUnreadPerView,
  deleteSavedView,
  filterConversations,
  listSavedViews,
  listTags,
  saveView,
} from './inboxViews';
import { markConversationRead } from './unread';

const opened: HuixinDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

async function seeded(): Promise<HuixinDb> {
  const db = new HuixinDb(uniqueDbName('views'));
  opened.push(db);
  await db.stores.bulkPut([store('tb'), store('sh', { platform: 'shopify', name: 'US shop', currency: 'USD' })]);
  await db.conversations.bulkPut([
    conversation('c1', { storeId: 'tb', assigneeId: 'me', waitingSince: at(5), lastMessageAt: at(9), tags: ['vip'] }),
    conversation('c2', { storeId: 'sh', assigneeId: null, waitingSince: at(2), lastMessageAt: at(3), kind: 'order', priority: 'high', tags: ['refund'] }),
    conversation('c3', { storeId: 'sh', assigneeId: 'other', status: 'snoozed', snoozedUntil: at(60), waitingSince: null, lastMessageAt: at(7) }),
    conversation('c4', { storeId: 'tb', assigneeId: null, status: 'resolved', waitingSince: null, lastMessageAt: at(8), lastInboundAt: at(8) }),
  ]);
  return db;
}

const ids = (list: { id: string }[]) => list.map((c) => c.id);

describe('inbox filters', () => {
  it('filters by platform, store, kind, status (snoozed too), priority, tag and assignee', async () => {
    const db = await seeded();
    expect(ids(await filterConversations(db, { ...EMPTY_FILTER, platforms: ['shopify'] }, 'me'))).toEqual(['c3', 'c2']);
    expect(ids(await filterConversations(db, { ...EMPTY_FILTER, storeIds: ['tb'] }, 'me'))).toEqual(['c1', 'c4']);
    expect(ids(await filterConversations(db, { ...EMPTY_FILTER, kinds: ['order'] }, 'me'))).toEqual(['c2']);
    expect(ids(await filterConversations(db, { ...EMPTY_FILTER, statuses: ['snoozed'] }, 'me'))).toEqual(['c3']);
    expect(ids(await filterConversations(db, { ...EMPTY_FILTER, priorities: ['high'] }, 'me'))).toEqual(['c2']);
    expect(ids(await filterConversations(db, { ...EMPTY_FILTER, tags: ['vip', 'refund'] }, 'me'))).toEqual(['c1', 'c2']);
    expect(ids(await filterConversations(db, { ...EMPTY_FILTER, assignee: 'other' }, 'me'))).toEqual(['c3']);
  });

  it('has the quick views "mine" and "unassigned"', async () => {
    const db = await seeded();
    expect(ids(await filterConversations(db, QUICK_VIEWS.mine, 'me'))).toEqual(['c1']);
    expect(ids(await filterConversations(db, QUICK_VIEWS.unassigned, 'me'))).toEqual(['c2']);
  });

  it('sorts by waiting longest first, nobody waiting last', async () => {
    const db = await seeded();
    expect(ids(await filterConversations(db, { ...EMPTY_FILTER, sort: 'waitingLongest' }, 'me'))).toEqual(['c2', 'c1', 'c4', 'c3']);
    expect(ids(await filterConversations(db, EMPTY_FILTER, 'me'))).toEqual(['c1', 'c4', 'c3', 'c2']);
  });

  it('lists tags in use', async () => {
    expect(await listTags(await seeded())).toEqual(['refund', 'vip']);
  });
});

describe('saved views', () => {
  it('are stored per user and count their unread conversations', async () => {
    const db = await seeded();
    const shopify = await saveView(db, 'me', '  Shopify  ', { ...EMPTY_FILTER, platforms: ['shopify'] });
    // A synced view of someone else's (never in this agent's stream in practice) is not listed.
    await db.savedViews.put({ id: 'theirs', ownerId: 'someone-else', name: 'Theirs', filter: EMPTY_FILTER, sort: 'latest', position: 0, createdAt: at(1), updatedAt: at(1), deletedAt: null });
    expect((await listSavedViews(db, 'me')).map((v) => v.name)).toEqual(['Shopify']);
    await expect(saveView(db, 'me', '   ', EMPTY_FILTER)).rejects.toThrow(/name/);

    const views = [{ id: shopify.id, filter: shopify.filter }, { id: 'mine', filter: QUICK_VIEWS.mine }];
    expect(await countUnreadPerView(db, views, 'me')).toEqual({ [shopify.id]: 2, mine: 1 });
    await markConversationRead(db, 'c2');
    expect(await countUnreadPerView(db, views, 'me')).toEqual({ [shopify.id]: 1, mine: 1 });

    await deleteSavedView(db, shopify.id);
    expect(await listSavedViews(db, 'me')).toEqual([]);
  });
});
