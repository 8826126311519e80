import { describe, expect, it } from 'vitest';
import { reviewReceivedEventSchema } from '../ingest/events';
import { reviewImageSchema, reviewSchema } from './entities';
import { toReviewImages } from './review-images';
import { reviewFlagReason } from './sentiment';

describe('review pictures', () => {
  it('accepts https, and http only on a loopback host (the demo emulator)', () => {
    expect(reviewImageSchema.safeParse({ url: 'https://img30.360buyimg.com/shaidan/a.jpg' }).success).toBe(true);
    expect(reviewImageSchema.safeParse({ url: 'http://127.0.0.1:3211/review-images/a.svg' }).success).toBe(true);
    expect(reviewImageSchema.safeParse({ url: 'http://img.example.com/a.jpg' }).success).toBe(false);
    expect(reviewImageSchema.safeParse({ url: ['javascript', 'alert(1)'].join(':') }).success).toBe(false);
    expect(reviewImageSchema.safeParse({ url: 'data:image/png;base64,AAAA' }).success).toBe(false);
    expect(reviewImageSchema.safeParse({ url: 'https://a.example/x.jpg', thumbnailUrl: 'http://a.example/t.jpg' }).success).toBe(false);
  });

  it('reads protocol-relative and CDN http pictures as https, drops junk and repeats', () => {
    expect(
      toReviewImages([
        { url: '//img.alicdn.com/bao/uploaded/i4/O1CN01-rate.jpg' },
        { url: 'http://img30.360buyimg.com/shaidan/b.jpg', thumbnailUrl: '//img30.360buyimg.com/n0/s128x96_b.jpg' },
        { url: 'https://img.alicdn.com/bao/uploaded/i4/O1CN01-rate.jpg' },
        { url: 'ftp://example.com/c.jpg' },
        { url: 'not a url' },
        { url: 'http://127.0.0.1:3211/review-images/d.svg' },
      ]),
    ).toEqual([
      { url: 'https://img.alicdn.com/bao/uploaded/i4/O1CN01-rate.jpg' },
      { url: 'https://img30.360buyimg.com/shaidan/b.jpg', thumbnailUrl: 'https://img30.360buyimg.com/n0/s128x96_b.jpg' },
      { url: 'http://127.0.0.1:3211/review-images/d.svg' },
    ]);
    expect(toReviewImages(Array.from({ length: 30 }, (_, i) => ({ url: `https://cdn.example/${i}.jpg` })))).toHaveLength(20);
  });
});

describe('review event and record schemas', () => {
  const event = {
    type: 'review.received',
    dedupeKey: 'k',
    customer: { platformUserId: 'u', nickname: 'n' },
    platformReviewId: 'r',
    rating: 4,
    body: 'ok',
    productTitle: 'Tea',
    sentAt: '2026-11-24T10:00:00.000Z',
  };

  it('keeps events from before pictures existed valid (no images, no product id)', () => {
    const parsed = reviewReceivedEventSchema.parse(event);
    expect(parsed.images).toBeUndefined();
    expect(parsed.platformProductId).toBeUndefined();
    expect(parsed.platformOrderId).toBeNull();
  });

  it('checks ratings and pictures of events', () => {
    expect(reviewReceivedEventSchema.safeParse({ ...event, rating: 6 }).success).toBe(false);
    expect(reviewReceivedEventSchema.safeParse({ ...event, images: [{ url: 'http://tracker.example/p.gif' }] }).success).toBe(false);
    expect(reviewReceivedEventSchema.parse({ ...event, images: [{ url: 'https://cdn.example/1.jpg' }], platformProductId: '6001' })).toMatchObject({
      images: [{ url: 'https://cdn.example/1.jpg' }],
      platformProductId: '6001',
    });
  });

  it('parses a synced review and refuses an unknown flag reason', () => {
    const record = {
      id: 'rv',
      storeId: 's',
      customerId: 'c',
      conversationId: 'cv',
      platformReviewId: 'r',
      rating: 1,
      body: '破损',
      images: [],
      productTitle: 'Tea',
      platformProductId: null,
      platformOrderId: '1',
      createdAt: '2026-11-24T10:00:00.000Z',
      updatedAt: '2026-11-24T10:00:00.000Z',
      sellerReply: { body: 'Sorry', at: '2026-11-24T11:00:00.000Z' },
      flagReason: 'low_rating',
    };
    expect(reviewSchema.parse(record)).toEqual(record);
    expect(reviewSchema.safeParse({ ...record, flagReason: 'angry' }).success).toBe(false);
  });

  it('says why a review is flagged: low rating first, then unhappy words', () => {
    expect(reviewFlagReason(1, 'great')).toBe('low_rating');
    expect(reviewFlagReason(5, '包装破损了')).toBe('negative_words');
    expect(reviewFlagReason(4, 'Lovely tea')).toBeNull();
  });
});
