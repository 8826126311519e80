import { describe, expect, it } from 'vitest';
import { reviewEvent, tradeRateSchema, type ReviewLookup } from './mapping';

/** Taobao review enrichment: what taobao.traderates.get gives becomes the review record's fields. */
const lookup: ReviewLookup = {
  tid: '4101',
  oid: '4102',
  dedupeKey: 'taobao:tmc:1',
  customer: { platformUserId: 'AAE8uid', nickname: '茶友', locale: 'zh-CN', email: null },
  pubTime: '2026-11-24T10:00:00+08:00',
};
const rate = (extra: Record<string, unknown> = {}) =>
  tradeRateSchema.parse({ tid: 4101, oid: 4102, role: 'buyer', result: 'bad', created: '2026-11-24 09:59:00', item_title: '西湖龙井 250g', content: '包装破损', ...extra });

describe('Taobao review enrichment', () => {
  it('takes the item id (num_iid), pictures (pic_urls, read as https) and an explanation already given', () => {
    const event = reviewEvent(lookup, rate({ num_iid: 6001234567, pic_urls: '//img.alicdn.com/rate/a.jpg,https://img.alicdn.com/rate/b.jpg, ,ftp://x/c.jpg', reply: '亲，已为您补发' }));
    expect(event).toMatchObject({
      platformReviewId: '4102',
      rating: 1,
      platformOrderId: '4101',
      platformProductId: '6001234567',
      images: [{ url: 'https://img.alicdn.com/rate/a.jpg' }, { url: 'https://img.alicdn.com/rate/b.jpg' }],
      sellerReply: { body: '亲，已为您补发', at: '2026-11-24T09:59:00+08:00' },
    });
  });

  it('has no pictures, product id or reply when TOP gives none (the public TradeRate has no picture field)', () => {
    expect(reviewEvent(lookup, rate())).toMatchObject({ images: [], platformProductId: null, sellerReply: null });
  });
});
