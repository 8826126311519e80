import { randomUUID } from 'node:crypto';
import {
  ERASED_TEXT,
  reviewFlagReason,
  type Review,
  type ReviewFlagReason,
  type ReviewImage,
  type ReviewReceivedEvent,
  type SellerReply,
  MAX_REVIEW_IMAGES,
} from '../../shared';
import type { Queryable } from '../storage/database';

/**
 * Review records (migration 0008): one row per (store, platform review id). The ingest
 * writes them in the same transaction as the review thread; the outbound dispatcher sets
 * the seller's reply once the platform accepted the agent's answer. Each write returns
 * the row so the caller appends its snapshot to the store's stream.
 */

export interface ReviewRow {
  id: string;
  store_id: string;
  customer_id: string;
  conversation_id: string;
  platform_review_id: string;
  rating: number;
  body: string;
  images: ReviewImage[];
  product_title: string;
  platform_product_id: string | null;
  platform_order_id: string | null;
  seller_reply: SellerReply | null;
  flag_reason: ReviewFlagReason | null;
  created_at: Date;
  updated_at: Date;
}

export const toReview = (row: ReviewRow): Review => ({
  id: row.id,
  storeId: row.store_id,
  customerId: row.customer_id,
  conversationId: row.conversation_id,
  platformReviewId: row.platform_review_id,
  rating: row.rating,
  body: row.body,
  images: row.images,
  productTitle: row.product_title,
  platformProductId: row.platform_product_id,
  platformOrderId: row.platform_order_id,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  sellerReply: row.seller_reply,
  flagReason: row.flag_reason,
});

/** The review's fields as they are stored (everything but ids and the thread). */
export interface ReviewContent {
  rating: number;
  body: string;
  images: ReviewImage[];
  productTitle: string;
  platformProductId: string | null;
  platformOrderId: string | null;
  sellerReply: SellerReply | null;
  flagReason: ReviewFlagReason | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What a review event makes of the stored review (null: none yet). A follow-up review
 * (追评, or a platform re-sending an edited review) replaces rating and text when it is not
 * older than what is stored, so a late redelivery never rolls the review back; pictures
 * accumulate (follow-ups add pictures, they do not take the first ones away); ids and the
 * seller's reply are kept when the event does not bring them.
 */
export function mergeReview(existing: ReviewContent | null, event: ReviewReceivedEvent): ReviewContent {
  const at = new Date(event.sentAt);
  const incoming: ReviewContent = {
    rating: event.rating,
    body: event.body,
    images: event.images ?? [],
    productTitle: event.productTitle,
    platformProductId: event.platformProductId ?? null,
    platformOrderId: event.platformOrderId,
    sellerReply: event.sellerReply ?? null,
    flagReason: reviewFlagReason(event.rating, event.body),
    createdAt: at,
    updatedAt: at,
  };
  if (existing === null) return incoming;
  const newer = at.getTime() >= existing.updatedAt.getTime();
  const latest = newer ? incoming : existing;
  return {
    rating: latest.rating,
    body: latest.body,
    images: mergeImages(newer ? existing.images : incoming.images, newer ? incoming.images : existing.images),
    productTitle: latest.productTitle.trim() !== '' ? latest.productTitle : newer ? existing.productTitle : incoming.productTitle,
    platformProductId: incoming.platformProductId ?? existing.platformProductId,
    platformOrderId: incoming.platformOrderId ?? existing.platformOrderId,
    sellerReply: newer ? (incoming.sellerReply ?? existing.sellerReply) : (existing.sellerReply ?? incoming.sellerReply),
    flagReason: latest.flagReason,
    createdAt: existing.createdAt.getTime() <= at.getTime() ? existing.createdAt : at,
    updatedAt: newer ? at : existing.updatedAt,
  };
}

/** Earlier pictures first, each URL once, at most MAX_REVIEW_IMAGES. */
function mergeImages(first: readonly ReviewImage[], then: readonly ReviewImage[]): ReviewImage[] {
  const byUrl = new Map<string, ReviewImage>();
  for (const image of [...first, ...then]) if (!byUrl.has(image.url)) byUrl.set(image.url, image);
  return [...byUrl.values()].slice(0, MAX_REVIEW_IMAGES);
}

const contentOf = (row: ReviewRow): ReviewContent => ({
  rating: row.rating,
  body: row.body,
  images: row.images,
  productTitle: row.product_title,
  platformProductId: row.platform_product_id,
  platformOrderId: row.platform_order_id,
  sellerReply: row.seller_reply,
  flagReason: row.flag_reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface ReviewThread {
  storeId: string;
  customerId: string;
  conversationId: string;
}

/** Inserts or updates the review an event describes; locks the row for the transaction. */
export async function upsertReview(tx: Queryable, thread: ReviewThread, event: ReviewReceivedEvent): Promise<ReviewRow> {
  const [existing] = await tx.query<ReviewRow>('SELECT * FROM reviews WHERE store_id = $1 AND platform_review_id = $2 FOR UPDATE', [
    thread.storeId,
    event.platformReviewId,
  ]);
  const next = mergeReview(existing ? contentOf(existing) : null, event);
  const values = [
    next.rating,
    next.body,
    JSON.stringify(next.images),
    next.productTitle,
    next.platformProductId,
    next.platformOrderId,
    next.sellerReply ? JSON.stringify(next.sellerReply) : null,
    next.flagReason,
    next.createdAt,
    next.updatedAt,
  ];
  const [row] = existing
    ? await tx.query<ReviewRow>(
        `UPDATE reviews SET rating = $2, body = $3, images = $4::jsonb, product_title = $5, platform_product_id = $6,
                platform_order_id = $7, seller_reply = $8::jsonb, flag_reason = $9, created_at = $10, updated_at = $11,
                customer_id = $12, conversation_id = $13
          WHERE id = $1 RETURNING *`,
        [existing.id, ...values, thread.customerId, thread.conversationId],
      )
    : await tx.query<ReviewRow>(
        `INSERT INTO reviews (id, store_id, customer_id, conversation_id, platform_review_id, rating, body, images, product_title,
                              platform_product_id, platform_order_id, seller_reply, flag_reason, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12::jsonb, $13, $14, $15) RETURNING *`,
        [randomUUID(), thread.storeId, thread.customerId, thread.conversationId, event.platformReviewId, ...values],
      );
  if (!row) throw new Error(`review ${event.platformReviewId} was not written`);
  return row;
}

/**
 * The platform accepted the agent's answer in a review thread: it is the seller's public
 * reply now. Null when the thread has no review record (a thread from before migration 0008).
 */
export async function recordSellerReply(tx: Queryable, conversationId: string, body: string, at: Date): Promise<ReviewRow | null> {
  const [row] = await tx.query<ReviewRow>('UPDATE reviews SET seller_reply = $2::jsonb WHERE conversation_id = $1 RETURNING *', [
    conversationId,
    JSON.stringify({ body, at: at.toISOString() }),
  ]);
  return row ?? null;
}

/** A buyer's data erased on request: their reviews keep rating and product, lose text and pictures. */
export async function eraseReviews(tx: Queryable, customerId: string): Promise<ReviewRow[]> {
  return tx.query<ReviewRow>(
    `UPDATE reviews
        SET body = $2, images = '[]'::jsonb,
            seller_reply = CASE WHEN seller_reply IS NULL THEN NULL ELSE jsonb_set(seller_reply, '{body}', to_jsonb($2::text)) END
      WHERE customer_id = $1 RETURNING *`,
    [customerId, ERASED_TEXT],
  );
}

export async function reviewsOfCustomer(tx: Queryable, customerId: string): Promise<ReviewRow[]> {
  return tx.query<ReviewRow>('SELECT * FROM reviews WHERE customer_id = $1 ORDER BY created_at', [customerId]);
}
