import type { EmulatedOrder, Scenario, ShopifyBuyer } from '../traffic';
import { formatCents, toCents } from '../traffic';
import { toJson } from '../taobao/messages';
import { shopLocalIso } from '../timeFormats';
import { emulatedProductId } from '../productFeed';

/**
 * Renders scenarios as Shopify webhook deliveries in Shopify's own shape: order topics carry
 * the REST Admin API Order resource, refunds/create the Refund resource
 * (https://shopify.dev/docs/api/webhooks). Ids are JSON numbers; order ids are 18 digits,
 * beyond 2^53, as in Shopify's own examples (820982911946154508).
 */

export interface ShopifyDelivery {
  topic: string;
  body: string;
}

export function shopifyDeliveriesFor(scenario: Scenario, shopDomain: string, now: Date): ShopifyDelivery[] {
  if (scenario.kind !== 'order-step') return [];
  const { order, step } = scenario;
  const placedAt = order.placedAt ?? now;
  switch (step) {
    case 'create':
      return [{ topic: 'orders/create', body: toJson(orderResource(order, shopDomain, placedAt, now, { financial_status: 'pending' })) }];
    case 'pay':
      return [{ topic: 'orders/paid', body: toJson(orderResource(order, shopDomain, placedAt, now, { financial_status: 'paid' })) }];
    case 'ship':
      return [
        {
          topic: 'orders/fulfilled',
          body: toJson(orderResource(order, shopDomain, placedAt, now, { financial_status: 'paid', fulfillment_status: 'fulfilled' })),
        },
      ];
    case 'complete':
      return [
        {
          topic: 'orders/updated',
          body: toJson(
            orderResource(order, shopDomain, placedAt, now, { financial_status: 'paid', fulfillment_status: 'fulfilled', closed_at: shopLocalIso(now) }),
          ),
        },
      ];
    case 'cancel':
      return [
        {
          topic: 'orders/cancelled',
          body: toJson(
            orderResource(order, shopDomain, placedAt, now, { financial_status: 'voided', cancelled_at: shopLocalIso(now), cancel_reason: 'customer' }),
          ),
        },
      ];
    case 'refund': {
      const refundId = BigInt(order.id) + 69_000_000_000n;
      return [
        { topic: 'refunds/create', body: toJson(refundResource(order, refundId, now)) },
        // Shopify also announces the refund as an order update with the new financial status.
        {
          topic: 'orders/updated',
          body: toJson({
            ...orderResource(order, shopDomain, placedAt, now, { financial_status: 'refunded' }),
            refunds: [refundResource(order, refundId, now)],
          }),
        },
      ];
    }
  }
}

interface OrderOverrides {
  financial_status: 'pending' | 'paid' | 'refunded' | 'voided';
  fulfillment_status?: 'fulfilled' | null;
  cancelled_at?: string;
  cancel_reason?: string;
  closed_at?: string;
}

function orderResource(order: EmulatedOrder, shopDomain: string, placedAt: Date, now: Date, overrides: OrderOverrides): Record<string, unknown> {
  const buyer = order.buyer as ShopifyBuyer;
  const id = BigInt(order.id);
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    app_id: 580111,
    buyer_accepts_marketing: false,
    cancel_reason: overrides.cancel_reason ?? null,
    cancelled_at: overrides.cancelled_at ?? null,
    closed_at: overrides.closed_at ?? null,
    confirmation_number: `HX${order.number}`,
    confirmed: true,
    contact_email: buyer.email,
    created_at: shopLocalIso(placedAt),
    currency: order.currency,
    current_subtotal_price: order.total,
    current_total_price: overrides.financial_status === 'refunded' ? '0.00' : order.total,
    customer_locale: 'en',
    email: buyer.email,
    financial_status: overrides.financial_status,
    fulfillment_status: overrides.fulfillment_status ?? null,
    name: `#${order.number}`,
    note: order.note,
    number: order.number - 1000,
    order_number: order.number,
    order_status_url: `https://${shopDomain}/orders/${order.id}/authenticate`,
    presentment_currency: order.currency,
    processed_at: shopLocalIso(placedAt),
    source_name: 'web',
    subtotal_price: order.total,
    tags: '',
    test: false,
    total_discounts: '0.00',
    total_line_items_price: order.total,
    total_price: order.total,
    total_tax: '0.00',
    updated_at: shopLocalIso(now),
    // Fictional contact data: 555-01xx numbers are reserved for fiction (NANP).
    phone: null,
    shipping_address: shippingAddressOf(buyer),
    customer: {
      id: BigInt(buyer.customerId),
      email: buyer.email,
      created_at: shopLocalIso(placedAt),
      updated_at: shopLocalIso(now),
      first_name: buyer.firstName,
      last_name: buyer.lastName,
      state: 'enabled',
      verified_email: true,
      currency: order.currency,
      admin_graphql_api_id: `gid://shopify/Customer/${buyer.customerId}`,
    },
    line_items: order.lines.map((line) => ({
      id: BigInt(line.lineId),
      admin_graphql_api_id: `gid://shopify/LineItem/${line.lineId}`,
      fulfillable_quantity: overrides.fulfillment_status === 'fulfilled' ? 0 : line.quantity,
      fulfillment_status: overrides.fulfillment_status ?? null,
      gift_card: false,
      name: line.product.title,
      price: line.product.price,
      // The same id the shop's products/* webhooks carry for this product.
      product_id: Number(emulatedProductId(line.product.sku)),
      product_exists: true,
      quantity: line.quantity,
      requires_shipping: true,
      sku: line.product.sku,
      taxable: true,
      title: line.product.title,
      total_discount: '0.00',
      variant_title: null,
      vendor: 'Huixin Demo Outfitters',
    })),
    fulfillments: overrides.fulfillment_status === 'fulfilled' ? [fulfillmentResource(order, now)] : [],
    refunds: [],
  };
}

const CARRIERS = ['UPS', 'USPS', 'FedEx', 'DHL Express'] as const;

/** A shipped order's fulfillment with tracking, as Shopify embeds it in the order resource. */
function fulfillmentResource(order: EmulatedOrder, now: Date): Record<string, unknown> {
  const digits = order.id.slice(-10);
  const company = CARRIERS[Number(digits) % CARRIERS.length] ?? 'UPS';
  const trackingNumber = company === 'UPS' ? `1Z999AA1${digits}` : `9400${digits}`;
  return {
    id: BigInt(`${order.id.slice(0, 8)}${digits.slice(-8)}`),
    order_id: BigInt(order.id),
    status: 'success',
    created_at: shopLocalIso(now),
    tracking_company: company,
    tracking_number: trackingNumber,
    tracking_numbers: [trackingNumber],
  };
}

function refundResource(order: EmulatedOrder, refundId: bigint, now: Date): Record<string, unknown> {
  return {
    id: refundId,
    order_id: BigInt(order.id),
    admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
    created_at: shopLocalIso(now),
    processed_at: shopLocalIso(now),
    note: 'Customer requested a refund',
    restock: true,
    refund_line_items: order.lines.map((line) => ({
      id: BigInt(line.lineId) + 1n,
      line_item_id: BigInt(line.lineId),
      quantity: line.quantity,
      restock_type: 'return',
      subtotal: formatCents(toCents(line.product.price) * line.quantity),
      total_tax: '0.00',
    })),
    transactions: [{ amount: order.total, currency: order.currency, kind: 'refund', status: 'success', gateway: 'shopify_payments' }],
    order_adjustments: [],
  };
}

/** A stable, fictional shipping address per buyer (555-0100…0199 phone numbers are reserved for fiction). */
export function shippingAddressOf(buyer: ShopifyBuyer): Record<string, string> {
  const n = Number(buyer.customerId.slice(-2));
  return {
    first_name: buyer.firstName,
    last_name: buyer.lastName,
    name: `${buyer.firstName} ${buyer.lastName}`,
    address1: `${100 + n} Example Street`,
    address2: '',
    city: 'Springfield',
    province: 'Oregon',
    province_code: 'OR',
    zip: '97477',
    country: 'United States',
    country_code: 'US',
    phone: `+1 541-555-01${String(n).padStart(2, '0')}`,
  };
}
