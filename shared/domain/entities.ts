import { z } from 'zod';
import { buyerContactSchema } from '../privacy/contact';
import { currencySchema, platformSchema } from './platforms';

/**
 * The entities that the server stores and syncs to clients. These are the shapes that
 * cross the socket (inside sync changes) and live in the client's Dexie cache, so they
 * never carry secrets: store credentials stay on the server.
 *
 * Times are ISO-8601 strings in UTC. Money is a decimal string in the currency's major
 * unit ("199.00") so that no float rounding ever touches a price. Platform ids are
 * strings: Shopify order ids exceed 2^53 and would lose digits as JS numbers.
 */

export const isoTimeSchema = z.iso.datetime({ offset: true });
export const idSchema = z.string().min(1).max(128);
export const moneySchema = z.string().regex(/^-?\d{1,15}(\.\d{1,4})?$/, 'a decimal amount such as 199.00');

/**
 * A picture the app shows straight from a platform's CDN: product pictures (catalogue
 * entries, product cards) and buyers' review pictures. Only https is accepted; the one
 * exception is http on a loopback host, where the demo's storefront emulator serves its
 * generated pictures (no real platform does). The Electron CSP lets such pictures load
 * only while the backend itself is on loopback (docs/security-electron.md).
 */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);
export const pictureUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname);
  }, 'an https URL');

export const ROLES = ['agent', 'lead', 'owner'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const userSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(64),
  displayName: z.string().min(1).max(128),
  role: roleSchema,
  /** May reveal buyers' masked personal data (always true for leads and owners). */
  canRevealPii: z.boolean().optional(),
});
export type User = z.infer<typeof userSchema>;

export const storeSchema = z.object({
  id: idSchema,
  platform: platformSchema,
  name: z.string().min(1).max(200),
  currency: currencySchema,
  createdAt: isoTimeSchema,
});
export type Store = z.infer<typeof storeSchema>;

export const customerSchema = z.object({
  id: idSchema,
  storeId: idSchema,
  platform: platformSchema,
  /** The buyer's id on the platform (open id, customer id, buyer nick …). */
  platformUserId: z.string().min(1).max(256),
  nickname: z.string().max(256),
  /** Buyer's preferred language when the platform tells us (BCP-47), else null. */
  locale: z.string().max(35).nullable(),
  createdAt: isoTimeSchema,
  /**
   * The buyer's contact data, MASKED by the server (138****5678): the unmasked value
   * never leaves it except through an audited reveal. Absent when the platform gave none.
   */
  contact: buyerContactSchema.nullable().optional(),
  /** Set when the buyer's personal data was erased on request: the record is a tombstone. */
  erasedAt: isoTimeSchema.nullable().optional(),
  /**
   * Customers with the same linkId are one person across stores, linked by an owner or
   * lead (customer.link). Null when not linked.
   */
  linkId: idSchema.nullable().default(null),
});
export type Customer = z.infer<typeof customerSchema>;

export const CONVERSATION_KINDS = ['chat', 'order', 'review', 'comment'] as const;
export const conversationKindSchema = z.enum(CONVERSATION_KINDS);
export type ConversationKind = z.infer<typeof conversationKindSchema>;

/** `snoozed` threads wake up as `open` at `snoozedUntil`, or earlier when the buyer writes. */
export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const;
export const conversationStatusSchema = z.enum(CONVERSATION_STATUSES);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const prioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof prioritySchema>;

/** A tag as stored: trimmed, lower-case, no commas (typed by agents, shown as chips). */
export const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(32)
  .regex(/^[^,\s][^,]*$/, 'a tag without commas');
export const MAX_TAGS = 20;

export const MESSAGE_DIRECTIONS = ['in', 'out', 'note', 'system'] as const;
export const messageDirectionSchema = z.enum(MESSAGE_DIRECTIONS);
export type MessageDirection = z.infer<typeof messageDirectionSchema>;

export const conversationSchema = z.object({
  id: idSchema,
  storeId: idSchema,
  customerId: idSchema,
  kind: conversationKindSchema,
  /** Short line shown under the customer name, e.g. an order number or product title. */
  subject: z.string().max(500).nullable(),
  status: conversationStatusSchema,
  assigneeId: idSchema.nullable(),
  lastMessageAt: isoTimeSchema,
  lastMessagePreview: z.string().max(500),
  lastMessageDirection: messageDirectionSchema,
  /** When the oldest inbound message that has had no answer arrived; null when nobody waits. */
  waitingSince: isoTimeSchema.nullable(),
  /** Time of the latest inbound message; drives the client's unread state. */
  lastInboundAt: isoTimeSchema.nullable(),
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
  // Added in issue 3; the defaults read snapshots written before these fields existed.
  priority: prioritySchema.default('normal'),
  tags: z.array(tagSchema).max(MAX_TAGS).default([]),
  /** Set while status is `snoozed`: when the thread wakes up as `open`. */
  snoozedUntil: isoTimeSchema.nullable().default(null),
});
export type Conversation = z.infer<typeof conversationSchema>;

/**
 * A card an agent sends into a chat. Platforms with a card API render it natively; the
 * others get the text form in the message body (see shared/domain/cards.ts).
 */
export const messageCardSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('order'),
    platformOrderId: z.string().min(1).max(128),
    title: z.string().max(500),
    status: z.string().max(64),
    totalAmount: z.string().max(32),
    currency: z.string().max(8),
    itemCount: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal('product'),
    title: z.string().min(1).max(500),
    sku: z.string().max(128).nullable(),
    price: z.string().max(32),
    currency: z.string().max(8),
    // Added with the product catalogue; absent on cards sent before it.
    platformProductId: z.string().min(1).max(128).optional(),
    imageUrl: pictureUrlSchema.nullable().optional(),
    url: z.url({ protocol: /^https$/ }).max(2000).nullable().optional(),
  }),
]);
export type MessageCard = z.infer<typeof messageCardSchema>;

/**
 * Delivery of a message: inbound ones are `received`; outbound ones go
 * `pending` (stored, not yet accepted by the platform) → `sent`, or `failed` with a reason.
 */
export const DELIVERY_STATES = ['received', 'pending', 'sent', 'failed'] as const;
export const deliveryStateSchema = z.enum(DELIVERY_STATES);
export type DeliveryState = z.infer<typeof deliveryStateSchema>;

export const messageSchema = z.object({
  id: idSchema,
  conversationId: idSchema,
  storeId: idSchema,
  direction: messageDirectionSchema,
  /** The agent who wrote an outbound message or note; null for buyer and system messages. */
  authorId: idSchema.nullable(),
  body: z.string().max(20_000),
  /** When the message happened on the platform (buyer's send time, or our send time). */
  sentAt: isoTimeSchema,
  delivery: deliveryStateSchema,
  failureReason: z.string().max(1000).nullable(),
  platformMessageId: z.string().max(256).nullable(),
  createdAt: isoTimeSchema,
  /** An order or product card sent into the chat; `body` holds its text form. */
  card: messageCardSchema.nullable().default(null),
});
export type Message = z.infer<typeof messageSchema>;

export const orderItemSchema = z.object({
  title: z.string().max(500),
  sku: z.string().max(128).nullable(),
  quantity: z.number().int().positive(),
  unitPrice: moneySchema,
  /** The platform's product id when the order names it (Shopify product_id, WooCommerce product_id); feeds the catalogue. */
  platformProductId: z.string().min(1).max(128).nullish(),
});
export type OrderItem = z.infer<typeof orderItemSchema>;

/** Who carries a shipped order, when the platform says. */
export const logisticsSchema = z.object({
  company: z.string().min(1).max(100),
  trackingNumber: z.string().min(1).max(100),
});
export type Logistics = z.infer<typeof logisticsSchema>;

export const ORDER_STATUSES = ['created', 'paid', 'shipped', 'completed', 'refund_requested', 'refunded', 'cancelled'] as const;
export const orderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const orderSchema = z.object({
  id: idSchema,
  storeId: idSchema,
  customerId: idSchema,
  /** The platform's order number, always a string (Shopify ids exceed 2^53). */
  platformOrderId: z.string().min(1).max(128),
  status: orderStatusSchema,
  currency: currencySchema,
  totalAmount: moneySchema,
  items: z.array(orderItemSchema).max(500),
  /** Carrier and tracking number once shipped; absent before, or where the platform gives none. */
  logistics: logisticsSchema.nullish(),
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
});
export type Order = z.infer<typeof orderSchema>;

/** An https URL (product pages: the app opens links over https only). */
export const httpsUrlSchema = z.url({ protocol: /^https$/ }).max(2000);

export const PRODUCT_STATUSES = ['active', 'archived'] as const;
export const productStatusSchema = z.enum(PRODUCT_STATUSES);
export type ProductStatus = z.infer<typeof productStatusSchema>;

/**
 * A catalogue entry of one store, one per (storeId, platformProductId). Filled by the
 * platform's product feed (Shopify, WooCommerce webhooks), by order line items of products
 * not seen before, and by owners and leads by hand (server/products/). Agents send it into
 * a chat as a product card.
 */
export const productSchema = z.object({
  id: idSchema,
  storeId: idSchema,
  platformProductId: z.string().min(1).max(128),
  title: z.string().min(1).max(500),
  sku: z.string().max(128).nullable(),
  price: moneySchema,
  currency: currencySchema,
  imageUrl: pictureUrlSchema.nullable(),
  url: httpsUrlSchema.nullable(),
  status: productStatusSchema,
  updatedAt: isoTimeSchema,
});
export type Product = z.infer<typeof productSchema>;

/** A picture a buyer attached to a review (the same URL rule as product pictures: pictureUrlSchema). */
export const reviewImageSchema = z.object({
  url: pictureUrlSchema,
  /** A smaller rendition when the platform offers one; else the app scales `url`. */
  thumbnailUrl: pictureUrlSchema.optional(),
});
export type ReviewImage = z.infer<typeof reviewImageSchema>;
export const MAX_REVIEW_IMAGES = 20;

/** Why a review needs an answer (shared/domain/sentiment.ts): a low rating, or unhappy words. */
export const REVIEW_FLAG_REASONS = ['low_rating', 'negative_words'] as const;
export const reviewFlagReasonSchema = z.enum(REVIEW_FLAG_REASONS);
export type ReviewFlagReason = z.infer<typeof reviewFlagReasonSchema>;

export const sellerReplySchema = z.object({
  body: z.string().max(20_000),
  at: isoTimeSchema,
});
export type SellerReply = z.infer<typeof sellerReplySchema>;

/**
 * A buyer's review of a product, one per platform review id and store. Its thread (kind
 * `review`) holds the buyer's text as messages and the agents' answers; this record is the
 * review itself: the latest rating and text, every picture, the product and order, and
 * the seller's public reply once one was accepted by the platform.
 */
export const reviewSchema = z.object({
  id: idSchema,
  storeId: idSchema,
  customerId: idSchema,
  conversationId: idSchema,
  platformReviewId: z.string().min(1).max(256),
  rating: z.number().int().min(1).max(5),
  body: z.string().max(20_000),
  images: z.array(reviewImageSchema).max(MAX_REVIEW_IMAGES),
  productTitle: z.string().max(500),
  platformProductId: z.string().max(128).nullable(),
  platformOrderId: z.string().max(128).nullable(),
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
  sellerReply: sellerReplySchema.nullable(),
  flagReason: reviewFlagReasonSchema.nullable(),
});
export type Review = z.infer<typeof reviewSchema>;
