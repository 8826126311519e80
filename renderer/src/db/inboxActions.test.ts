import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { mutationSchema, orderCard, type Order } from '../../../shared';
import { at, conversation, customer, store, uniqueDbName } from '../test/fixtures';
import { loadCustomerPanel, searchLinkCandidates } from './customerPanel';
import { openDurableDb, type HuixinDb } from './database';
import { EMPTY_FILTER, filterConversations, listSavedViews, renameSavedView, saveView } from './inboxViews';
import {
  addNote,
  linkCustomers,
  listOutbox,
  markApplied,
  markSending,
  sendCard,
  setConversationPriority,
  setConversationStatus,
  snoozeConversation,
  tagConversation,
  unlinkCustomer,
} from './outbox';
import { buildTimeline } from './overlay';
import { SESSION_KEY } from './schema';

const opened: HuixinDb[] = [];
function freshDb(): HuixinDb {
  const db = openDurableDb(uniqueDbName('inbox-actions'));
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

function order(id: string, overrides: Partial<Order> = {}): Order {
  return {
    id,
    storeId: 's1',
    customerId: 'cu1',
    platformOrderId: `P-${id}`,
    status: 'paid',
    currency: 'CNY',
    totalAmount: '199.00',
    items: [{ title: '明前龙井 250g', sku: 'LJ-250', quantity: 2, unitPrice: '99.50' }],
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

describe('outbox helpers for the inbox controls', () => {
  it('queue valid snooze, tag, priority, note, card, link and unlink mutations', async () => {
    const db = freshDb();
    const until = new Date('2030-01-02T09:00:00.000Z');
    await snoozeConversation(db, 'c1', until);
    await tagConversation(db, 'c1', { add: ['vip'], remove: ['refund'] });
    await setConversationPriority(db, 'c1', 'urgent');
    const noteId = await addNote(db, 'c1', '买家说周五前要');
    const card = orderCard(order('o1'));
    const cardId = await sendCard(db, 'c1', card);
    await linkCustomers(db, 'cu1', 'cu2');
    await unlinkCustomer(db, 'cu1');

    const rows = await listOutbox(db);
    for (const row of rows) expect(() => mutationSchema.parse(row.mutation)).not.toThrow();
    expect(rows.map((r) => r.mutation.payload)).toEqual([
      { type: 'conversation.snooze', conversationId: 'c1', until: until.toISOString() },
      { type: 'conversation.tag', conversationId: 'c1', add: ['vip'], remove: ['refund'] },
      { type: 'conversation.setPriority', conversationId: 'c1', priority: 'urgent' },
      { type: 'note.add', conversationId: 'c1', messageId: noteId, body: '买家说周五前要' },
      { type: 'message.send', conversationId: 'c1', messageId: cardId, body: expect.stringContaining('#P-o1'), card },
      { type: 'customer.link', customerId: 'cu1', otherCustomerId: 'cu2' },
      { type: 'customer.unlink', customerId: 'cu1' },
    ]);
    // Customer-level mutations belong to no conversation.
    expect(rows.slice(-2).map((r) => r.conversationId)).toEqual([null, null]);
  });

  it('shows a queued note as a note, and keeps it (as sent) once the server applied it', async () => {
    const db = freshDb();
    await db.conversations.put(conversation('c1'));
    await db.session.put({ key: SESSION_KEY, serverUrl: 'http://x', token: 't'.repeat(24), expiresAt: at(999), user: { id: 'u1', name: 'mei', displayName: '小美', role: 'agent' } });
    const noteId = await addNote(db, 'c1', 'VIP, be gentle');
    const queued = buildTimeline([], await listOutbox(db), 'u1');
    expect(queued).toMatchObject([{ id: noteId, direction: 'note', delivery: 'queued', body: 'VIP, be gentle' }]);

    const [row] = await listOutbox(db);
    await markSending(db, row!.mutationId);
    await markApplied(db, row!.mutationId);
    expect(await db.messages.get(noteId)).toMatchObject({ direction: 'note', delivery: 'sent', authorId: 'u1', card: null });
  });

  it('carries an order card into the timeline while it is queued', async () => {
    const db = freshDb();
    const card = orderCard(order('o1'));
    await sendCard(db, 'c1', card);
    const [item] = buildTimeline([], await listOutbox(db), 'u1');
    expect(item).toMatchObject({ direction: 'out', card });
  });
});

describe('inbox views with pending actions', () => {
  it('a status change still in the outbox moves the thread between filtered views at once', async () => {
    const db = freshDb();
    await db.conversations.bulkPut([conversation('c1'), conversation('c2', { status: 'resolved', lastMessageAt: at(5) })]);
    const open = { ...EMPTY_FILTER, statuses: ['open' as const] };
    expect((await filterConversations(db, open, 'me')).map((c) => c.id)).toEqual(['c1']);
    await setConversationStatus(db, 'c1', 'resolved');
    await setConversationStatus(db, 'c2', 'open');
    expect((await filterConversations(db, open, 'me')).map((c) => c.id)).toEqual(['c2']);
  });

  it('renames a saved view and refuses an empty name', async () => {
    const db = freshDb();
    const view = await saveView(db, 'me', 'Refunds', { ...EMPTY_FILTER, tags: ['refund'] });
    await renameSavedView(db, 'me', view.id, '  退款 VIP  ');
    expect((await listSavedViews(db, 'me')).map((v) => v.name)).toEqual(['退款 VIP']);
    await expect(renameSavedView(db, 'me', view.id, '   ')).rejects.toThrow(/name/);
  });
});

describe('customer panel', () => {
  async function seeded(): Promise<HuixinDb> {
    const db = freshDb();
    await db.stores.bulkPut([store('s1'), store('s2', { platform: 'jd', name: '京东店' }), store('s3', { platform: 'shopify', name: 'US', currency: 'USD' })]);
    await db.customers.bulkPut([
      customer('cu1', { linkId: 'L1' }),
      customer('cu2', { storeId: 's2', platform: 'jd', nickname: '小熊 JD', linkId: 'L1' }),
      customer('cu3', { storeId: 's3', platform: 'shopify', nickname: 'Bear Smith', linkId: null }),
    ]);
    await db.orders.bulkPut([
      order('o1', { createdAt: at(1) }),
      order('o2', { storeId: 's2', customerId: 'cu2', createdAt: at(5) }),
      order('o3', { storeId: 's3', customerId: 'cu3', createdAt: at(9) }),
    ]);
    await db.conversations.bulkPut([
      conversation('c1'),
      conversation('c2', { storeId: 's2', customerId: 'cu2', lastMessageAt: at(4) }),
      conversation('c3', { customerId: 'cu1', kind: 'review', lastMessageAt: at(6) }),
      conversation('c4', { storeId: 's3', customerId: 'cu3' }),
    ]);
    return db;
  }

  it('gathers linked identities, every order across them, other threads and reviews', async () => {
    const db = await seeded();
    const panel = await loadCustomerPanel(db, 'cu1', 'c1');
    expect(panel?.store?.id).toBe('s1');
    expect(panel?.linked.map((l) => [l.customer.id, l.store?.name])).toEqual([['cu2', '京东店']]);
    expect(panel?.orders.map((o) => o.order.id)).toEqual(['o2', 'o1']);
    expect(panel?.conversations.map((t) => t.conversation.id)).toEqual(['c2']);
    expect(panel?.reviews.map((t) => t.conversation.id)).toEqual(['c3']);
  });

  it('an unlinked buyer sees only their own orders; an unknown one gives null', async () => {
    const db = await seeded();
    const panel = await loadCustomerPanel(db, 'cu3', 'c4');
    expect(panel?.linked).toEqual([]);
    expect(panel?.orders.map((o) => o.order.id)).toEqual(['o3']);
    expect(await loadCustomerPanel(db, 'nobody', null)).toBeNull();
  });

  it('finds link candidates by nickname, case-folded, leaving out itself and those already linked', async () => {
    const db = await seeded();
    const cu1 = (await db.customers.get('cu1'))!;
    expect((await searchLinkCandidates(db, cu1, 'bear')).map((c) => c.customer.id)).toEqual(['cu3']);
    expect((await searchLinkCandidates(db, cu1, '')).map((c) => c.customer.id)).toEqual(['cu3']);
    const cu3 = (await db.customers.get('cu3'))!;
    expect((await searchLinkCandidates(db, cu3, '小熊')).map((c) => c.customer.id).sort()).toEqual(['cu1', 'cu2']);
  });
});
