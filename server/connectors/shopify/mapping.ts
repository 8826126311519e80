import { z } from 'zod';
import { currencySchema, hasContact, pictureUrlSchema } from '../../../shared';
import type { BuyerContact, Currency, EventCustomer, IgnoredEvent, InboundEvent, Logistics, OrderStatus, OrderUpsertedEvent } from '../../../shared';
import { describeZodError } from '../json';
import { shopifyOrderSchema, shopifyProductDeleteSchema, shopifyProductSchema } from './payloads';
import type { ShopifyOrder, ShopifyProduct } from './payloads';

/**
 * Shopify topic → normalised events, all in this one file.
 *
 * Format source: Shopify's public webhook reference, https://shopify.dev/docs/api/webhooks
 * (order topics carry the REST Order resource).
 *
 * - orders/create, orders/paid, orders/fulfilled, orders/cancelled → `order.upserted`
 * - orders/updated → `order.upserted` only when the order was (partly) refunded: that is how
 *   a refund reaches us with the customer and the full order; other updates duplicate the
 *   dedicated topics above and are ignored.
 * - refunds/create → ignored: its payload (the Refund resource) has `order_id` but no
 *   customer and no order total, so it cannot make a complete order event; Shopify sends
 *   orders/updated with financial_status "refunded" for the same refund.
 * - the buyer's checkout note (orders/create) → `message.received` in the order thread.
 *   Shopify has no public buyer-chat API (Shopify Inbox has none), so this is the only
 *   buyer-written text a Shopify store receives.
 * - products/create, products/update → `product.upserted` (the catalogue for product cards):
 *   price and SKU of the first variant, the main image, URL https://<shop domain>/products/<handle>;
 *   `draft` and `archived` products are archived entries (not offered to agents).
 *   products/delete (payload: the id only) → `product.archived`.
 *   Source: https://shopify.dev/docs/api/admin-rest/latest/resources/product and the
 *   products/* topics in https://shopify.dev/docs/api/webhooks.
 * - anything else (customers/*, inventory_levels/*, app/uninstalled …) → ignored, never an error.
 */

export type TopicMapping = { ok: true; events: InboundEvent[]; ignored: IgnoredEvent[] } | { ok: false; error: string };

const ORDER_TOPICS = new Set(['orders/create', 'orders/paid', 'orders/fulfilled', 'orders/cancelled', 'orders/updated']);
const PRODUCT_TOPICS = new Set(['products/create', 'products/update', 'products/delete']);

/** What a product topic needs from the store: product payloads carry no currency and no shop URL. */
export interface ShopifyShop {
  currency: Currency;
  /** The shop's domain (the X-Shopify-Shop-Domain of the signed delivery). */
  domain: string;
}

export function mapShopifyTopic(topic: string, payload: unknown, dedupeKey: string, triggeredAt: string | null, shop?: ShopifyShop): TopicMapping {
  if (PRODUCT_TOPICS.has(topic) && shop) return mapProductTopic(topic, payload, dedupeKey, triggeredAt, shop);
  if (!ORDER_TOPICS.has(topic)) {
    const reason =
      topic === 'refunds/create'
        ? 'refund payload has no customer or order total; the refund arrives with orders/updated'
        : 'topic not used by Huixin';
    return { ok: true, events: [], ignored: [{ dedupeKey, platformType: topic, reason }] };
  }
  const parsed = shopifyOrderSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, error: `${topic} payload: ${describeZodError(parsed.error)}` };
  const order = parsed.data;
  const currency = currencySchema.safeParse(order.currency.toUpperCase());
  if (!currency.success) return { ok: false, error: `${topic} payload: currency ${order.currency} is not supported` };

  if (topic === 'orders/updated' && !isRefunded(order)) {
    return { ok: true, events: [], ignored: [{ dedupeKey, platformType: topic, reason: 'order update without a refund' }] };
  }

  const customer = customerOf(order);
  const occurredAt = triggeredAtOrNull(triggeredAt) ?? order.updated_at ?? order.created_at;
  const events: InboundEvent[] = [orderEvent(topic, order, currency.data, customer, dedupeKey, occurredAt)];
  const note = order.note?.trim();
  if (topic === 'orders/create' && note) {
    events.push({
      type: 'message.received',
      // Keyed by order, not by delivery: orders/paid repeats the note, we store it once.
      dedupeKey: `shopify:order-note:${order.id}`,
      customer,
      kind: 'order',
      platformThreadId: order.id,
      subject: `Order ${order.name}`,
      platformMessageId: `order-note-${order.id}`,
      body: note.slice(0, 20_000),
      sentAt: order.created_at,
    });
  }
  return { ok: true, events, ignored: [] };
}

function mapProductTopic(topic: string, payload: unknown, dedupeKey: string, triggeredAt: string | null, shop: ShopifyShop): TopicMapping {
  if (topic === 'products/delete') {
    const parsed = shopifyProductDeleteSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, error: `${topic} payload: ${describeZodError(parsed.error)}` };
    const archivedAt = triggeredAtOrNull(triggeredAt) ?? new Date().toISOString();
    return { ok: true, events: [{ type: 'product.archived', dedupeKey, platformProductId: parsed.data.id, archivedAt }], ignored: [] };
  }
  const parsed = shopifyProductSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, error: `${topic} payload: ${describeZodError(parsed.error)}` };
  const product = parsed.data;
  const title = product.title.trim().slice(0, 500);
  const variant = product.variants[0];
  if (!variant || title === '') {
    return { ok: true, events: [], ignored: [{ dedupeKey, platformType: topic, reason: 'product without a title or a variant (no price to show)' }] };
  }
  return {
    ok: true,
    events: [
      {
        type: 'product.upserted',
        dedupeKey,
        product: {
          platformProductId: product.id,
          title,
          sku: variant.sku?.trim() ? variant.sku.trim() : null,
          price: variant.price,
          currency: shop.currency,
          imageUrl: pictureOrNull(product.image?.src ?? product.images?.[0]?.src),
          url: productUrl(shop.domain, product),
          status: product.status === 'active' || product.status == null ? 'active' : 'archived',
          updatedAt: product.updated_at ?? triggeredAtOrNull(triggeredAt) ?? product.created_at ?? new Date().toISOString(),
        },
      },
    ],
    ignored: [],
  };
}

/** The storefront page of a product: https://<shop>/products/<handle> (Shopify's online-store URL scheme). */
function productUrl(domain: string, product: ShopifyProduct): string | null {
  const handle = product.handle?.trim();
  if (!handle) return null;
  return httpsOrNull(`https://${domain.toLowerCase()}/products/${encodeURIComponent(handle)}`);
}

const httpsUrl = z.url({ protocol: /^https$/ }).max(2000);
/** Only https URLs are kept: the app opens links over https only. */
function httpsOrNull(value: string | null | undefined): string | null {
  const parsed = httpsUrl.safeParse(value?.trim());
  return parsed.success ? parsed.data : null;
}

/** A product picture as the app may load it (pictureUrlSchema: https, or the demo emulator's loopback pictures); else none. */
function pictureOrNull(value: string | null | undefined): string | null {
  const parsed = pictureUrlSchema.safeParse(value?.trim());
  return parsed.success ? parsed.data : null;
}

/** The carrier and tracking number of the latest fulfillment that has both, if any. */
function shippedWith(order: ShopifyOrder): Logistics | null {
  for (const fulfillment of [...(order.fulfillments ?? [])].reverse()) {
    if (fulfillment.status === 'cancelled') continue;
    const trackingNumber = fulfillment.tracking_number ?? fulfillment.tracking_numbers?.[0];
    const company = fulfillment.tracking_company?.trim();
    if (company && trackingNumber?.trim()) return { company: company.slice(0, 100), trackingNumber: trackingNumber.trim().slice(0, 100) };
  }
  return null;
}

function orderEvent(
  topic: string,
  order: ShopifyOrder,
  currency: Currency,
  customer: EventCustomer,
  dedupeKey: string,
  occurredAt: string,
): OrderUpsertedEvent {
  const status = orderStatus(topic, order);
  return {
    type: 'order.upserted',
    dedupeKey,
    customer,
    order: {
      platformOrderId: order.id,
      status,
      currency,
      totalAmount: order.total_price,
      items: order.line_items.map((item) => ({
        title: item.variant_title ? `${item.title} (${item.variant_title})` : item.title,
        sku: item.sku ? item.sku : null,
        quantity: item.quantity,
        unitPrice: item.price,
        platformProductId: item.product_id ?? null,
      })),
      logistics: shippedWith(order),
      createdAt: order.created_at,
      updatedAt: order.updated_at ?? occurredAt,
    },
    note: orderNote(topic, order, currency),
    occurredAt,
  };
}

function isRefunded(order: ShopifyOrder): boolean {
  return order.financial_status === 'refunded' || order.financial_status === 'partially_refunded';
}

/** Shopify keeps payment and fulfilment apart; Huixin shows one status, the furthest along. */
export function orderStatus(topic: string, order: ShopifyOrder): OrderStatus {
  if (topic === 'orders/cancelled' || order.cancelled_at) return 'cancelled';
  if (order.financial_status === 'refunded') return 'refunded';
  if (order.financial_status === 'partially_refunded') return 'refund_requested';
  if (order.fulfillment_status === 'fulfilled' || topic === 'orders/fulfilled') return order.closed_at ? 'completed' : 'shipped';
  if (topic === 'orders/paid' || order.financial_status === 'paid') return 'paid';
  return 'created';
}

function orderNote(topic: string, order: ShopifyOrder, currency: Currency): string {
  const total = `${currency} ${order.total_price}`;
  switch (topic) {
    case 'orders/create': {
      const count = order.line_items.reduce((sum, item) => sum + item.quantity, 0);
      return `Order ${order.name} placed: ${total} (${count} ${count === 1 ? 'item' : 'items'})`;
    }
    case 'orders/paid':
      return `Order ${order.name} paid: ${total}`;
    case 'orders/fulfilled':
      return `Order ${order.name} fulfilled and shipped`;
    case 'orders/cancelled':
      return `Order ${order.name} cancelled${order.cancel_reason ? ` (reason: ${order.cancel_reason})` : ''}`;
    default:
      return order.financial_status === 'refunded'
        ? `Order ${order.name} refunded: ${total}`
        : `Order ${order.name} partially refunded`;
  }
}

const emailSchema = z.email().max(320);

/** The buyer as Huixin sees them: Shopify customer id, name for display, e-mail kept for replies. */
export function customerOf(order: ShopifyOrder): EventCustomer {
  const email = firstValidEmail(order.customer?.email, order.email);
  const name = [order.customer?.first_name, order.customer?.last_name]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part.length > 0)
    .join(' ');
  const nickname = (name || email?.split('@')[0] || 'Shopify customer').slice(0, 256);
  // A guest checkout has no customer record: the order itself identifies the buyer.
  const platformUserId = order.customer ? order.customer.id : email ? `guest:${email}` : `guest-order:${order.id}`;
  return { platformUserId, nickname, locale: order.customer_locale ?? null, email, contact: contactOf(order) };
}

/**
 * Real name, phone and address from the shipping address (billing when nothing ships).
 * Personal data: the server stores it in server-only columns and syncs it masked.
 */
export function contactOf(order: ShopifyOrder): BuyerContact | undefined {
  const address = order.shipping_address ?? order.billing_address ?? null;
  const clean = (value: string | null | undefined, max: number): string | null => {
    const trimmed = value?.trim() ?? '';
    return trimmed ? trimmed.slice(0, max) : null;
  };
  const realName = clean(address?.name ?? [address?.first_name, address?.last_name].filter(Boolean).join(' '), 200);
  const phone = clean(address?.phone ?? order.phone, 64);
  const street = [address?.address1, address?.address2, address?.city, [address?.province, address?.zip].filter(Boolean).join(' '), address?.country]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part.length > 0)
    .join(', ');
  const contact: BuyerContact = { realName, phone, address: clean(street, 1000), idNumber: null };
  return hasContact(contact) ? contact : undefined;
}

function firstValidEmail(...candidates: Array<string | null | undefined>): string | null {
  for (const candidate of candidates) {
    const parsed = emailSchema.safeParse(candidate?.trim());
    if (parsed.success) return parsed.data;
  }
  return null;
}

function triggeredAtOrNull(value: string | null): string | null {
  if (value === null) return null;
  return z.iso.datetime({ offset: true }).safeParse(value).success ? value : null;
}
