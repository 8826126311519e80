import { describe, expect, it } from 'vitest';
import type { QuickReply } from './quick-reply';
import { detectLanguage, rankTemplates } from './rank';

const at = '2025-06-01T00:00:00.000Z';
const template = (id: string, shortcut: string, title: string, body: string, language: 'zh-CN' | 'en' = 'zh-CN'): QuickReply => ({
  id, shortcut, title, body, language,
  category: '', scope: 'team', storeId: null, ownerId: null, setStatus: null, addTag: null,
  createdAt: at, updatedAt: at, deletedAt: null,
});

const list = [
  template('fh', 'fh', '发货', '亲，您的订单{{order.number}}已发出'),
  template('fhsj', 'fhsj', '发货时间', '48小时内发货'),
  template('tk', 'tk', '退款', '退款已受理，预计3天到账'),
  template('xfh', 'xfh', '延迟发货', '抱歉，发货会晚一天'),
  template('where', 'where', 'Where is my order', 'Your order {{order.number}} has shipped', 'en'),
  template('wl', 'wl', '物流', '您的包裹已发出', 'zh-CN'),
];
const ids = (query: string, buyerLanguage: 'zh-CN' | 'en' | null = null) => rankTemplates(list, query, { buyerLanguage }).map((t) => t.id);

describe('rankTemplates', () => {
  it('ranks shortcut prefix, then shortcut substring, then title, then body', () => {
    expect(ids('fh')).toEqual(['fh', 'fhsj', 'xfh']);
    expect(ids('/fh')).toEqual(['fh', 'fhsj', 'xfh']);
  });
  it('matches Chinese anywhere in title and body', () => {
    expect(ids('发货')).toEqual(['fh', 'fhsj', 'xfh']);
    expect(ids('已发出')).toEqual(['fh', 'wl']); // both body matches: same shortcut length, then title order (fa < wu)
    expect(ids('到账')).toEqual(['tk']);
  });
  it('matches traditional and full-width input', () => {
    expect(ids('發貨')).toEqual(['fh', 'fhsj', 'xfh']);
    expect(ids('ＦＨ')).toEqual(['fh', 'fhsj', 'xfh']);
  });
  it('needs every word of a multi-word query', () => {
    expect(ids('order shipped')).toEqual(['where']);
    expect(ids('order refund')).toEqual([]);
  });
  it('puts the buyer language first; an empty query lists everything', () => {
    expect(ids('', 'en')[0]).toBe('where');
    expect(ids('', 'zh-CN').at(-1)).toBe('where');
    expect(ids('')).toHaveLength(list.length);
  });
  it('leaves deleted templates out', () => {
    const deleted = { ...template('gone', 'fhx', 'x', 'y'), deletedAt: at };
    expect(rankTemplates([deleted], 'fh', { buyerLanguage: null })).toEqual([]);
  });
});

describe('detectLanguage', () => {
  it.each([
    ['发货了吗？', 'zh-CN'],
    ['iPhone 15 什么时候发货', 'zh-CN'],
    ['Where is my order?', 'en'],
    ['Is the 红色 one in stock?', 'en'],
    ['👍👍 123', null],
  ] as const)('%s → %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });
});
