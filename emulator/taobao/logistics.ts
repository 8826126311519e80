import { NATIVE_CARRIER_CODES } from '../shipments';
import type { EmulatedOrder } from '../traffic';

/**
 * `taobao.logistics.orders.get` (public TOP API, 批量查询物流订单) as the emulated gateway
 * answers it from its own orders: one Shipping per shipped trade, with the carrier written as
 * Taobao names it (`company_name` "圆通速递") and the waybill as `out_sid`. Only the fields the
 * caller asked for are returned, as TOP does; `tid` is written as a JSON number.
 */

/** Shipping fields the emulator can fill (a subset of TOP's Shipping). */
const SHIPPING_FIELDS = ['tid', 'out_sid', 'company_name', 'status', 'seller_confirm', 'buyer_nick', 'item_title', 'type'] as const;

export function logisticsOrdersAnswer(orders: readonly EmulatedOrder[], requestedFields: string): { total_results: number; shippings: { shipping: Array<Record<string, unknown>> } } {
  const asked = new Set(requestedFields.split(',').map((field) => field.trim()));
  const shipping = orders.flatMap((order) => {
    if (!order.shipment) return [];
    const full: Record<(typeof SHIPPING_FIELDS)[number], unknown> = {
      tid: BigInt(order.id),
      out_sid: order.shipment.trackingNumber,
      company_name: NATIVE_CARRIER_CODES.taobao[order.shipment.carrier],
      // Waybill status: the carrier has taken the parcel in (揽收成功).
      status: 'TAKEN_IN_SUCCESS',
      seller_confirm: 'yes',
      buyer_nick: order.buyer.kind === 'taobao' ? order.buyer.nick : order.buyer.email,
      item_title: order.lines[0]?.product.title ?? '',
      type: 'express',
    };
    return [Object.fromEntries(SHIPPING_FIELDS.filter((field) => asked.has(field)).map((field) => [field, full[field]]))];
  });
  return { total_results: shipping.length, shippings: { shipping } };
}
