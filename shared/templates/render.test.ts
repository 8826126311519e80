import { describe, expect, it } from 'vitest';
import { renderTemplate, templateVariablesIn } from './render';
import { emptyTemplateContext, type TemplateContext } from './variables';

const now = new Date('2025-06-18T04:00:00Z');
const full: TemplateContext = {
  buyer: { nickname: '茶友小李' },
  store: { name: '西湖龙井旗舰店' },
  agent: { displayName: '小美' },
  order: {
    platformOrderId: '3912345678901234567',
    status: 'shipped',
    totalAmount: '1299.50',
    currency: 'CNY',
    items: [
      { title: '明前龙井 250g', sku: null, quantity: 2, unitPrice: '599.75' },
      { title: '茶具', sku: 'TJ-1', quantity: 1, unitPrice: '100.00' },
    ],
  },
  logistics: { company: '顺丰速运', trackingNumber: 'SF1234567890' },
  review: { rating: 4, text: '好喝' },
  now,
};
const zh = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };
const en = { locale: 'en', timeZone: 'Asia/Shanghai' };

describe('renderTemplate', () => {
  it('fills every variable, with spaces around names allowed', () => {
    const body = '亲，您的订单{{order.number}}已由{{ logistics.company }}发出，运单号{{logistics.trackingNumber}}';
    expect(renderTemplate(body, full, zh)).toEqual({
      text: '亲，您的订单3912345678901234567已由顺丰速运发出，运单号SF1234567890',
      problems: [],
    });
  });
  it('formats money, items, status and dates in the agent locale', () => {
    const body = '{{order.amount}} | {{order.items}} | {{order.status}} | {{today}} | {{review.rating}}';
    expect(renderTemplate(body, full, zh).text).toBe('¥1,299.50 | 明前龙井 250g ×2和茶具 ×1 | 已发货 | 2025年6月18日 | 4');
    expect(renderTemplate(body, full, en).text).toBe('CN¥1,299.50 | 明前龙井 250g ×2 and 茶具 ×1 | shipped | June 18, 2025 | 4');
  });
  it('keeps big decimal amounts exact', () => {
    const context = { ...full, order: { ...full.order!, totalAmount: '123456789012345.67', currency: 'USD' as const } };
    expect(renderTemplate('{{order.amount}}', context, en).text).toBe('$123,456,789,012,345.67');
  });
  it('flags empty variables and keeps them as written', () => {
    const body = 'Hi {{buyer.nickname}}, order {{order.number}} ships soon';
    const result = renderTemplate(body, { ...emptyTemplateContext(now), buyer: { nickname: '  ' } }, en);
    expect(result.text).toBe(body);
    expect(result.problems).toEqual([
      { variable: 'buyer.nickname', kind: 'empty', start: 3, end: 21, textStart: 3, textEnd: 21 },
      { variable: 'order.number', kind: 'empty', start: 29, end: 45, textStart: 29, textEnd: 45 },
    ]);
  });
  it('flags unknown variables and stray braces with offsets into the filled text', () => {
    const body = '{{buyer.nickname}}您好 {{order.numbr}} {{ today';
    const result = renderTemplate(body, full, zh);
    expect(result.text).toBe('茶友小李您好 {{order.numbr}} {{ today');
    expect(result.problems.map((p) => [p.kind, p.variable, result.text.slice(p.textStart, p.textEnd), body.slice(p.start, p.end)])).toEqual([
      ['unknown', 'order.numbr', '{{order.numbr}}', '{{order.numbr}}'],
      ['unknown', '{{', '{{', '{{'],
    ]);
  });
  it('keeps emoji and CJK intact and offsets in UTF-16 units', () => {
    const context = { ...full, buyer: { nickname: '🍵小李👍' } };
    const result = renderTemplate('🎉 {{buyer.nickname}} 你好 {{review.txt}}', context, zh);
    expect(result.text).toBe('🎉 🍵小李👍 你好 {{review.txt}}');
    const [problem] = result.problems;
    expect(result.text.slice(problem?.textStart, problem?.textEnd)).toBe('{{review.txt}}');
  });
  it('isolates right-to-left values so they cannot reorder the text around them', () => {
    const context = { ...full, buyer: { nickname: 'محمد' } };
    expect(renderTemplate('你好 {{buyer.nickname}}！', context, zh).text).toBe('你好 \u2068محمد\u2069！');
    expect(renderTemplate('你好 {{buyer.nickname}}！', full, zh).text).toBe('你好 茶友小李！');
  });
  it('lists the variables a body uses', () => {
    expect(templateVariablesIn('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
  });
});
