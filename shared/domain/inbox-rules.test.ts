import { describe, expect, it } from 'vitest';
import { cardText, orderCard } from './cards';
import { PLATFORMS } from './platforms';
import { PLATFORM_CAPABILITIES, canReply } from './capabilities';
import { hasNegativeWords, isNegativeReview } from './sentiment';

describe('negative reviews', () => {
  it.each([
    [1, 'fine', true],
    [2, '', true],
    [3, 'ok', false],
    [5, '质量差，不推荐', true],
    [5, '包装破损了', true],
    [4, 'The handle arrived BROKEN', true],
    [4, 'never   again', true],
    [5, 'unbroken seal, great', false],
    [5, '很满意，下次还来', false],
  ] as const)('rating %d, "%s" → %s', (rating, text, negative) => {
    expect(isNegativeReview(rating, text)).toBe(negative);
  });

  it('matches English words whole, not inside other words', () => {
    expect(hasNegativeWords('refund please')).toBe(true);
    expect(hasNegativeWords('refundable deposit')).toBe(false);
  });
});

describe('order cards', () => {
  const order = {
    id: 'o1', storeId: 's', customerId: 'c', platformOrderId: '9007199254740993', status: 'shipped' as const,
    currency: 'CNY' as const, totalAmount: '398.00', createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
    items: [
      { title: '真丝围巾', sku: 'S1', quantity: 2, unitPrice: '99.00' },
      { title: 'Gift box', sku: null, quantity: 1, unitPrice: '200.00' },
    ],
  };
  it('summarises the order and has a text form for platforms without cards', () => {
    const card = orderCard(order);
    expect(card).toEqual({ type: 'order', platformOrderId: '9007199254740993', title: '真丝围巾 +1', status: 'shipped', totalAmount: '398.00', currency: 'CNY', itemCount: 3 });
    expect(cardText(card)).toBe('📦 #9007199254740993\n真丝围巾 +1\nCNY 398.00 · shipped');
  });
});

describe('capability table', () => {
  it('covers every platform', () => {
    expect(Object.keys(PLATFORM_CAPABILITIES).sort()).toEqual([...PLATFORMS].sort());
  });
  it('offers replies only where the platform allows them', () => {
    expect(canReply('shopify', 'chat')).toBe(true);
    expect(canReply('shopify', 'review')).toBe(false);
    expect(canReply('taobao', 'review')).toBe(true);
    expect(canReply('wechat', 'comment')).toBe(false);
    // The WeChat connector sends only in chat threads: WeChat Store buyers cannot be messaged.
    expect(canReply('wechat', 'chat')).toBe(true);
    expect(canReply('wechat', 'order')).toBe(false);
    expect(canReply('weibo', 'comment')).toBe(true);
  });
});
