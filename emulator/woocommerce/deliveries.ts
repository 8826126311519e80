import { createHmac, randomBytes } from 'node:crypto';
import type { ChannelOrder, ChannelScenario } from '../channelTraffic';
import type { NativeRequest } from '../webhookDelivery';
import { NATIVE_CARRIER_CODES, type Shipment } from '../shipments';
import { emulatedProductId } from '../productFeed';

/**
 * Renders scenarios as WooCommerce webhook deliveries, as WooCommerce core sends them
 * (includes/class-wc-webhook.php): JSON REST v3 Order resource, headers X-WC-Webhook-Source,
 * -Topic, -Resource, -Event, -Signature (base64 HMAC-SHA256 of the body with the secret), -ID,
 * -Delivery-ID (a fresh hash per attempt), User-Agent "WooCommerce/x Hookshot (WordPress/y)".
 */

export interface WooEmulatedCredentials {
  webhookSecret: string;
  siteUrl: string;
  mailRelayToken: string;
}

const STATUS: Record<ChannelOrder['status'], string> = {
  created: 'pending',
  paid: 'processing',
  shipped: 'processing',
  completed: 'completed',
  cancelled: 'cancelled',
  refund_requested: 'refunded',
  refunded: 'refunded',
};

export function woocommerceSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('base64');
}

export function woocommerceRequestsFor(scenario: ChannelScenario, credentials: WooEmulatedCredentials): NativeRequest[] {
  if (scenario.kind !== 'order-step') return [];
  // WooCommerce has no "shipped" status in core; the Shipment Tracking extension saving its
  // tracking meta updates the order (still "processing"), which sends order.updated.
  const topic = scenario.step === 'create' ? 'order.created' : 'order.updated';
  return [buildWooCommerceRequest(scenario.storeId, topic, JSON.stringify(orderResource(scenario.order)), credentials)];
}

export function buildWooCommerceRequest(storeId: string, topic: string, body: string, credentials: WooEmulatedCredentials, secret = credentials.webhookSecret): NativeRequest {
  const [resource = '', event = ''] = topic.split('.');
  return {
    storeId,
    platform: 'woocommerce',
    label: topic,
    method: 'POST',
    query: {},
    headers: {
      'content-type': 'application/json',
      'user-agent': 'WooCommerce/9.8.1 Hookshot (WordPress/6.8)',
      'x-wc-webhook-source': `${credentials.siteUrl.replace(/\/$/, '')}/`,
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-resource': resource,
      'x-wc-webhook-event': event,
      'x-wc-webhook-signature': woocommerceSignature(secret, body),
      'x-wc-webhook-id': '12',
      'x-wc-webhook-delivery-id': randomBytes(16).toString('hex'),
    },
    body,
  };
}

/** The ping WooCommerce sends when a webhook is saved: form-encoded, unsigned. */
export function woocommercePing(storeId: string): NativeRequest {
  return {
    storeId,
    platform: 'woocommerce',
    label: 'ping',
    method: 'POST',
    query: {},
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'WooCommerce/9.8.1 Hookshot (WordPress/6.8)' },
    body: 'webhook_id=12',
  };
}

function gmt(date: Date): string {
  return date.toISOString().slice(0, 19);
}

function orderResource(order: ChannelOrder): Record<string, unknown> {
  const [first = '', last = ''] = order.buyer.name.split(' ');
  return {
    id: Number(order.id),
    parent_id: 0,
    number: order.id,
    order_key: `wc_order_${order.id}`,
    created_via: 'checkout',
    version: '9.8.1',
    status: STATUS[order.status],
    currency: 'USD',
    date_created: gmt(order.createdAt),
    date_created_gmt: gmt(order.createdAt),
    date_modified: gmt(order.updatedAt),
    date_modified_gmt: gmt(order.updatedAt),
    discount_total: '0.00',
    shipping_total: '0.00',
    total: order.total,
    total_tax: '0.00',
    customer_id: Number(order.buyer.id),
    customer_note: order.note ?? '',
    billing: { first_name: first, last_name: last, email: order.buyer.email ?? '', country: 'US' },
    shipping: { first_name: first, last_name: last, country: 'US' },
    payment_method: 'stripe',
    date_paid_gmt: order.status === 'created' ? null : gmt(order.updatedAt),
    line_items: order.lines.map((line) => ({
      id: Number(line.lineId),
      name: line.product.title,
      // The same id the shop's product.* webhooks carry for this product.
      product_id: Number(emulatedProductId(line.product.sku)),
      quantity: line.quantity,
      sku: line.product.sku,
      subtotal: (Number(line.product.price) * line.quantity).toFixed(2),
      total: (Number(line.product.price) * line.quantity).toFixed(2),
      price: Number(line.product.price),
    })),
    // The Shipment Tracking extension's order meta, once shipped.
    meta_data: order.shipment ? [{ id: Number(order.id) + 7, key: '_wc_shipment_tracking_items', value: [shipmentTrackingItem(order.shipment)] }] : [],
    refunds: order.status === 'refunded' ? [{ id: Number(order.id) + 1, reason: 'Customer request', total: `-${order.total}` }] : [],
  };
}

/** One `_wc_shipment_tracking_items` entry: a listed provider's slug, or a custom provider's name. */
function shipmentTrackingItem(shipment: Shipment): Record<string, string> {
  const slug = NATIVE_CARRIER_CODES.woocommerce[shipment.carrier];
  return {
    tracking_provider: slug,
    custom_tracking_provider: slug ? '' : 'Kuayue Express',
    custom_tracking_link: '',
    tracking_number: shipment.trackingNumber,
    date_shipped: String(Math.floor(Date.now() / 1000)),
    tracking_id: shipment.trackingNumber.slice(-8),
  };
}
