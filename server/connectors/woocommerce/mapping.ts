import { z } from 'zod';
import { currencySchema, logisticsFrom, pictureUrlSchema } from '../../../shared';
import type { Currency, EventCustomer, IgnoredEvent, InboundEvent, Logistics, OrderStatus } from '../../../shared';
import { describeZodError } from '../json';
import { WOO_TRACKING_META_KEY, wooOrderSchema, wooProductDeleteSchema, wooProductSchema, wooTrackingItemSchema } from './payloads';
import type { WooOrder } from './payloads';

/**
 * WooCommerce topic → normalised events, all in this one file.
 *
 * Format source: WooCommerce REST API docs, webhooks and order properties
 * (https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks), and WooCommerce core
 * (includes/class-wc-webhook.php) for headers, signing and the ping.
 *
 * - order.created, order.updated → `order.upserted`, the status read from the order itself.
 * - the buyer's checkout note (`customer_note`) → `message.received` in the order thread, once per order.
 * - product.created, product.updated → `product.upserted` (the catalogue for product cards):
 *   name, sku, price (else regular_price), permalink, images[0].src; only `publish` is active.
 *   product.deleted → `product.archived`. Source: https://woocommerce.github.io/woocommerce-rest-api-docs/#product-properties
 * - order.deleted / order.restored, product.restored, customer.*, coupon.*, action.* → ignored.
 * - REVIEWS: WooCommerce core has no review topic (webhooks cover orders, products, customers
 *   and coupons, plus action hooks whose payload is only an id), so reviews do not arrive.
 *
 * Dedupe: X-WC-Webhook-Delivery-ID is minted per ATTEMPT (wp_hash of webhook id and time),
 * so it cannot recognise a resend. The key is the order's own state instead: order id +
 * date_modified_gmt + status, which a resend repeats and a real change does not.
 */

export type TopicMapping = { ok: true; events: InboundEvent[]; ignored: IgnoredEvent[] } | { ok: false; error: string };

/** Core statuses (wc_get_order_statuses) plus `shipped`, which common shipment plugins add. */
const STATUS: Readonly<Record<string, OrderStatus>> = {
  pending: 'created',
  'on-hold': 'created',
  processing: 'paid',
  shipped: 'shipped',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'cancelled',
  refunded: 'refunded',
};

export function mapWooCommerceTopic(topic: string, payload: unknown, deliveryId: string, storeCurrency?: Currency): TopicMapping {
  if (storeCurrency && (topic === 'product.created' || topic === 'product.updated' || topic === 'product.deleted')) {
    return mapProductTopic(topic, payload, storeCurrency);
  }
  if (topic !== 'order.created' && topic !== 'order.updated') {
    return { ok: true, events: [], ignored: [{ dedupeKey: `woocommerce:delivery:${deliveryId}`, platformType: topic, reason: 'topic not used by Huixin' }] };
  }
  const parsed = wooOrderSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, error: `${topic} payload: ${describeZodError(parsed.error)}` };
  const order = parsed.data;
  const dedupeKey = `woocommerce:order:${order.id}:${order.date_modified_gmt}:${order.status}`;
  const status = STATUS[order.status];
  if (status === undefined) {
    // checkout-draft (block checkout's unfinished cart) and statuses from plugins we do not know.
    return { ok: true, events: [], ignored: [{ dedupeKey, platformType: `${topic}:${order.status}`, reason: `order status ${order.status} is not one Huixin understands` }] };
  }
  const currency = currencySchema.safeParse(order.currency.toUpperCase());
  if (!currency.success) return { ok: false, error: `${topic} payload: currency ${order.currency} is not supported` };

  const customer = customerOf(order);
  const label = `#${order.number ?? order.id}`;
  const events: InboundEvent[] = [
    {
      type: 'order.upserted',
      dedupeKey,
      customer,
      order: {
        platformOrderId: order.id,
        status,
        currency: currency.data,
        totalAmount: order.total,
        items: order.line_items.map((item) => ({
          title: item.name,
          sku: item.sku ? item.sku : null,
          quantity: item.quantity,
          unitPrice: unitPrice(item.total, item.quantity),
          platformProductId: item.product_id ? String(item.product_id) : null,
        })),
        logistics: trackedWith(order),
        createdAt: order.date_created_gmt,
        updatedAt: order.date_modified_gmt,
      },
      note: orderNote(order, label, `${currency.data} ${order.total}`),
      occurredAt: order.date_modified_gmt,
    },
  ];
  const note = order.customer_note?.trim();
  if (note) {
    events.push({
      type: 'message.received',
      // Keyed by order: every later order.updated repeats the note; it is stored once.
      dedupeKey: `woocommerce:order-note:${order.id}`,
      customer,
      kind: 'order',
      platformThreadId: order.id,
      subject: `Order ${label}`,
      platformMessageId: `order-note-${order.id}`,
      body: note.slice(0, 20_000),
      sentAt: order.date_created_gmt,
    });
  }
  return { ok: true, events, ignored: [] };
}

/** The latest Shipment Tracking item with a provider and a number; none without the extension. */
function trackedWith(order: WooOrder): Logistics | null {
  const meta = order.meta_data.find((entry) => entry.key === WOO_TRACKING_META_KEY);
  const items = z.array(z.unknown()).safeParse(meta?.value);
  if (!items.success) return null;
  const tracked = items.data.flatMap((raw) => {
    const item = wooTrackingItemSchema.safeParse(raw);
    return item.success ? [item.data] : [];
  });
  for (const item of tracked.sort((a, b) => Number(b.date_shipped ?? 0) - Number(a.date_shipped ?? 0))) {
    const logistics = logisticsFrom(item.custom_tracking_provider || item.tracking_provider, item.tracking_number);
    if (logistics) return logistics;
  }
  return null;
}

/**
 * Product topics. Dedupe as for orders: the product's own state (id + date_modified_gmt +
 * status), because the delivery id is minted per attempt.
 */
function mapProductTopic(topic: string, payload: unknown, currency: Currency): TopicMapping {
  if (topic === 'product.deleted') {
    const parsed = wooProductDeleteSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, error: `${topic} payload: ${describeZodError(parsed.error)}` };
    const id = parsed.data.id;
    // The delete payload has no time: now is when Huixin learns of it.
    return { ok: true, events: [{ type: 'product.archived', dedupeKey: `woocommerce:product-deleted:${id}`, platformProductId: id, archivedAt: new Date().toISOString() }], ignored: [] };
  }
  const parsed = wooProductSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, error: `${topic} payload: ${describeZodError(parsed.error)}` };
  const product = parsed.data;
  const dedupeKey = `woocommerce:product:${product.id}:${product.date_modified_gmt}:${product.status}`;
  const price = product.price || product.regular_price;
  const title = product.name.trim().slice(0, 500);
  if (!price || title === '') {
    return { ok: true, events: [], ignored: [{ dedupeKey, platformType: topic, reason: 'product without a name or a price' }] };
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
          sku: product.sku?.trim() ? product.sku.trim() : null,
          price,
          currency,
          imageUrl: pictureOrNull(product.images[0]?.src),
          url: httpsOrNull(product.permalink),
          status: product.status === 'publish' ? 'active' : 'archived',
          updatedAt: product.date_modified_gmt,
        },
      },
    ],
    ignored: [],
  };
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

function orderNote(order: WooOrder, label: string, total: string): string {
  switch (order.status) {
    case 'pending': {
      const count = order.line_items.reduce((sum, item) => sum + item.quantity, 0);
      return `Order ${label} placed: ${total} (${count} ${count === 1 ? 'item' : 'items'}), awaiting payment`;
    }
    case 'on-hold':
      return `Order ${label} on hold: ${total}, awaiting payment confirmation`;
    case 'processing':
      return `Order ${label} paid: ${total}`;
    case 'shipped':
      return `Order ${label} shipped`;
    case 'completed':
      return `Order ${label} completed`;
    case 'failed':
      return `Order ${label}: payment failed`;
    case 'refunded':
      return `Order ${label} refunded: ${total}`;
    default:
      return `Order ${label} cancelled`;
  }
}

/** Line total / quantity, to the cent: the line `price` field is a float and not trusted. */
function unitPrice(total: string, quantity: number): string {
  const [whole = '0', fraction = ''] = total.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
  const each = Math.round(cents / quantity);
  return `${Math.floor(each / 100)}.${String(each % 100).padStart(2, '0')}`;
}

const emailSchema = z.email().max(320);

export function customerOf(order: WooOrder): EventCustomer {
  const emailCheck = emailSchema.safeParse(order.billing.email?.trim());
  const email = emailCheck.success ? emailCheck.data : null;
  const name = [order.billing.first_name, order.billing.last_name]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part.length > 0)
    .join(' ');
  const nickname = (name || email?.split('@')[0] || 'WooCommerce customer').slice(0, 256);
  // A guest checkout has customer_id 0: the e-mail, else the order itself, identifies the buyer.
  const platformUserId = order.customer_id > 0 ? String(order.customer_id) : email ? `guest:${email}` : `guest-order:${order.id}`;
  return { platformUserId, nickname, locale: null, email };
}
