import { z } from 'zod';
import {
  conversationKindSchema,
  httpsUrlSchema,
  isoTimeSchema,
  logisticsSchema,
  moneySchema,
  orderItemSchema,
  orderStatusSchema,
  pictureUrlSchema,
  productStatusSchema,
  MAX_REVIEW_IMAGES,
  reviewImageSchema,
  sellerReplySchema,
} from '../domain/entities';
import { currencySchema } from '../domain/platforms';
import { buyerContactSchema } from '../privacy/contact';

/**
 * Normalised inbound events: what every connector turns a platform's native payload
 * into, in one place per platform. The ingest service stores only these, so storage
 * never learns a platform's wire format.
 */

export const eventCustomerSchema = z.object({
  platformUserId: z.string().min(1).max(256),
  nickname: z.string().max(256),
  locale: z.string().max(35).nullable().default(null),
  /**
   * Contact address when the platform gives one (Shopify, WooCommerce). Personal data:
   * kept in a server-only column for reply-by-email, never synced to clients.
   */
  email: z.email().max(320).nullable().default(null),
  /**
   * Real name, phone, address, ID number when the platform gives them (Shopify's shipping
   * address). Personal data: stored in server-only columns, synced only masked.
   */
  contact: buyerContactSchema.optional(),
});
export type EventCustomer = z.infer<typeof eventCustomerSchema>;

/**
 * `dedupeKey` is built from the platform's own delivery or event id; the same key twice
 * for one store is stored once (redelivery, replay, at-least-once message services).
 */
const base = {
  dedupeKey: z.string().min(1).max(300),
  customer: eventCustomerSchema,
};

export const messageReceivedEventSchema = z.object({
  type: z.literal('message.received'),
  ...base,
  kind: conversationKindSchema,
  /** The platform's thread id when it has one; else one thread per customer and kind. */
  platformThreadId: z.string().max(256).nullable().default(null),
  subject: z.string().max(500).nullable().default(null),
  platformMessageId: z.string().min(1).max(256),
  body: z.string().max(20_000),
  sentAt: isoTimeSchema,
});

export const orderUpsertedEventSchema = z.object({
  type: z.literal('order.upserted'),
  ...base,
  order: z.object({
    platformOrderId: z.string().min(1).max(128),
    status: orderStatusSchema,
    currency: currencySchema,
    totalAmount: moneySchema,
    items: z.array(orderItemSchema).max(500),
    /** Set by shipping events; a later event without it keeps what is known. */
    logistics: logisticsSchema.nullish(),
    createdAt: isoTimeSchema,
    updatedAt: isoTimeSchema,
  }),
  /** A one-line system message for the order thread, e.g. "Order #1001 paid: USD 59.00". */
  note: z.string().max(1000),
  occurredAt: isoTimeSchema,
});

export const reviewReceivedEventSchema = z.object({
  type: z.literal('review.received'),
  ...base,
  platformReviewId: z.string().min(1).max(256),
  rating: z.number().int().min(1).max(5),
  body: z.string().max(20_000),
  productTitle: z.string().max(500),
  platformOrderId: z.string().max(128).nullable().default(null),
  sentAt: isoTimeSchema,
  // Added with the review record (migration 0008); optional, so older producers stay valid.
  /** The buyer's pictures, none when absent (connectors keep only https ones, see shared/domain/review-images.ts). */
  images: z.array(reviewImageSchema).max(MAX_REVIEW_IMAGES).optional(),
  /** The platform's product (item / SKU) id when the review names it. */
  platformProductId: z.string().max(128).nullish(),
  /** The seller's reply as the platform already shows it (answered elsewhere, e.g. in JD's workbench). */
  sellerReply: sellerReplySchema.nullish(),
});

/**
 * A catalogue entry from the platform's product feed (Shopify products/*, WooCommerce
 * product.*). Not a buyer event: no customer, no conversation. A deleted product arrives
 * as `archived`. `updatedAt` is the platform's own modification time: an older event
 * arriving late does not roll the entry back.
 */
export const productUpsertedEventSchema = z.object({
  type: z.literal('product.upserted'),
  dedupeKey: z.string().min(1).max(300),
  product: z.object({
    platformProductId: z.string().min(1).max(128),
    title: z.string().min(1).max(500),
    sku: z.string().max(128).nullable(),
    price: moneySchema,
    currency: currencySchema,
    imageUrl: pictureUrlSchema.nullable(),
    url: httpsUrlSchema.nullable(),
    status: productStatusSchema,
    updatedAt: isoTimeSchema,
  }),
});

/**
 * The platform deleted a product (Shopify products/delete, WooCommerce product.deleted):
 * its catalogue entry is archived, not removed, so cards already sent keep making sense.
 * Delete payloads carry only the id; a product the catalogue never had changes nothing.
 */
export const productArchivedEventSchema = z.object({
  type: z.literal('product.archived'),
  dedupeKey: z.string().min(1).max(300),
  platformProductId: z.string().min(1).max(128),
  archivedAt: isoTimeSchema,
});

export const inboundEventSchema = z.discriminatedUnion('type', [
  messageReceivedEventSchema,
  orderUpsertedEventSchema,
  reviewReceivedEventSchema,
  productUpsertedEventSchema,
  productArchivedEventSchema,
]);
export type InboundEvent = z.infer<typeof inboundEventSchema>;
export type MessageReceivedEvent = z.infer<typeof messageReceivedEventSchema>;
export type OrderUpsertedEvent = z.infer<typeof orderUpsertedEventSchema>;
export type ReviewReceivedEvent = z.infer<typeof reviewReceivedEventSchema>;
export type ProductUpsertedEvent = z.infer<typeof productUpsertedEventSchema>;
export type ProductArchivedEvent = z.infer<typeof productArchivedEventSchema>;

/** A native event the connector understood but Huixin does not use (recorded, not stored). */
export const ignoredEventSchema = z.object({
  dedupeKey: z.string().min(1).max(300),
  platformType: z.string().max(200),
  reason: z.string().max(500),
});
export type IgnoredEvent = z.infer<typeof ignoredEventSchema>;
