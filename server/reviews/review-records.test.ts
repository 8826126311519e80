import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncEvents, mutationAckSchema, reviewSchema, type InboundEvent, type Review, type ReviewReceivedEvent } from '../../shared';
import { startTestServer, type SyncClient, type TestServer } from '../testing/test-server';

let server: TestServer;
let client: SyncClient;
let storeId: string;

beforeAll(async () => {
  server = await startTestServer({ outbound: { baseDelayMs: 10, maxDelayMs: 40, maxAttempts: 2, sendTimeoutMs: 300, pollIntervalMs: 500 } });
  storeId = (await server.addStore('Review store')).id;
  const agent = await server.addUser('review-agent', 'agent');
  await server.grant(storeId, agent.id);
  client = await server.connect((await server.login('review-agent')).token);
});
afterAll(() => server.stop());

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 10, minute)).toISOString();
const ingest = (...events: InboundEvent[]) => server.ingest.ingestDelivery(storeId, { events, ignored: [] });

function review(overrides: Partial<ReviewReceivedEvent> = {}): ReviewReceivedEvent {
  return {
    type: 'review.received',
    dedupeKey: `review-${randomUUID()}`,
    customer: { platformUserId: 'reviewer-1', nickname: '茶友', locale: 'zh-CN', email: null },
    platformReviewId: 'rv-1',
    rating: 5,
    body: '茶香浓郁，回购！',
    productTitle: '西湖龙井 2026 明前特级 250g',
    platformOrderId: '4101',
    sentAt: at(0),
    images: [{ url: 'https://img.example.com/rate/1.jpg', thumbnailUrl: 'https://img.example.com/rate/1_120.jpg' }],
    platformProductId: '6001',
    ...overrides,
  };
}

/** The latest synced snapshot of every review of the store, as a client would hold them. */
async function syncedReviews(): Promise<Review[]> {
  const rows = await server.database.query<{ data: unknown }>(
    `SELECT DISTINCT ON (entity_id) data FROM changes WHERE stream = $1 AND entity = 'review' ORDER BY entity_id, seq DESC`,
    [`store:${storeId}`],
  );
  return rows.map((row) => reviewSchema.parse(row.data));
}
const reviewOf = async (platformReviewId: string) => (await syncedReviews()).find((r) => r.platformReviewId === platformReviewId);

describe('review records', () => {
  it('stores a review once with its pictures, product and order, beside its thread, and syncs it', async () => {
    const event = review();
    expect(await ingest(event)).toMatchObject({ stored: 1, duplicates: 0 });
    expect(await ingest(event)).toMatchObject({ stored: 0, duplicates: 1 }); // redelivery
    const [count] = await server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM reviews WHERE store_id = $1', [storeId]);
    expect(count?.n).toBe(1);
    const stored = await reviewOf('rv-1');
    const [thread] = await server.database.query<{ id: string; customer_id: string }>(
      "SELECT id, customer_id FROM conversations WHERE store_id = $1 AND kind = 'review' AND platform_thread_id = 'rv-1'",
      [storeId],
    );
    expect(stored).toMatchObject({
      conversationId: thread?.id,
      customerId: thread?.customer_id,
      rating: 5,
      body: '茶香浓郁，回购！',
      images: [{ url: 'https://img.example.com/rate/1.jpg', thumbnailUrl: 'https://img.example.com/rate/1_120.jpg' }],
      productTitle: '西湖龙井 2026 明前特级 250g',
      platformProductId: '6001',
      platformOrderId: '4101',
      sellerReply: null,
      flagReason: null,
      createdAt: at(0),
    });
  });

  it('updates the same record with a follow-up review: latest text and rating, pictures added, flagged when unhappy', async () => {
    await ingest(
      review({
        rating: 2,
        body: '喝了两周，发现有点发霉，很失望',
        sentAt: at(30),
        images: [{ url: 'https://img.example.com/rate/1.jpg' }, { url: 'https://img.example.com/rate/2.jpg' }],
        platformProductId: null,
      }),
    );
    const updated = await reviewOf('rv-1');
    expect(updated).toMatchObject({
      rating: 2,
      body: '喝了两周，发现有点发霉，很失望',
      images: [{ url: 'https://img.example.com/rate/1.jpg', thumbnailUrl: 'https://img.example.com/rate/1_120.jpg' }, { url: 'https://img.example.com/rate/2.jpg' }],
      platformProductId: '6001',
      flagReason: 'low_rating',
      createdAt: at(0),
      updatedAt: at(30),
    });
    const [count] = await server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM reviews WHERE store_id = $1', [storeId]);
    expect(count?.n).toBe(1);
  });

  it('does not roll a review back when an older version arrives late', async () => {
    await ingest(review({ rating: 4, body: 'an older edit', sentAt: at(10) }));
    expect(await reviewOf('rv-1')).toMatchObject({ rating: 2, body: '喝了两周，发现有点发霉，很失望', updatedAt: at(30) });
  });

  it('flags five stars with unhappy words as negative_words', async () => {
    await ingest(review({ platformReviewId: 'rv-2', dedupeKey: 'rv-2', rating: 5, body: 'Five stars but the box arrived damaged', images: undefined }));
    expect(await reviewOf('rv-2')).toMatchObject({ flagReason: 'negative_words', images: [] });
  });

  it('refuses a review whose picture is not https, and stores nothing of the delivery', async () => {
    const before = await server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE store_id = $1', [storeId]);
    const bad = { ...review({ platformReviewId: 'rv-3', dedupeKey: 'rv-3' }), images: [{ url: 'http://img.example.com/tracker.gif' }] };
    await expect(ingest(bad)).rejects.toThrow(/https/);
    const after = await server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE store_id = $1', [storeId]);
    expect(after[0]?.n).toBe(before[0]?.n);
    expect(await reviewOf('rv-3')).toBeUndefined();
  });

  it("records the agent's answer as the seller's reply once the platform accepted it, not when it failed", async () => {
    const conversationId = (await reviewOf('rv-2'))?.conversationId;
    const send = async (body: string) => {
      const messageId = randomUUID();
      const ack = mutationAckSchema.parse(
        await client.request(SyncEvents.mutate, {
          mutationId: randomUUID(),
          createdAt: new Date().toISOString(),
          payload: { type: 'message.send', conversationId, messageId, body },
        }),
      );
      expect(ack.status).toBe('applied');
      return messageId;
    };
    server.connector.script.push({ ok: false, permanent: true, reason: 'review closed for replies' });
    const refused = await send('Refused answer');
    await client.waitForChange((c) => c.entity === 'message' && c.data.id === refused && c.data.delivery === 'failed');
    expect((await reviewOf('rv-2'))?.sellerReply).toBeNull();

    await send('非常抱歉，我们马上为您补发一盒。');
    const change = await client.waitForChange((c) => c.entity === 'review' && c.data.platformReviewId === 'rv-2' && c.data.sellerReply !== null);
    if (change.entity !== 'review') throw new Error('not a review');
    expect(change.data.sellerReply?.body).toBe('非常抱歉，我们马上为您补发一盒。');
    expect((await reviewOf('rv-2'))?.sellerReply?.body).toBe('非常抱歉，我们马上为您补发一盒。');
  });

  it("keeps a reply the platform reports (answered in the platform's own workbench)", async () => {
    await ingest(review({ platformReviewId: 'rv-4', dedupeKey: 'rv-4', sellerReply: { body: '感谢支持', at: at(50) }, sentAt: at(45) }));
    expect((await reviewOf('rv-4'))?.sellerReply).toEqual({ body: '感谢支持', at: at(50) });
  });
});
