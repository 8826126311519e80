import { describe, expect, it } from 'vitest';
import type { QuickReply } from '../../../../shared';
import { draftFromTemplate, emptyDraft, insertVariable, shortcutClash, validateDraft } from './templateDraft';

const template = (over: Partial<QuickReply>): QuickReply => ({
  id: 't1',
  title: '发货了',
  shortcut: 'fh',
  body: '亲，您的订单{{order.number}}已发货',
  category: '物流',
  language: 'zh-CN',
  setStatus: null,
  addTag: null,
  scope: 'team',
  storeId: null,
  ownerId: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  deletedAt: null,
  ...over,
});

describe('validateDraft', () => {
  it('turns a filled draft into a new template, empty tag as null, store only for store scope', () => {
    const draft = { ...emptyDraft('zh-CN', 'team'), title: ' 发货 ', shortcut: 'fh', body: '已发货', storeId: 'ignored' };
    const result = validateDraft(draft);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.title).toBe('发货');
      expect(result.value.addTag).toBeNull();
      expect(result.value.storeId).toBeNull();
    }
  });

  it('names the fields that are wrong', () => {
    const result = validateDraft({ ...emptyDraft('en', 'store'), title: '', shortcut: 'has space', body: '   ' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['body', 'shortcut', 'storeId', 'title']);
  });

  it('round-trips a stored template', () => {
    const stored = template({ addTag: 'shipping', setStatus: 'resolved' });
    const result = validateDraft(draftFromTemplate(stored));
    expect(result.ok && result.value).toMatchObject({ shortcut: 'fh', addTag: 'shipping', setStatus: 'resolved', scope: 'team' });
  });
});

describe('shortcutClash', () => {
  const all = [template({}), template({ id: 't2', shortcut: 'hi', scope: 'store', storeId: 's1' }), template({ id: 't3', shortcut: 'old', deletedAt: '2025-02-01T00:00:00.000Z' })];

  it('finds a live template with the same shortcut in the same place, ignoring case', () => {
    expect(shortcutClash({ ...emptyDraft('zh-CN', 'team'), shortcut: 'FH' }, all, null)?.id).toBe('t1');
    expect(shortcutClash({ ...emptyDraft('zh-CN', 'store'), shortcut: 'hi', storeId: 's1' }, all, null)?.id).toBe('t2');
  });

  it('ignores the template being edited, other places and deleted templates', () => {
    expect(shortcutClash({ ...emptyDraft('zh-CN', 'team'), shortcut: 'fh' }, all, 't1')).toBeNull();
    expect(shortcutClash({ ...emptyDraft('zh-CN', 'personal'), shortcut: 'fh' }, all, null)).toBeNull();
    expect(shortcutClash({ ...emptyDraft('zh-CN', 'store'), shortcut: 'hi', storeId: 's2' }, all, null)).toBeNull();
    expect(shortcutClash({ ...emptyDraft('zh-CN', 'team'), shortcut: 'old' }, all, null)).toBeNull();
  });
});

describe('insertVariable', () => {
  it('inserts at the caret or replaces the selection', () => {
    expect(insertVariable('订单已发货', 2, 2, 'order.number')).toEqual({ body: '订单{{order.number}}已发货', caret: 18 });
    expect(insertVariable('Hi NAME!', 3, 7, 'buyer.nickname')).toEqual({ body: 'Hi {{buyer.nickname}}!', caret: 21 });
  });
});
