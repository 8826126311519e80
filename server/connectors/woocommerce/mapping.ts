import { z } from 'zod';
import { currencySchema } from '../../../shared';
import type { EventCustomer, IgnoredEvent, InboundEvent, OrderStatus } from '../../../shared';
import { describeZodError } from '../json';
import { wooOrderSchema } from './payloads';
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
 * - order.deleted / order.restored, product.*, customer.*, coupon.*, action.* → ignored.
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

export function mapWooCommerceTopic(topic: string, payload: unknown, deliveryId: string): TopicMapping {
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
        })),
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
