import type { TemplateContext } from '../../../../shared';

/**
 * What the editor previews against when no conversation is open: a plausible buyer,
 * order and review, so that every variable shows what it turns into.
 */
export function sampleTemplateContext(agentName: string, now = new Date()): TemplateContext {
  return {
    buyer: { nickname: '小鹿乱撞' },
    store: { name: '西湖茶庄' },
    agent: { displayName: agentName },
    order: {
      platformOrderId: '3921004455667788',
      status: 'shipped',
      totalAmount: '268.00',
      currency: 'CNY',
      items: [{ title: '明前龙井 250g', sku: 'LJ-250', quantity: 2, unitPrice: '134.00' }],
    },
    logistics: { company: '顺丰速运', trackingNumber: 'SF1234567890' },
    review: { rating: 5, text: '茶很香，包装也很好！' },
    now,
  };
}
