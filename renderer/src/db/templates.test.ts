import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_COMPLIANCE_TERMS, type Change, type NewQuickReply, type Order, type QuickReply } from '../../../shared';
import { at, conversation, customer, message, store, uniqueDbName } from '../test/fixtures';
import { applyChanges } from './applyChanges';
import { HuixinDb, openDurableDb } from './database';
import { listOutbox, markRejected, markSending } from './outbox';
import { loadTemplateContext, orderOfConversation, reviewOf } from './templateContext';
import {
  deleteComplianceTerm,
  deleteTemplate,
  loadStoreCompliance,
  loadTemplates,
  saveComplianceTerm,
  saveTemplate,
  setComplianceMode,
  templatesForStore,
} from './templates';

const opened: HuixinDb[] = [];
function freshDb(): HuixinDb {
  const db = openDurableDb(uniqueDbName('templates'));
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const content: NewQuickReply = {
  title: '发货提醒',
  shortcut: 'fh',
  body: '亲，订单{{order.number}}已发货',
  category: '物流',
  language: 'zh-CN',
  setStatus: null,
  addTag: null,
  scope: 'team',
  storeId: null,
};

const synced = (id: string, over: Partial<QuickReply> = {}): QuickReply => ({
  ...content,
  id,
  ownerId: null,
  createdAt: at(0),
  updatedAt: at(0),
  deletedAt: null,
  ...over,
});

const quickReplyChange = (stream: Change['stream'], seq: number, data: QuickReply): Change => ({ stream, seq, entity: 'quickReply', op: 'upsert', data });

describe('templates in the cache', () => {
  it('stores synced templates and hides tombstones and other users’ personal ones', async () => {
    const db = freshDb();
    await applyChanges(db, 'team', [quickReplyChange('team', 1, synced('t1')), quickReplyChange('team', 2, synced('t2', { deletedAt: at(5) }))]);
    await applyChanges(db, 'user:u1', [quickReplyChange('user:u1', 1, synced('p1', { scope: 'personal', ownerId: 'u1' }))]);
    await applyChanges(db, 'user:u2', [quickReplyChange('user:u2', 1, synced('p2', { scope: 'personal', ownerId: 'u2' }))]);
    expect((await loadTemplates(db, 'u1')).map((t) => t.id).sort()).toEqual(['p1', 't1']);
  });

  it('shows queued creates, edits and deletes at once, and drops them again when rejected', async () => {
    const db = freshDb();
    await applyChanges(db, 'team', [quickReplyChange('team', 1, synced('t1'))]);
    const newId = await saveTemplate(db, null, { ...content, shortcut: 'hi', scope: 'personal' });
    await saveTemplate(db, 't1', { ...content, title: '已改' });
    let templates = await loadTemplates(db, 'u1');
    expect(templates.find((t) => t.id === newId)).toMatchObject({ shortcut: 'hi', ownerId: 'u1', scope: 'personal' });
    expect(templates.find((t) => t.id === 't1')?.title).toBe('已改');

    await deleteTemplate(db, 't1');
    templates = await loadTemplates(db, 'u1');
    expect(templates.map((t) => t.id)).toEqual([newId]);

    const deletion = (await listOutbox(db)).find((row) => row.mutation.payload.type === 'template.delete');
    expect(deletion?.conversationId).toBeNull();
    if (!deletion) throw new Error('no queued delete');
    await markSending(db, deletion.mutationId);
    expect(await markRejected(db, deletion.mutationId, 'forbidden', 'no')).toBe(true);
    expect((await loadTemplates(db, 'u1')).map((t) => t.id).sort()).toEqual([newId, 't1'].sort());
  });

  it('keeps store templates to their store', () => {
    const all = [synced('t1'), synced('s1t', { scope: 'store', storeId: 's1' }), synced('s2t', { scope: 'store', storeId: 's2' })];
    expect(templatesForStore(all, 's1').map((t) => t.id)).toEqual(['t1', 's1t']);
  });
});

describe('store compliance', () => {
  it('starts from the defaults in warn mode, and follows queued term edits and mode changes', async () => {
    const db = freshDb();
    const taobao = store('s1');
    let compliance = await loadStoreCompliance(db, taobao);
    expect(compliance.mode).toBe('warn');
    expect(compliance.terms.length).toBeGreaterThan(0);
    const first = DEFAULT_COMPLIANCE_TERMS.find((t) => t.platform === null && t.storeId === null);
    if (!first) throw new Error('no global default term');

    await setComplianceMode(db, 's1', 'block');
    await deleteComplianceTerm(db, first.id);
    await saveComplianceTerm(db, null, {
      term: '秒杀价',
      reason: { 'zh-CN': '店铺规定', en: 'Store rule' },
      suggestion: { 'zh-CN': '改为"活动价"', en: 'Say "promo price"' },
      severity: 'banned',
      platform: null,
      storeId: 's1',
    });
    compliance = await loadStoreCompliance(db, taobao);
    expect(compliance.mode).toBe('block');
    expect(compliance.terms.some((t) => t.id === first.id)).toBe(false);
    expect(compliance.terms.some((t) => t.term === '秒杀价')).toBe(true);
    expect((await loadStoreCompliance(db, store('s2'))).terms.some((t) => t.term === '秒杀价')).toBe(false);
  });
});

describe('template context', () => {
  const order = (id: string, number: string, updatedAt: string): Order => ({
    id,
    storeId: 's1',
    customerId: 'cu1',
    platformOrderId: number,
    status: 'shipped',
    currency: 'CNY',
    totalAmount: '99.00',
    items: [],
    createdAt: at(0),
    updatedAt,
  });

  it('takes the order a thread is about, else the buyer’s latest order in that store', () => {
    const orders = [order('o1', '1001', at(1)), order('o2', '1002', at(9)), { ...order('o3', '1003', at(20)), storeId: 's2' }];
    expect(orderOfConversation({ kind: 'order', subject: '#1001 · 龙井', storeId: 's1' }, orders)?.id).toBe('o1');
    expect(orderOfConversation({ kind: 'chat', subject: null, storeId: 's1' }, orders)?.id).toBe('o2');
    expect(orderOfConversation({ kind: 'chat', subject: null, storeId: 's3' }, orders)).toBeNull();
  });

  it('reads a review’s stars and text', () => {
    expect(reviewOf({ subject: '★★★★☆ 明前龙井' }, [{ direction: 'in', body: '很香' }])).toEqual({ rating: 4, text: '很香' });
    expect(reviewOf({ subject: '明前龙井' }, [{ direction: 'in', body: '很香' }])).toBeNull();
  });

  it('fills buyer, store, agent and order from the cache', async () => {
    const db = freshDb();
    await db.stores.put(store('s1'));
    await db.customers.put(customer('cu1'));
    await db.conversations.put(conversation('c1'));
    await db.messages.put(message('m1'));
    await db.orders.put(order('o1', '3921004455', at(2)));
    const context = await loadTemplateContext(db, 'c1', { displayName: '小美' }, new Date(at(3)));
    expect(context).toMatchObject({
      buyer: { nickname: '快乐的小熊' },
      store: { name: '小米旗舰店' },
      agent: { displayName: '小美' },
      order: { platformOrderId: '3921004455' },
      logistics: null,
      review: null,
    });
    // Once shipped, the order's carrier fills {{logistics.*}}.
    await db.orders.put({ ...order('o1', '3921004455', at(2)), logistics: { company: '顺丰速运', trackingNumber: 'SF1234567890' } });
    const shipped = await loadTemplateContext(db, 'c1', { displayName: '小美' }, new Date(at(3)));
    expect(shipped.logistics).toEqual({ company: '顺丰速运', trackingNumber: 'SF1234567890' });
    // A carrier id from a platform's code is named for the buyer.
    await db.orders.put({ ...order('o1', '3921004455', at(2)), logistics: { company: 'YTO', trackingNumber: 'YT1' } });
    expect((await loadTemplateContext(db, 'c1', { displayName: '小美' }, new Date(at(3)))).logistics).toEqual({ company: '圆通速递', trackingNumber: 'YT1' });
  });
});
